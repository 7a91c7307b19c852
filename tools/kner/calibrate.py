"""Static int8 activation scales: the range of every weight MatMul's input, measured on calibration
text with the torch model, then the bundle's int8 file rewritten with them (kner.quantize).

Why: with scales computed per call (dynamic quantization), a window's logits depend on the other
windows of its call, so the app must not batch windows of different sentence groups together; with
static scales each window's logits depend on that window alone (kner.quantize's docstring).

The ranges are the minimum and maximum over the calibration windows (text from the KMOU train split,
never dev): an activation outside them saturates at the end of the range.

Usage (from tools/):
    /usr/bin/python3 -m kner.calibrate --bundle ../public/models/default --checkpoint checkpoints/kmou-syllable-bert-crf.pt
    (rewrites DIR/onnx/model_quantized.onnx from DIR/onnx/model.onnx, sets config.json
     ner.onnx_quantized_activations to "static" and stamps the digests; check F1 with `npm run eval`)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, numpy_helper

from .model import BertCRF
from .tokenizer import CLS, SEP, SyllableTokenizer

# calibration windows: enough for the ranges to settle (they moved < 2% from 150 to 300 texts of 4 sentences)
DEFAULT_TEXTS = 300


def calibration_rows(tok: SyllableTokenizer, texts: list[str], max_seq_length: int) -> list[list[int]]:
    """Token id windows as the app cuts them at most: [CLS] + up to max_seq_length - 2 tokens + [SEP]."""
    body = max_seq_length - 2
    rows = []
    for text in texts:
        ids, _ = tok.encode_with_offsets(text)
        for start in range(0, len(ids), body):
            rows.append([CLS] + ids[start:start + body] + [SEP])
    return rows


@torch.no_grad()
def linear_input_ranges(model: BertCRF, rows: list[list[int]]) -> dict[torch.nn.Linear, tuple[float, float]]:
    """(min, max) of each nn.Linear's input over the rows, run one at a time (no padding in the ranges)."""
    if not rows:
        raise ValueError("expected at least one calibration window, got none")
    ranges: dict[torch.nn.Linear, tuple[float, float]] = {}

    def hook(module, inputs, _output):
        x = inputs[0]
        lo, hi = float(x.min()), float(x.max())
        old = ranges.get(module)
        ranges[module] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, torch.nn.Linear)]
    try:
        model.eval()
        for row in rows:
            ids = torch.tensor([row])
            # every head of a kner.joint model (its tag sets), the one head of a BertCRF
            getattr(model, "all_emissions", model.emissions)(ids, torch.ones_like(ids), None)
    finally:
        for handle in handles:
            handle.remove()
    return ranges


def ranges_by_weight(onnx_model: onnx.ModelProto, model: BertCRF,
                     ranges: dict[torch.nn.Linear, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The ranges keyed by the ONNX initializer of each Linear's weight (the exporter stores W^T; found by value).
    Linears with equal weights (a grown encoder's copied layer before fine-tuning: kner.grow) may share one
    initializer: it gets the union of their ranges, which covers every input it multiplies."""
    by_shape: dict[tuple[int, ...], list[tuple[np.ndarray, tuple[float, float]]]] = {}
    for module, value_range in ranges.items():
        weight_t = module.weight.detach().numpy().T
        by_shape.setdefault(weight_t.shape, []).append((weight_t, value_range))
    out: dict[str, tuple[float, float]] = {}
    consumed = {node.input[1] for node in onnx_model.graph.node if node.op_type == "MatMul" and len(node.input) == 2}
    for init in onnx_model.graph.initializer:
        if init.name not in consumed or init.data_type != TensorProto.FLOAT or len(init.dims) != 2:
            continue
        weight = numpy_helper.to_array(init)
        matches = [value_range for candidate, value_range in by_shape.get(weight.shape, []) if np.array_equal(candidate, weight)]
        if not matches:
            raise ValueError(f"expected the ONNX weight {init.name!r} to be a torch Linear's weight, found none")
        out[init.name] = (min(low for low, _ in matches), max(high for _, high in matches))
    return out


def calibrate_file(model: BertCRF, rows: list[list[int]], src: str, dst: str) -> int:
    """Writes the static int8 model of the fp32 ONNX file src to dst; returns the MatMuls rewritten."""
    from .quantize import quantize_file
    onnx_model = onnx.load(src)
    return quantize_file(src, dst, activation_ranges=ranges_by_weight(onnx_model, model, linear_input_ranges(model, rows)))


def train_texts(data: str, count: int) -> list[str]:
    """Texts of 4 neighbouring train sentences (as the app's sentence groups), a fixed sample."""
    from .corpus import read_corpus
    from .data import join_documents
    docs = join_documents(read_corpus(data)["train"], 4)
    random.Random(0).shuffle(docs)
    return [doc.text for doc in docs[:count]]


def main(argv: list[str]) -> int:
    from .compare import load
    from .train import DATA
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", required=True, help="bundle folder with onnx/model.onnx")
    parser.add_argument("--checkpoint", required=True, help="the torch checkpoint the bundle was exported from")
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--texts", type=int, default=DEFAULT_TEXTS)
    a = parser.parse_args(argv)
    torch.set_num_threads(1)
    config_path = os.path.join(a.bundle, "config.json")
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    with open(os.path.join(a.bundle, "tokenizer.json"), encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    model = load(a.checkpoint)
    rows = calibration_rows(tok, train_texts(a.data, a.texts), config["ner"]["max_seq_length"])
    src = os.path.join(a.bundle, config["ner"]["onnx"])
    dst = os.path.join(a.bundle, config["ner"].get("onnx_quantized", "onnx/model_quantized.onnx"))
    rewritten = calibrate_file(model, rows, src, dst)
    config["ner"]["onnx_quantized"] = os.path.relpath(dst, a.bundle)
    config["ner"]["onnx_quantized_activations"] = "static"
    with open(config_path, "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
    from .digests import stamp
    if "files" in config["ner"]:
        stamp(a.bundle)
    print(f"{dst}: {rewritten} MatMuls int8 with static activation scales from {len(rows)} windows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
