"""config.json's ner.files: SHA-256 and size of every file a bundle names (docs/bundle-format.md)."""
from __future__ import annotations

import hashlib
import json
import os


def file_digests(out_dir: str, ner: dict) -> dict:
    """config.json's ner.files: SHA-256 and size of every file the bundle names, so a reader can
    tell files of two versions apart (src/core/bundle verifyBundleFiles)."""
    paths = [ner.get("onnx", "onnx/model.onnx"), ner.get("onnx_quantized"), ner.get("crf", "crf.json"),
             ner.get("tokenizer", "tokenizer.json"), "tokenizer_config.json"] + [s["crf"] for s in ner.get("tag_sets", [])]
    out = {}
    for rel in sorted({p for p in paths if p}):
        with open(os.path.join(out_dir, rel), "rb") as f:
            data = f.read()
        out[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    return out


def stamp(out_dir: str) -> dict:
    """Writes ner.files into an existing bundle's config.json (a bundle written before it existed)."""
    path = os.path.join(out_dir, "config.json")
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    config["ner"]["files"] = file_digests(out_dir, config["ner"])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
    return config["ner"]["files"]
