"""Where an encoder's attention goes: per layer and head, the mean entropy of the attention rows, the
mean weight of each row's largest entry, and the most common offset of that entry (-1: the token before).

    cd tools && /usr/bin/python3 -m kner.attention runs/mlm-cpu/encoder.pt checkpoints/kmou-klue-bert-crf-v3.1.pt

Any checkpoint with an encoder: a kner.mlm encoder file ({"mlm": ...}), a kner.joint or kner.train
checkpoint ({"model": ...}). Rows: 16 packed rows of 128 tokens from the KMOU train split's text.

Why it exists: masked-LM pretraining from a fresh encoder sat on a loss plateau on the CPU (and on a
GPU); this shows the reason. A working encoder's first layers have heads that look at the next or the
previous syllable (entropy near 0.3-1.6 nats, offsets -1 / +1); an encoder stuck on the plateau attends
nearly uniformly (entropy near log(128) = 4.85): it sees a bag of syllables, and its predictions barely
depend on the context (checkpoints/mlm.md).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import torch

from .corpus import read_corpus
from .mlm import DATA, TOKENIZER, pack_rows
from .model import BertConfig, BertModel, BertSelfAttention, encoder_weights
from .tokenizer import SyllableTokenizer


def encoder_of(path: str) -> BertModel:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    weights = ck["mlm"] if "mlm" in ck else ck["model"]
    bert = BertModel(BertConfig(**ck["config"]))
    bert.load_state_dict(encoder_weights(weights))
    return bert.eval()


@torch.no_grad()
def attention_summary(bert: BertModel, ids: torch.Tensor) -> list[list[tuple[float, float, int]]]:
    """For each layer, for each head: (mean row entropy in nats, mean largest weight, most common offset)."""
    out: list[list[tuple[float, float, int]]] = []

    def hook(mod: BertSelfAttention, inp, _):
        x = inp[0]
        b, n, _ = x.shape

        def split(t):
            return t.view(b, n, mod.heads, mod.head_dim).transpose(1, 2)

        a = (split(mod.query(x)) @ split(mod.key(x)).transpose(-1, -2) / math.sqrt(mod.head_dim)).softmax(-1)
        entropy = -(a * (a + 1e-12).log()).sum(-1).mean((0, 2))
        top = a.max(-1)
        offset = top.indices - torch.arange(n)
        out.append([(entropy[h].item(), top.values[:, h].mean().item(), int(torch.mode(offset[:, h].flatten()).values))
                    for h in range(mod.heads)])

    hooks = [m.register_forward_hook(hook) for m in bert.modules() if isinstance(m, BertSelfAttention)]
    try:
        bert(ids, None)
    finally:
        for h in hooks:
            h.remove()
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoints", nargs="+")
    p.add_argument("--data", default=DATA)
    p.add_argument("--rows", type=int, default=16)
    a = p.parse_args(argv)
    with open(TOKENIZER, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    if not os.path.isdir(os.path.join(a.data, "kmou-ner")):
        sys.exit(f"no KMOU corpus under {a.data} (--data)")
    text = [s.text for s in read_corpus(a.data)["train"][:2000]]
    ids = torch.as_tensor(pack_rows(text, tok, 128)[: a.rows])
    for path in a.checkpoints:
        print(f"{path}  (entropy of uniform attention over 128 tokens: {math.log(128):.2f})")
        for layer, heads in enumerate(attention_summary(encoder_of(path), ids)):
            print(f"  layer {layer}: " + "  ".join(f"H {e:.2f} max {m:.2f} offset {o:+d}" for e, m, o in heads))


if __name__ == "__main__":
    main()
