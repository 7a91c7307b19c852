"""Write public/models/tiny-random-two/: one encoder, two tag sets (KMOU and KLUE-NER), random weights, for tests.

The encoder and the KMOU head are tiny-random's (make_tiny_bundle.build_tiny, same seed), so this bundle's
`logits` output equals tiny-random's; a second head gives `logits_klue` over the 13 KLUE-NER labels, decoded
with crf-klue.json. The layout is the two-tag-set bundle of docs/bundle-format.md ("Tag sets").
Usage: /usr/bin/python3 tools/make_tiny_two_bundle.py [OUT_DIR]
"""
import json
import os
import sys

import torch
from torch import nn

from kner.corpus import LABELS
from kner.export import OPSET, file_digests
from kner.model import CRF
from make_tiny_bundle import build_tiny

KLUE_LABELS = ["O"] + [f"{p}-{t}" for t in ("PS", "LC", "OG", "DT", "TI", "QT") for p in ("B", "I")]
KMOU_TAG_SET = {"name": "kmou", "title": "KMOU (10 types)", "labels": LABELS, "crf": "crf.json", "output": "logits",
                "license": "Apache-2.0 (random weights, no data)"}
KLUE_TAG_SET = {"name": "klue", "title": "KLUE-NER (6 types)", "labels": KLUE_LABELS, "crf": "crf-klue.json",
                "output": "logits_klue", "license": "Apache-2.0 (random weights, no data)"}
DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "public", "models", "tiny-random-two")


class TwoHeads(nn.Module):
    """ids, mask -> (logits, logits_klue): one encoder run, two linear heads."""

    def __init__(self, model, klue_head):
        super().__init__()
        self.model = model
        self.klue_head = klue_head

    def forward(self, input_ids, attention_mask):
        hidden = self.model.dropout(self.model.bert(input_ids, attention_mask, None))
        return self.model.position_wise_ff(hidden), self.klue_head(hidden)


def build_two():
    model, tok = build_tiny()
    torch.manual_seed(5678)
    klue_head = nn.Linear(model.bert.config.hidden_size, len(KLUE_LABELS))
    with torch.no_grad():
        klue_head.weight.mul_(60)
    klue_crf = CRF(len(KLUE_LABELS))
    return TwoHeads(model, klue_head).eval(), klue_crf, tok


def crf_json(crf, labels):
    return {"labels": labels,
            "start_transitions": [round(float(x), 7) for x in crf.start_transitions],
            "end_transitions": [round(float(x), 7) for x in crf.end_transitions],
            "transitions": [[round(float(x), 7) for x in row] for row in crf.transitions]}


def write_two(out_dir):
    two, klue_crf, tok = build_two()
    c = two.model.bert.config
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    ids = torch.tensor([[2, 5, 6, 7, 3], [2, 5, 6, 3, 0]], dtype=torch.long)
    axes = {n: {0: "batch", 1: "sequence"} for n in ("input_ids", "attention_mask", "logits", "logits_klue")}
    torch.onnx.export(two, (ids, (ids != 0).long()), os.path.join(out_dir, "onnx", "model.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=["logits", "logits_klue"],
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    for name, crf, labels in (("crf.json", two.model.crf, LABELS), ("crf-klue.json", klue_crf, KLUE_LABELS)):
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(crf_json(crf, labels), f)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok.to_hf_json(), f, ensure_ascii=False)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump(tok.tokenizer_config(64), f, indent=2)
    ner = {
        "format_version": 1, "id": "tiny-random-two", "name": "Tiny random two-tag-set test model (NOT trained)",
        "version": "0.0.1", "license": "Apache-2.0 (random weights, no data)", "metrics": {},
        "labels": LABELS, "max_seq_length": 64,
        "special_tokens": {"cls": "[CLS]", "sep": "[SEP]", "pad": "[PAD]", "unk": "[UNK]"},
        "model_inputs": ["input_ids", "attention_mask"], "onnx": "onnx/model.onnx", "crf": "crf.json",
        "tokenizer": "tokenizer.json", "tag_sets": [KMOU_TAG_SET, KLUE_TAG_SET], "default_tag_set": "kmou",
    }
    ner["files"] = file_digests(out_dir, ner)
    config = {
        "model_type": "bert", "architectures": ["BertForTokenClassification"],
        "id2label": {str(i): l for i, l in enumerate(LABELS)}, "label2id": {l: i for i, l in enumerate(LABELS)},
        "vocab_size": c.vocab_size, "hidden_size": c.hidden_size, "num_hidden_layers": c.num_hidden_layers,
        "num_attention_heads": c.num_attention_heads, "intermediate_size": c.intermediate_size,
        "max_position_embeddings": c.max_position_embeddings, "type_vocab_size": c.type_vocab_size,
        "hidden_act": "gelu", "layer_norm_eps": c.layer_norm_eps, "ner": ner,
    }
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
    with open(os.path.join(out_dir, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write("# tiny-random-two\n\nRandom weights, one encoder with two heads (KMOU and KLUE-NER tag sets), "
                "for tests only. It finds nothing meaningful.\n")


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    write_two(out)
    print("wrote", os.path.abspath(out))
