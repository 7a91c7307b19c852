"""Cross-corpus figures: people, places and organisations found by each head on each corpus.

The two tag sets agree on three types only: KMOU PER / LOC / ORG and KLUE PS / LC / OG (their
conventions still differ: a country is LC in KLUE far more often than LOC in KMOU). Both a head's
predictions and a corpus's gold spans are read as PER / LOC / ORG through NAMES; everything else is
dropped. Strict spans; micro P/R/F1 over the three, per type F1, and the recall of the gold names
never seen as an entity of the head's training corpus (a proxy for text from elsewhere).

    cd tools && /usr/bin/python3 -m kner.cross --checkpoint runs/joint-v3/best.pt \\
        --checkpoint checkpoints/kmou-syllable-bert-crf.pt

Sets: KMOU valid (the training tools' split), KLUE valid (kner.corpus.read_klue), and KMOU dev
(reported beside the others, as the reference project does; never chosen on).
"""
from __future__ import annotations

import argparse
import copy
import json
import os

import torch

from .corpus import KLUE_LABELS, LABELS, Sentence, read_corpus, read_klue
from .data import make_examples
from .metrics import EntityScore
from .model import bio_constrained
from .tokenizer import SyllableTokenizer
from .train import DATA, entity_surfaces, evaluate

NAMES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "PS": "PER", "LC": "LOC", "OG": "ORG"}


def names_only(spans) -> set:
    return {(a, b, NAMES[t]) for a, b, t in spans if t in NAMES}


@torch.no_grad()
def score(head, labels: list[str], sentences, tok: SyllableTokenizer, seen: set[str]) -> dict:
    model = copy.deepcopy(head)
    model.crf = bio_constrained(model.crf, labels)
    preds: dict = {}
    bare = [Sentence(s.id, s.text, []) for s in sentences]  # the gold may be of the other tag set: scored below
    evaluate(model, make_examples(bare, tok, 128, labels), predictions=preds, labels=labels)
    sc = EntityScore()
    hit = unseen = 0
    for s in sentences:
        gold = names_only((e.start, e.end, e.label) for e in s.entities)
        pred = names_only(preds.get(s.id, ()))
        sc.add(pred, gold)
        for g in gold:
            if s.text[g[0]:g[1]] not in seen:
                unseen += 1
                hit += g in pred
    p, r, f = sc.micro()
    table = sc.table(["PER", "LOC", "ORG"])
    return {"precision": p, "recall": r, "f1": f, **{f"{t}_f1": table[t]["f1"] for t in ("PER", "LOC", "ORG")},
            "unseen_recall": hit / unseen if unseen else 0.0, "unseen": unseen}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", action="append", required=True, help="kner.train (KMOU) or kner.joint checkpoints")
    p.add_argument("--data", default=DATA)
    p.add_argument("--json", help="also write the figures here")
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    kmou, klue = read_corpus(a.data), read_klue(a.data)
    sets = {"KMOU valid": kmou["valid"], "KLUE valid": klue["valid"], "KMOU dev": kmou["dev"]}
    seen = {"kmou": entity_surfaces(kmou["train"]), "klue": entity_surfaces(klue["train"]),
            "both": entity_surfaces(kmou["train"] + klue["train"])}
    out = {}
    for path in a.checkpoint:
        ck = torch.load(path, map_location="cpu", weights_only=False)
        tok_path = os.path.join(os.path.dirname(path), "tokenizer.json")
        if not os.path.exists(tok_path):
            tok_path = os.path.join(os.path.dirname(__file__), "..", "checkpoints", "kmou-syllable-tokenizer.json")
        with open(tok_path, encoding="utf-8") as f:
            tok = SyllableTokenizer.from_hf_json(json.load(f))
        if "tag_sets" in ck:
            from .joint import load_joint
            joint = load_joint(path)
            heads = {f"{n} head": (joint.head(n), {"kmou": LABELS, "klue": KLUE_LABELS}[n]) for n in joint.tag_sets}
            # unseen: never an entity in what this model learnt from (a KLUE-only model never saw KMOU's train names)
            known = seen["both"] if "kmou" in joint.tag_sets else seen["klue"]
        else:
            from .compare import load
            heads = {"kmou head": (load(path), LABELS)}
            known = seen["kmou"]
        for head_name, (head, labels) in heads.items():
            for set_name, sents in sets.items():
                r = score(head, labels, sents, tok, known)
                key = f"{path} | {head_name} | {set_name}"
                out[key] = r
                print(f"{key}: PER/LOC/ORG P {r['precision']:.4f} R {r['recall']:.4f} F1 {r['f1']:.4f} "
                      f"(PER {r['PER_f1']:.4f} LOC {r['LOC_f1']:.4f} ORG {r['ORG_f1']:.4f}); "
                      f"names unseen in training {r['unseen']}, recall {r['unseen_recall']:.4f}", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
