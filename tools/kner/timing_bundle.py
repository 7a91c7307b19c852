"""A bundle of any encoder size with random weights, for timing only (`npm run bench:models`).

    cd tools && /usr/bin/python3 -m kner.timing_bundle --layers 6 --hidden 256 --out /tmp/bundle-6x256

Model time does not depend on the weights, so a size can be priced against the browser budget
before hours are spent training it. The vocabulary is the default bundle's (so the bench text
tokenizes the same), the labels are kner.corpus's, the token-type table as large as that bundle's, and the int8 file is written as for a real
bundle (kner.quantize). Its entities mean nothing: the card and the id say so.
"""
from __future__ import annotations

import argparse
import json
import os

import torch

from .corpus import LABELS
from .export import write_bundle
from .model import BertConfig, BertCRF
from .tokenizer import SyllableTokenizer

DEFAULT_BUNDLE = os.path.join(os.path.dirname(__file__), "..", "..", "public", "models", "default")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--layers", type=int, required=True)
    p.add_argument("--hidden", type=int, required=True)
    p.add_argument("--out", required=True, metavar="BUNDLE_DIR")
    p.add_argument("--tokenizer-from", default=DEFAULT_BUNDLE, metavar="BUNDLE_DIR")
    p.add_argument("--max-seq-length", type=int, default=128)
    a = p.parse_args(argv)
    if a.hidden % 64:
        p.error(f"expected --hidden to be a multiple of 64 (heads of 64), got {a.hidden}")
    with open(os.path.join(a.tokenizer_from, "tokenizer.json"), encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    with open(os.path.join(a.tokenizer_from, "config.json"), encoding="utf-8") as f:
        type_vocab_size = json.load(f).get("type_vocab_size", 1)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=a.hidden, num_hidden_layers=a.layers,
                        num_attention_heads=a.hidden // 64, intermediate_size=4 * a.hidden,
                        type_vocab_size=type_vocab_size)
    model = BertCRF(config, len(LABELS))
    size = f"{a.layers}x{a.hidden}"
    write_bundle(a.out, model, LABELS, tok.to_hf_json(), tok.tokenizer_config(a.max_seq_length),
                 {"id": f"timing-{size}", "name": f"timing only: random {size} encoder", "version": "0",
                  "license": "none (random weights)", "metrics": {}},
                 card=f"# Timing only\n\nA {size} encoder with random weights (kner.timing_bundle): its entities mean nothing.\n",
                 max_seq_length=a.max_seq_length)
    print(f"{a.out}: {size}, {sum(p.numel() for p in model.parameters()):,} parameters")


if __name__ == "__main__":
    main()
