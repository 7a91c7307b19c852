"""Grow a trained kner.joint encoder deeper: insert a copy of one of its layers (progressive stacking).

    /usr/bin/python3 -m kner.grow checkpoints/kmou-klue-bert-crf-v3.2.pt --after 2 --out runs/grow/init.pt [--score]

The copy goes right after the layer it copies, so layer k+1 first sees what layer k made and applies the
same transform again; fine-tuning (`kner.joint --init OUT`) then lets the two drift apart. Starting a
deeper model from a trained shallower one keeps what the shallow one learnt (its attention patterns, its
heads and CRFs), where a fresh deep encoder would have to learn everything again (Gong et al. 2019,
"Efficient training of BERT by progressively stacking"; depth up-scaling as SOLAR 2023).

`--score` scores the grown model on the validation splits as kner.joint selects (no dev or test split),
which is how to choose `--after`.
"""
from __future__ import annotations

import argparse
import json
import os

import torch

from .tokenizer import SyllableTokenizer
from .train import DATA

LAYER = "bert.encoder.layer."


def grow(ck: dict, after: int) -> dict:
    """A copy of `ck` with layer `after` duplicated into position after+1 (later layers shift by one)."""
    n = ck["config"]["num_hidden_layers"]
    if not 0 <= after < n:
        raise SystemExit(f"--after {after}: the encoder has layers 0..{n - 1}")
    model = {}
    for k, v in ck["model"].items():
        if not k.startswith(LAYER):
            model[k] = v.clone()
            continue
        i, rest = k[len(LAYER):].split(".", 1)
        i = int(i)
        model[f"{LAYER}{i + 1 if i > after else i}.{rest}"] = v.clone()
        if i == after:
            model[f"{LAYER}{i + 1}.{rest}"] = v.clone()
    out = {key: val for key, val in ck.items() if key not in ("model", "valid", "selection", "averaged")}
    out["model"] = model
    out["config"] = {**ck["config"], "num_hidden_layers": n + 1}
    out["grown"] = {"from_layers": n, "copied_layer": after}
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="a kner.joint checkpoint (best.pt layout)")
    p.add_argument("--after", type=int, required=True, help="the layer to copy (0-based); the copy follows it")
    p.add_argument("--out", required=True)
    p.add_argument("--score", action="store_true", help="score on the validation splits as kner.joint selects")
    p.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "..", "checkpoints", "kmou-syllable-tokenizer.json"))
    p.add_argument("--data", default=DATA)
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    ck = torch.load(a.checkpoint, map_location="cpu", weights_only=False)
    if "tag_sets" not in ck:
        raise SystemExit(f"{a.checkpoint}: not a kner.joint checkpoint")
    grown = grow(ck, a.after)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    if a.score:
        from .average import score_joint
        with open(a.tokenizer, encoding="utf-8") as f:
            tok = SyllableTokenizer.from_hf_json(json.load(f))
        scored = score_joint(grown, tok, a)  # saves it with its selection
    else:
        torch.save(grown, a.out)
        scored = a.out
    print(f"{a.checkpoint}: layer {a.after} copied, {grown['config']['num_hidden_layers']} layers: {scored}")


if __name__ == "__main__":
    main()
