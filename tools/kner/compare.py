"""Compare checkpoints on the validation split carved from train (never the dev split):

    cd tools && /usr/bin/python3 -m kner.compare checkpoints/kmou-syllable-bert-crf.pt runs/v2-aug/best.pt

Per checkpoint: strict entity F1 on valid sentences and on 4-sentence valid texts; recall of the
PER / ORG / LOC entities whose surface never occurs as an entity in train (the proxy for text from
other sources, where most names are new) next to the recall of those seen in train; and how bare
country names are labelled (the two training sources disagree on them; see kner.augment).

Runs trained with `kner.train --hold-out-source S` are compared on their own split: the same
`--hold-out-source S --valid-limit N` here trains "seen" on the kept source and validates on the other:

    cd tools && /usr/bin/python3 -m kner.compare --hold-out-source exobrain --tokenizer runs/xsrc-000xx-control/tokenizer.json \
        runs/xsrc-000xx-control/step3000.pt runs/xsrc-000xx-levers/step3000.pt
"""
from __future__ import annotations

import argparse
import collections
import json
import os

import torch

from .augment import SOURCE_GUIDELINE, SOURCE_OTHER
from .corpus import LABELS, read_corpus
from .data import join_documents, make_examples
from .model import BertConfig, BertCRF, bio_constrained
from .tokenizer import SyllableTokenizer
from .train import DATA, HOLD_OUT_SOURCES, cross_source_split, entity_surfaces, evaluate, unseen_recall

COUNTRIES = set("한국 남한 북한 미국 중국 일본 러시아 영국 프랑스 독일 이탈리아 스페인 캐나다 호주 인도 브라질 "
                "멕시코 이란 이라크 이스라엘 이집트 터키 베트남 태국 필리핀 인도네시아 대만 싱가포르 대한민국".split())


def country_breakdown(sentences, predictions: dict) -> dict[str, tuple[int, int, int]]:
    """For the gold ORG and LOC entities, split into bare country names and the rest: per group
    (e.g. "LOC country"), (count, found with the gold type, found as the other of ORG/LOC). Where
    a model trained on one source's convention meets another's, the third figure is the convention,
    not a missed name."""
    other = {"ORG": "LOC", "LOC": "ORG"}
    out: dict[str, list[int]] = {}
    for s in sentences:
        got = predictions.get(s.id, ())
        for x in s.entities:
            if x.label not in other:
                continue
            key = f"{x.label} {'country' if s.text[x.start:x.end] in COUNTRIES else 'other'}"
            row = out.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += (x.start, x.end, x.label) in got
            row[2] += (x.start, x.end, other[x.label]) in got
    return {k: tuple(v) for k, v in sorted(out.items())}


def load(path: str) -> BertCRF:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    model = BertCRF(BertConfig(**ck["config"]), len(ck["labels"]))
    model.load_state_dict(ck["model"])
    model.crf = bio_constrained(model.crf, LABELS)  # decode as the TypeScript pipeline does
    return model.eval()


def report(path: str, tok: SyllableTokenizer, splits, token_type: int = SOURCE_GUIDELINE) -> None:
    model = load(path)
    seen = entity_surfaces(splits["train"])
    valid = make_examples(splits["valid"], tok, 256)
    predictions: dict = {}
    p, r, f1 = evaluate(model, valid, predictions=predictions, token_type=token_type).micro()
    f1_docs = evaluate(model, make_examples(join_documents(splits["valid"], 4), tok, 256), token_type=token_type).micro()[2]
    countries = collections.Counter(label for s in splits["valid"] for start, end, label in predictions.get(s.id, ())
                                    if s.text[start:end] in COUNTRIES)
    print(f"{path} (token type {token_type}): valid sentences P {p:.4f} R {r:.4f} F1 {f1:.4f}; 4-sentence texts F1 {f1_docs:.4f}")
    for label in ("PER", "ORG", "LOC"):
        parts = []
        for kind, unseen in (("unseen", True), ("seen", False)):
            rec, n = unseen_recall(splits["valid"], predictions, seen, (label,), unseen)
            parts.append(f"{kind} {rec:.4f} of {n}")
        print(f"  {label} recall: " + ", ".join(parts))
    rec, n = unseen_recall(splits["valid"], predictions, seen)
    print(f"  unseen PER/ORG/LOC recall {rec:.4f} of {n}; bare country names predicted as "
          + ", ".join(f"{k} {v}" for k, v in sorted(countries.items())))
    gold = collections.Counter(x.label for s in splits["valid"] for x in s.entities if s.text[x.start:x.end] in COUNTRIES)
    print("  gold ORG/LOC, bare country names apart (count: found with the gold type / as the other type): "
          + "; ".join(f"{k} {n}: {hit / n:.3f} / {swap / n:.3f}" for k, (n, hit, swap)
                      in country_breakdown(splits["valid"], predictions).items()))
    if token_type == SOURCE_GUIDELINE and model.bert.embeddings.token_type_embeddings.num_embeddings > 1:
        print(f"  (valid's gold country labels: {dict(sorted(gold.items()))}; the same with the valid files' own source type:)")
        report(path, tok, splits, token_type=SOURCE_OTHER)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoints", nargs="+")
    p.add_argument("--data", default=DATA)
    p.add_argument("--tokenizer", default=None, help="default: the checkpoints' tokenizer in tools/checkpoints")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--hold-out-source", choices=sorted(HOLD_OUT_SOURCES), help="compare on kner.train's cross-source split")
    p.add_argument("--valid-limit", type=int, default=1500, help="with --hold-out-source: validation sentences at most")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    path = a.tokenizer or os.path.join(os.path.dirname(__file__), "..", "checkpoints", "kmou-syllable-tokenizer.json")
    with open(path, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    splits = read_corpus(a.data)
    if a.hold_out_source:
        splits = cross_source_split(splits, a.hold_out_source, a.valid_limit)
    for ck in a.checkpoints:
        report(ck, tok, splits)


if __name__ == "__main__":
    main()
