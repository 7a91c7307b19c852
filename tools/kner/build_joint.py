"""From a kner.joint run to a bundle of its tag sets (docs/bundle-format.md, `ner.tag_sets`).

    cd tools && /usr/bin/python3 -m kner.build_joint --run runs/joint-v3 --out ../public/models/default \\
        --card checkpoints/v3-card.md

A run of KLUE alone (`kner.joint --tag-sets klue --vocab-from ...`) gives a bundle of KLUE's tag set
whose every part (vocabulary, weights, calibration texts) comes from CC BY-SA 4.0, CC0 and CC BY data:
nothing of the KMOU corpus is read, so nothing non-commercial is in it (`--license` says so).

Evaluates the best checkpoint as the browser decodes (BIO-constrained Viterbi): KMOU's dev split
(strict entity P/R/F1 per type; the reference project's split, reported, never chosen on) and the
KLUE validation split carved from the KLUE train file (kner.corpus.read_klue: per type, micro, and
the entity macro F1 over the six types that KLUE reports). Then writes the bundle: one ONNX file with
an output per tag set (`logits` for KMOU, `logits_klue`) and the encoder's last hidden states (`hidden`,
for on-device adaptation), a CRF file per tag set, int8 with static
activation scales calibrated on training text of both corpora, config.json, metrics.json and the card.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random

import torch

from .build import dev_metrics
from .calibrate import DEFAULT_TEXTS, calibration_rows, train_texts
from .corpus import KLUE_LABELS, KLUE_TYPES, read_klue
from .data import make_examples
from .export import write_bundle
from .joint import load_joint
from .metrics import format_table
from .model import bio_constrained
from .tokenizer import SyllableTokenizer
from .train import DATA, evaluate

TAG_SET_META = [
    {"name": "kmou", "title": "KMOU (10 types)", "license": "non-commercial only (KMOU corpus license)"},
    {"name": "klue", "title": "KLUE-NER (6 types)", "license": "CC BY-SA 4.0 (KLUE-NER); this bundle as a whole: non-commercial (its encoder learnt from KMOU too)"},
]
KLUE_ONLY_LICENSE = ("CC BY-SA 4.0: trained on KLUE-NER alone (CC BY-SA 4.0), its vocabulary from KLUE-NER, NSMC (CC0 1.0) and "
                     "Korean Wikinews (CC BY 2.5) text; commercial use allowed with attribution, share-alike; see MODEL_CARD.md")
NON_COMMERCIAL_LICENSE = "non-commercial only (trained on the KMOU corpus as well as KLUE-NER); see MODEL_CARD.md"


def tag_set_meta(names: list[str]) -> list[dict]:
    """The bundle's tag sets in the model's order. A tag set's own license is said where it differs from the
    bundle's (KLUE's data in a non-commercial bundle); a KLUE-only model's tag set has the bundle's."""
    meta = [dict(m) for n in names for m in TAG_SET_META if m["name"] == n]
    if "kmou" not in names:
        for m in meta:
            m.pop("license", None)
    return meta


def klue_valid_metrics(model, tok: SyllableTokenizer, data_dir: str, max_len: int) -> dict:
    """KLUE validation split, BIO-constrained: per-type table, micro and entity macro F1 (six types)."""
    valid = read_klue(data_dir)["valid"]
    head = copy.deepcopy(model.head("klue"))
    head.crf = bio_constrained(head.crf, KLUE_LABELS)
    score = evaluate(head, make_examples(valid, tok, max_len, KLUE_LABELS), labels=KLUE_LABELS)
    return {"entity": score.table(KLUE_TYPES), "macro_f1": score.macro_f1(KLUE_TYPES), "sentences": len(valid)}


def klue_texts(data_dir: str, count: int) -> list[str]:
    """Calibration texts from the KLUE train split: 4 sentences each, a fixed sample."""
    train = [s.text for s in read_klue(data_dir)["train"]]
    texts = [" ".join(train[i:i + 4]) for i in range(0, len(train), 4)]
    random.Random(0).shuffle(texts)
    return texts[:count]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--data", default=DATA)
    p.add_argument("--checkpoint", default="best.pt", help="file in --run")
    p.add_argument("--max-seq-length", type=int, default=128)
    p.add_argument("--id", default="kmou-klue-syllable-bert-crf")
    p.add_argument("--version", default="3.0.0")
    p.add_argument("--card", help="a Markdown file: the card's text (the measured tables are appended)")
    p.add_argument("--quick", action="store_true", help="150 dev sentences, 30 calibration texts")
    p.add_argument("--int8-only", action="store_true", help="ship the int8 file alone (a second built-in bundle within the size budget)")
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    model = load_joint(os.path.join(a.run, a.checkpoint))
    with open(os.path.join(a.run, "tokenizer.json"), encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    names = list(model.tag_sets)
    with_kmou = "kmou" in names
    n_texts = 30 if a.quick else DEFAULT_TEXTS
    metrics: dict = {}
    card = ""
    if a.card:
        with open(a.card, encoding="utf-8") as f:
            card = f.read().rstrip() + "\n"
    card += "\n## Measured at export (`kner.build_joint`, Python, BIO-constrained Viterbi, fp32)\n\n"
    measured: dict = {}
    if with_kmou:
        kmou = measured["kmou_dev"] = dev_metrics(model.head("kmou"), tok, a.data, a.quick, a.max_seq_length)
        kmou_micro = kmou["entity"]["micro"]
        print("KMOU dev:\n" + format_table(kmou["entity"]))
        metrics.update({"dev_entity_f1": round(kmou_micro["f1"], 4), "dev_entity_precision": round(kmou_micro["precision"], 4),
                        "dev_entity_recall": round(kmou_micro["recall"], 4),
                        "dev_split": "KMOU EXOBRAIN_NE_CORPUS_009+010" + (" (first 150 sentences, quick)" if a.quick else "")})
        card += (f"KMOU dev split ({kmou['sentences']} sentences), KMOU tag set, strict entity scores:\n\n```\n"
                 + format_table(kmou["entity"]) + "\n```\n\n")
    if "klue" in names:
        klue = measured["klue_valid"] = klue_valid_metrics(model, tok, a.data, a.max_seq_length)
        print(f"KLUE valid (macro F1 {klue['macro_f1']:.4f}):\n" + format_table(klue["entity"]))
        metrics.update({"klue_valid_macro_f1": round(klue["macro_f1"], 4),
                        "klue_valid_micro_f1": round(klue["entity"]["micro"]["f1"], 4),
                        "klue_valid_split": "5% of the KLUE-NER train file by crc32 of the sentence id (kner.corpus.read_klue)"})
        card += (f"KLUE validation split ({klue['sentences']} sentences carved from the KLUE-NER train file), KLUE tag set, "
                 f"strict entity scores; entity macro F1 over the six types **{klue['macro_f1']:.4f}**:\n\n```\n"
                 + format_table(klue["entity"]) + "\n```\n")
    metrics["evaluated_by"] = "python (tools/kner/build_joint.py)"
    # calibration text of the corpora the model learnt from, and of no other
    texts = ((train_texts(a.data, n_texts // len(names)) if with_kmou else [])
             + (klue_texts(a.data, n_texts // len(names)) if "klue" in names else []))
    if with_kmou:
        name = "Korean NER, syllable BERT-CRF (KMOU + KLUE, two tag sets)" if len(names) > 1 else "Korean NER, syllable BERT-CRF (KMOU)"
    else:
        name = "Korean NER, syllable BERT-CRF (KLUE-NER only, commercial use allowed)"
    ck = torch.load(os.path.join(a.run, a.checkpoint), map_location="cpu", weights_only=False)
    write_bundle(a.out, model, model.tag_sets[names[0]], tok.to_hf_json(), tok.tokenizer_config(a.max_seq_length),
                 {"id": a.id + ("-quick" if a.quick else ""), "name": name + (" [QUICK TEST BUILD]" if a.quick else ""),
                  "version": a.version,
                  "license": NON_COMMERCIAL_LICENSE if with_kmou else KLUE_ONLY_LICENSE,
                  "metrics": metrics, "training_step": ck.get("step")},
                 with_token_types=False, max_seq_length=a.max_seq_length, card=card,
                 calibration_rows=calibration_rows(tok, texts, a.max_seq_length), tag_sets=tag_set_meta(names),
                 with_hidden=True, int8_only=a.int8_only)
    with open(os.path.join(a.out, "metrics.json"), "w") as f:
        json.dump(measured, f, indent=2)
    print("wrote", os.path.abspath(a.out))


if __name__ == "__main__":
    main()
