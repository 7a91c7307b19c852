"""Average the weights of checkpoints (best.pt layout) and score the average on the validation set.

    /usr/bin/python3 -m kner.average --out runs/avg/best.pt runs/a/best.pt runs/b/step900.pt ...

Checkpoints of kner.joint (a head and CRF per tag set) are scored as kner.joint selects: the mean of KMOU's
sentences-and-texts F1 and KLUE's entity macro F1 on their validation splits (`--tokenizer` the run's own).

Averaging snapshots of one training trajectory usually lands in a flatter, better point than any
one of them (as stochastic weight averaging does). The choice uses the validation split only.
"""
from __future__ import annotations

import argparse
import json
import os

import torch

from .corpus import read_corpus
from .data import join_documents, make_examples
from .model import BertConfig, BertCRF
from .tokenizer import SyllableTokenizer
from .train import DATA, entity_surfaces, selection_f1


def average(paths: list[str]) -> dict:
    cks = [torch.load(p, map_location="cpu", weights_only=False) for p in paths]
    out = dict(cks[0])
    out["model"] = {k: sum(c["model"][k].float() for c in cks) / len(cks) for k in cks[0]["model"]}
    out["averaged"] = paths
    return out


def score_joint(ck: dict, tok: SyllableTokenizer, a) -> str:
    """Scores a joint checkpoint on the validation splits (kner.joint's selection), saves it with its scores
    to a.out, and returns the summary line."""
    from .corpus import read_klue
    from .joint import Corpus, JointBertCRF, selection
    model = JointBertCRF(BertConfig(**ck["config"]), ck["tag_sets"])
    model.load_state_dict(ck["model"])
    model.eval()
    readers = {"kmou": read_corpus, "klue": read_klue}
    # Corpus needs the levers' settings to exist; only its validation examples are used here
    levers = argparse.Namespace(max_len=256, seed=0, replace_prob=0.0, synthetic_share=0.0, gazetteer_share=0.0)
    sel, parts = selection({n: Corpus(n, readers[n](a.data), tok, levers, None) for n in ck["tag_sets"]}, model)
    ck["selection"] = sel
    ck["valid"] = {n: p[2] for n, p in parts.items()}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(ck, a.out)
    return f"selection {sel:.4f}; " + "; ".join(p[1] for p in parts.values()) + f" -> {a.out}"


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoints", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "..", "checkpoints", "kmou-syllable-tokenizer.json"))
    p.add_argument("--data", default=DATA)
    p.add_argument("--docs", action="store_true", help="score as train --docs selects: mean of sentences and 4-sentence texts")
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    with open(a.tokenizer, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    ck = average(a.checkpoints)
    if "tag_sets" in ck:
        print(f"average of {len(a.checkpoints)}: {score_joint(ck, tok, a)}")
        return
    splits = read_corpus(a.data)
    sents = splits["valid"]
    valid = make_examples(sents, tok, 256)
    model = BertCRF(BertConfig(**ck["config"]), len(ck["labels"]))
    model.load_state_dict(ck["model"])
    valid_docs = make_examples(join_documents(sents, 4), tok, 256) if a.docs else None
    f1, note = selection_f1(model, valid, valid_docs, entity_surfaces(splits["train"]))
    ck["valid_f1"] = f1
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save(ck, a.out)
    print(f"average of {len(a.checkpoints)}: valid F1 {f1:.4f}{note} -> {a.out}")


if __name__ == "__main__":
    main()
