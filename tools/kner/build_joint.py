"""From a kner.joint run to a bundle of two tag sets (docs/bundle-format.md, `ner.tag_sets`).

    cd tools && /usr/bin/python3 -m kner.build_joint --run runs/joint-v3 --out ../public/models/default \\
        --card checkpoints/v3-card.md

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
from .joint import TAG_SETS, load_joint
from .metrics import format_table
from .model import bio_constrained
from .tokenizer import SyllableTokenizer
from .train import DATA, evaluate

TAG_SET_META = [
    {"name": "kmou", "title": "KMOU (10 types)", "license": "non-commercial only (KMOU corpus license)"},
    {"name": "klue", "title": "KLUE-NER (6 types)", "license": "CC BY-SA 4.0 (KLUE-NER); this bundle as a whole: non-commercial (its encoder learnt from KMOU too)"},
]


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
    a = p.parse_args(argv)
    torch.set_num_threads(2)
    model = load_joint(os.path.join(a.run, a.checkpoint))
    with open(os.path.join(a.run, "tokenizer.json"), encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    kmou = dev_metrics(model.head("kmou"), tok, a.data, a.quick, a.max_seq_length)
    klue = klue_valid_metrics(model, tok, a.data, a.max_seq_length)
    kmou_micro = kmou["entity"]["micro"]
    print("KMOU dev:\n" + format_table(kmou["entity"]))
    print(f"KLUE valid (macro F1 {klue['macro_f1']:.4f}):\n" + format_table(klue["entity"]))
    n_texts = 30 if a.quick else DEFAULT_TEXTS
    texts = train_texts(a.data, n_texts // 2) + klue_texts(a.data, n_texts // 2)
    name = "Korean NER, syllable BERT-CRF (KMOU + KLUE, two tag sets)"
    metrics = {"dev_entity_f1": round(kmou_micro["f1"], 4), "dev_entity_precision": round(kmou_micro["precision"], 4),
               "dev_entity_recall": round(kmou_micro["recall"], 4),
               "dev_split": "KMOU EXOBRAIN_NE_CORPUS_009+010" + (" (first 150 sentences, quick)" if a.quick else ""),
               "klue_valid_macro_f1": round(klue["macro_f1"], 4),
               "klue_valid_micro_f1": round(klue["entity"]["micro"]["f1"], 4),
               "klue_valid_split": "5% of the KLUE-NER train file by crc32 of the sentence id (kner.corpus.read_klue)",
               "evaluated_by": "python (tools/kner/build_joint.py)"}
    card = ""
    if a.card:
        with open(a.card, encoding="utf-8") as f:
            card = f.read().rstrip() + "\n"
    card += ("\n## Measured at export (`kner.build_joint`, Python, BIO-constrained Viterbi, fp32)\n\n"
             f"KMOU dev split ({kmou['sentences']} sentences), KMOU tag set, strict entity scores:\n\n```\n"
             + format_table(kmou["entity"]) + "\n```\n\n"
             f"KLUE validation split ({klue['sentences']} sentences carved from the KLUE-NER train file), KLUE tag set, "
             f"strict entity scores; entity macro F1 over the six types **{klue['macro_f1']:.4f}**:\n\n```\n"
             + format_table(klue["entity"]) + "\n```\n")
    ck = torch.load(os.path.join(a.run, a.checkpoint), map_location="cpu")
    write_bundle(a.out, model, TAG_SETS["kmou"], tok.to_hf_json(), tok.tokenizer_config(a.max_seq_length),
                 {"id": a.id + ("-quick" if a.quick else ""), "name": name + (" [QUICK TEST BUILD]" if a.quick else ""),
                  "version": a.version,
                  "license": "non-commercial only (trained on the KMOU corpus as well as KLUE-NER); see MODEL_CARD.md",
                  "metrics": metrics, "training_step": ck.get("step")},
                 with_token_types=False, max_seq_length=a.max_seq_length, card=card,
                 calibration_rows=calibration_rows(tok, texts, a.max_seq_length), tag_sets=TAG_SET_META,
                 with_hidden=True)
    with open(os.path.join(a.out, "metrics.json"), "w") as f:
        json.dump({"kmou_dev": kmou, "klue_valid": klue}, f, indent=2)
    print("wrote", os.path.abspath(a.out))


if __name__ == "__main__":
    main()
