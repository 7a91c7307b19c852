"""Golden files for the TypeScript side, from this project's PyTorch CRF and model (kner.model).

- src/core/crf/__golden__/*.json: CRF parameters, emissions, masks, Viterbi paths, marginals
  (format in src/core/crf/golden.test.ts).
- src/runtime/__golden__/tiny-random.json: texts, token ids, and the torch logits of the
  tiny-random bundle (public/models/tiny-random), for the ONNX-vs-torch check (1e-4,
  src/runtime/ort-node.test.ts).

Usage: /usr/bin/python3 tools/make_goldens.py
"""
import json
import os

import torch

from kner.corpus import LABELS
from kner.model import CRF
from make_tiny_bundle import build_tiny

ROOT = os.path.join(os.path.dirname(__file__), "..")


def r(t, nd=6):
    return [r(x, nd) for x in t] if isinstance(t, list) else round(float(t), nd)


def marginals64(crf: CRF, emissions, mask) -> list:
    """Marginals computed in float64: the reference, free of float32 rounding at large scores."""
    crf64 = CRF(crf.num_tags).double()
    crf64.load_state_dict({k: v.double() for k, v in crf.state_dict().items()})
    return crf64.marginals(emissions.double(), mask).tolist()


def crf_case(num_tags: int, batch: int, seq: int, lengths: list[int], scale: float, seed: int) -> dict:
    torch.manual_seed(seed)
    crf = CRF(num_tags)
    with torch.no_grad():
        for p in crf.parameters():
            p.normal_(0, 1.0)
    emissions = torch.randn(batch, seq, num_tags) * scale
    mask = torch.tensor([[1] * n + [0] * (seq - n) for n in lengths])
    # round parameters first so TypeScript sees exactly what torch used
    emissions = torch.tensor(r(emissions.tolist()))
    with torch.no_grad():
        for p in crf.parameters():
            p.copy_(torch.tensor(r(p.tolist())))
    return {
        "start_transitions": crf.start_transitions.tolist(),
        "end_transitions": crf.end_transitions.tolist(),
        "transitions": crf.transitions.tolist(),
        "emissions": emissions.tolist(),
        "mask": mask.tolist(),
        "viterbi": crf.decode(emissions, mask),
        "marginals": r(marginals64(crf, emissions, mask)),
    }


def main():
    out = os.path.join(ROOT, "src", "core", "crf", "__golden__")
    os.makedirs(out, exist_ok=True)
    cases = {
        "random-5-tags.json": crf_case(5, 4, 9, [9, 5, 1, 7], 2.0, 1),
        "random-21-tags.json": crf_case(21, 3, 40, [40, 23, 2], 3.0, 2),
    }
    # the tiny-random bundle's own CRF over its own emissions for real sentences
    model, tok = build_tiny()
    texts = ["김병현은 4회말에 마운드에 올랐다.", "서울특별시 종로구에서 2024년 3월 1일 오후 3시에 만났다.", "삼성전자는 10억 원을 투자했다."]
    seqs = [[2] + tok.encode(t) + [3] for t in texts]
    n = max(len(s) for s in seqs)
    ids = torch.tensor([s + [0] * (n - len(s)) for s in seqs])
    mask = (ids != 0).long()
    with torch.no_grad():
        logits = model.emissions(ids, mask)
    crf = model.crf
    cases["tiny-random-bundle.json"] = {
        "labels": LABELS,
        "start_transitions": crf.start_transitions.tolist(),
        "end_transitions": crf.end_transitions.tolist(),
        "transitions": crf.transitions.tolist(),
        "emissions": logits.tolist(),
        "mask": mask.tolist(),
        "viterbi": crf.decode(logits, mask),
        "marginals": r(marginals64(crf, logits, mask)),
    }
    for name, case in cases.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(case, f)
    rt = os.path.join(ROOT, "src", "runtime", "__golden__")
    os.makedirs(rt, exist_ok=True)
    with open(os.path.join(rt, "tiny-random.json"), "w", encoding="utf-8") as f:
        json.dump({"bundle": "public/models/tiny-random", "texts": texts, "input_ids": ids.tolist(),
                   "attention_mask": mask.tolist(), "logits": r(logits.tolist()),
                   "viterbi": crf.decode(logits, mask)}, f, ensure_ascii=False)
    print("wrote", out, rt)


if __name__ == "__main__":
    main()
