"""Write a model bundle (docs/bundle-format.md): ONNX emissions, crf.json, tokenizer, config, card."""
from __future__ import annotations

import json
import os

import torch

from .model import BertCRF, EmissionModel
from .digests import file_digests, stamp
from .quantize import quantize_file

OPSET = 14


HIDDEN_OUTPUT = "hidden"


def export_onnx(model: BertCRF, path: str, with_token_types: bool, outputs: list[str] | None = None,
                with_hidden: bool = False) -> None:
    """outputs: the ONNX output names, one per tag set of a kner.joint model (in its tag-set order);
    ["logits"] for a model of one tag set. with_hidden: the encoder's last hidden states as a last
    output, HIDDEN_OUTPUT, [batch, sequence, hidden_size]."""
    model.eval()
    outputs = list(outputs or ["logits"]) + ([HIDDEN_OUTPUT] if with_hidden else [])
    wrapper = EmissionModel(model, with_token_types, with_hidden)
    ids = torch.tensor([[2, 5, 6, 7, 3], [2, 5, 6, 3, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    args = (ids, mask, torch.zeros_like(ids)) if with_token_types else (ids, mask)
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if with_token_types else [])
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    for name in outputs:
        axes[name] = {0: "batch", 1: "sequence"}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(wrapper, args, path, input_names=names, output_names=outputs,
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def quantize_int8(src: str, dst: str, model: BertCRF | None = None, calibration_rows: list[list[int]] | None = None) -> bool:
    """int8 quantization (ONNX Runtime's MatMulInteger patterns) with kner.quantize: activation scales
    from calibration windows run through the model when given (kner.calibrate), else per call.

    The bundle names the int8 file in config.json (ner.onnx_quantized) and the apps run it by
    default; `npm run eval` (and its test) checks that its F1 stays within 0.5 points of fp32.
    """
    if calibration_rows:
        from .calibrate import calibrate_file
        return calibrate_file(model, calibration_rows, src, dst) > 0
    return quantize_file(src, dst) > 0


def crf_json(crf, labels: list[str]) -> dict:
    """crf.json's content; refuses a non-finite transition (a BIO-constrained CRF's -inf is the decoder's
    business, src/core/crf/bio-constraints.ts, and JSON has no Infinity)."""
    params = torch.cat([crf.start_transitions.flatten(), crf.end_transitions.flatten(), crf.transitions.flatten()])
    if not torch.isfinite(params).all():
        raise ValueError("the CRF has non-finite transitions (a BIO-constrained copy?): export the trained CRF")
    return {
        "labels": labels,
        "start_transitions": [round(float(x), 7) for x in crf.start_transitions],
        "end_transitions": [round(float(x), 7) for x in crf.end_transitions],
        "transitions": [[round(float(x), 7) for x in row] for row in crf.transitions],
    }


def tag_set_files(name: str, first: bool) -> tuple[str, str]:
    """(crf file, ONNX output) of a tag set: the first one's are crf.json and logits, as in a bundle of one."""
    return ("crf.json", "logits") if first else (f"crf-{name}.json", f"logits_{name}")


def write_bundle(out_dir: str, model: BertCRF, labels: list[str], tokenizer_json: dict, tokenizer_config: dict,
                 meta: dict, with_token_types: bool = False, max_seq_length: int = 512,
                 special_tokens: dict | None = None, card: str | None = None, int8: bool = True,
                 calibration_rows: list[list[int]] | None = None, tag_sets: list[dict] | None = None,
                 with_hidden: bool = False, int8_only: bool = False) -> None:
    """tag_sets: for a kner.joint model, [{"name", "title", "license"?}] in the model's tag-set order (the
    first is the default; its labels are `labels`); each gets its CRF file and ONNX output (tag_set_files).
    with_hidden: the ONNX file also outputs the encoder's last hidden states (config ner.hidden_output).
    int8_only: ship the int8 file alone (ner.onnx and ner.onnx_quantized both name it; the fp32 file is
    deleted): a second built-in bundle at a third of the size, every backend runs the int8 file."""
    os.makedirs(out_dir, exist_ok=True)
    c = model.bert.config
    onnx_rel = "onnx/model.onnx"
    sets = []
    for i, ts in enumerate(tag_sets or []):
        crf_file, output = tag_set_files(ts["name"], i == 0)
        sets.append({**ts, "labels": model.tag_sets[ts["name"]], "crf": crf_file, "output": output})
    if sets and sets[0]["labels"] != labels:
        raise ValueError(f"the first tag set ({sets[0]['name']}) is the default: its labels must be `labels`")
    export_onnx(model, os.path.join(out_dir, onnx_rel), with_token_types, [s["output"] for s in sets] or None, with_hidden)
    if sets:
        for s in sets:
            with open(os.path.join(out_dir, s["crf"]), "w") as f:
                json.dump(crf_json(model.crfs[s["name"]], s["labels"]), f)
    else:
        with open(os.path.join(out_dir, "crf.json"), "w") as f:
            json.dump(crf_json(model.crf, labels), f)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json, f, ensure_ascii=False)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump(tokenizer_config, f, indent=2)
    config = {
        "model_type": "bert",
        "architectures": ["BertForTokenClassification"],
        "id2label": {str(i): l for i, l in enumerate(labels)},
        "label2id": {l: i for i, l in enumerate(labels)},
        "vocab_size": c.vocab_size,
        "hidden_size": c.hidden_size,
        "num_hidden_layers": c.num_hidden_layers,
        "num_attention_heads": c.num_attention_heads,
        "intermediate_size": c.intermediate_size,
        "max_position_embeddings": c.max_position_embeddings,
        "type_vocab_size": c.type_vocab_size,
        "hidden_act": "gelu",
        "layer_norm_eps": c.layer_norm_eps,
        "ner": {
            "format_version": 1,
            **meta,
            "labels": labels,
            "max_seq_length": min(max_seq_length, c.max_position_embeddings),
            "special_tokens": special_tokens or {"cls": "[CLS]", "sep": "[SEP]", "pad": "[PAD]", "unk": "[UNK]"},
            "model_inputs": ["input_ids", "attention_mask"] + (["token_type_ids"] if with_token_types else []),
            "onnx": onnx_rel,
            "crf": "crf.json",
            "tokenizer": "tokenizer.json",
            "parameters": sum(p.numel() for p in model.parameters()),
        },
    }
    if with_hidden:
        config["ner"]["hidden_output"] = HIDDEN_OUTPUT
    if sets:
        config["ner"]["tag_sets"] = sets
        config["ner"]["default_tag_set"] = sets[0]["name"]
    if int8 and quantize_int8(os.path.join(out_dir, onnx_rel), os.path.join(out_dir, "onnx/model_quantized.onnx"),
                              model, calibration_rows):
        config["ner"]["onnx_quantized"] = "onnx/model_quantized.onnx"
        # static: each window's logits depend on that window alone, so the app may batch any windows together
        config["ner"]["onnx_quantized_activations"] = "static" if calibration_rows else "dynamic"
        if int8_only:
            os.remove(os.path.join(out_dir, onnx_rel))
            config["ner"]["onnx"] = config["ner"]["onnx_quantized"]
    elif int8_only:
        raise ValueError("int8_only: the int8 file could not be written")
    config["ner"]["files"] = file_digests(out_dir, config["ner"])
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
    if card:
        with open(os.path.join(out_dir, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
            f.write(card)


if __name__ == "__main__":  # python3 -m kner.export --stamp public/models/default
    import argparse

    p = argparse.ArgumentParser(description="Stamp a bundle's config.json with its files' digests (ner.files).")
    p.add_argument("--stamp", required=True, metavar="BUNDLE_DIR")
    for rel, d in stamp(p.parse_args().stamp).items():
        print(f"{rel}: {d['bytes']:,} bytes, sha256 {d['sha256'][:16]}...")
