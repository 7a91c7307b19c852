"""The whole path, data -> trained bundle -> the TypeScript CLI, on a small slice (the --quick build)."""
import hashlib
import json
import os
import shutil
import subprocess

import pytest

from conftest import DATA, TOOLS, needs_data

ROOT = os.path.abspath(os.path.join(TOOLS, ".."))


@needs_data("kmou-ner/raw", "corpora/klue_train_sentences.txt", "corpora/nsmc_reviews.txt")
def test_quick_build_writes_a_bundle_the_typescript_cli_runs(tmp_path):
    run, out = tmp_path / "run", tmp_path / "bundle"
    subprocess.run(["/usr/bin/python3", "-m", "kner.build", "--quick", "--run", str(run), "--out", str(out)],
                   cwd=TOOLS, check=True, env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"})
    for name in ["config.json", "crf.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx", "MODEL_CARD.md"]:
        assert (out / name).exists(), name
    config = json.loads((out / "config.json").read_text())
    assert config["ner"]["labels"][0] == "O" and len(config["ner"]["labels"]) == 21
    assert 0.0 <= config["ner"]["metrics"]["dev_entity_f1"] <= 1.0
    assert "non-commercial" in (out / "MODEL_CARD.md").read_text()
    # ner.files: every file the bundle names, with the SHA-256 and size readers check them by
    files = config["ner"]["files"]
    assert set(files) == {"onnx/model.onnx", "onnx/model_quantized.onnx", "crf.json", "tokenizer.json", "tokenizer_config.json"}
    for rel, digest in files.items():
        data = (out / rel).read_bytes()
        assert digest == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}, rel
    if shutil.which("npx") and os.path.isdir(os.path.join(ROOT, "node_modules")):
        text = "김병현은 4회말에 마운드에 올랐다.\n서울에서 만났다.\n"
        res = subprocess.run(["npx", "tsx", "src/cli/ner.ts", "--model", str(out)], cwd=ROOT, input=text,
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        docs = [json.loads(l) for l in res.stdout.splitlines()]
        assert [d["text"] for d in docs] == text.splitlines()
        for d in docs:
            for e in d["entities"]:
                assert d["text"][e["start"]:e["end"]] == e["text"]
