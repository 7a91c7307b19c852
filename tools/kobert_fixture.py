"""Test fixtures for the KoBERT-CRF converter: a reference-layout checkpoint with a tiny config and
random weights, a tiny SentencePiece model with a gluonnlp-style vocabulary (ids in a DIFFERENT order
than SentencePiece's), and the PyTorch reference (emissions, BIO-constrained Viterbi, entities).

    /usr/bin/python3 tools/kobert_fixture.py make DIR [--crf pytorch-crf|TorchCRF] [--module-prefix]
    /usr/bin/python3 tools/kobert_fixture.py reference DIR < texts.jsonl   (one JSON object a line out)

Used by tools/tests/test_convert_kobert.py and src/cli/convert-kobert.test.ts.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys

import torch

from kner.model import BertConfig, BertCRF

# The reference's ner_to_index.json (experiments/base_model_with_crf_val): specials 0-3, O 4, then B/I.
NER_TO_INDEX = {label: i for i, label in enumerate(
    ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "O"]
    + [f"{p}-{t}" for t in ["POH", "NOH", "PNT", "DAT", "PER", "TIM", "LOC", "ORG", "MNY", "DUR"] for p in "BI"])}

SEED_TEXT = [
    "김철수는 서울에 갔다.", "이순신 장군은 조선 수군을 이끌었다.", "삼성전자는 10억 원을 투자했고 주가는 5% 올랐다.",
    "한국해양대학교 자연언어처리연구실에서 2024년 3월 1일 오후 3시에 만났다.", "영희는 부산에서 김철수를 만났다.",
    "대한민국의 수도는 서울이다.", "그는 어제 학교에 가서 친구를 만났다.",
]

TINY_CONFIG = {"vocab_size": None, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2,
               "intermediate_size": 64, "max_position_embeddings": 64, "type_vocab_size": 2}


def train_sentencepiece(path: str) -> None:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(SEED_TEXT * 20), model_writer=model, vocab_size=80,
                                   model_type="unigram", character_coverage=1.0, normalization_rule_name="nmt_nfkc",
                                   num_threads=1, minloglevel=2)
    with open(path, "wb") as f:
        f.write(model.getvalue())


def gluonnlp_vocab(sp_model_path: str) -> dict:
    """KoBERT's layout: [UNK] [PAD] [CLS] [SEP] [MASK], then the pieces SORTED (not in SentencePiece order)."""
    from sentencepiece import sentencepiece_model_pb2 as sp_pb2

    proto = sp_pb2.ModelProto()
    with open(sp_model_path, "rb") as f:
        proto.ParseFromString(f.read())
    pieces = sorted(p.piece for p in proto.pieces if p.type == sp_pb2.ModelProto.SentencePiece.NORMAL)
    idx_to_token = ["[UNK]", "[PAD]", "[CLS]", "[SEP]", "[MASK]"] + pieces
    return {"idx_to_token": idx_to_token, "token_to_idx": {t: i for i, t in enumerate(idx_to_token)},
            "reserved_tokens": ["[MASK]", "[SEP]", "[CLS]"], "unknown_token": "[UNK]", "padding_token": "[PAD]",
            "bos_token": None, "eos_token": None, "mask_token": "[MASK]", "sep_token": "[SEP]", "cls_token": "[CLS]"}


def reference_state_dict(config: BertConfig, num_tags: int, crf: str = "pytorch-crf", module_prefix: bool = False,
                         seed: int = 0) -> dict[str, torch.Tensor]:
    """The keys and shapes of a reference checkpoint (transformers BertModel + pooler + position_ids)."""
    torch.manual_seed(seed)
    model = BertCRF(config, num_tags)
    with torch.no_grad():  # spread the random emissions and transitions so entities appear
        model.position_wise_ff.weight.mul_(60)
        for p in (model.crf.start_transitions, model.crf.end_transitions, model.crf.transitions):
            p.uniform_(-1.0, 1.0)
    state = dict(model.state_dict())
    state["bert.pooler.dense.weight"] = torch.randn(config.hidden_size, config.hidden_size)
    state["bert.pooler.dense.bias"] = torch.randn(config.hidden_size)
    state["bert.embeddings.position_ids"] = torch.arange(config.max_position_embeddings).unsqueeze(0)
    if crf == "TorchCRF":
        state["crf.start_trans"] = state.pop("crf.start_transitions")
        state["crf.end_trans"] = state.pop("crf.end_transitions")
        state["crf.trans_matrix"] = state.pop("crf.transitions")  # [from, to], as TorchCRF stores it
    if module_prefix:
        state = {f"module.{k}": v for k, v in state.items()}
    return state


def make(out: str, crf: str = "pytorch-crf", module_prefix: bool = False) -> dict:
    """Writes checkpoint.pt, ner_to_index.json, tokenizer.model, vocab.json, bert_config.json; returns their paths."""
    os.makedirs(out, exist_ok=True)
    paths = {name: os.path.join(out, file) for name, file in [
        ("checkpoint", "checkpoint.pt"), ("ner_to_index", "ner_to_index.json"), ("sentencepiece", "tokenizer.model"),
        ("vocab", "vocab.json"), ("bert_config", "bert_config.json")]}
    train_sentencepiece(paths["sentencepiece"])
    vocab = gluonnlp_vocab(paths["sentencepiece"])
    config = {**TINY_CONFIG, "vocab_size": len(vocab["idx_to_token"])}
    for name, obj in [("vocab", vocab), ("ner_to_index", NER_TO_INDEX), ("bert_config", config)]:
        with open(paths[name], "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1)
    state = reference_state_dict(BertConfig(**config), len(NER_TO_INDEX), crf, module_prefix)
    torch.save({"epoch": 3, "model_state_dict": state, "opt_state_dict": {"state": {}, "param_groups": []}},
               paths["checkpoint"])
    return paths


def bio_constrained(model: BertCRF, labels: list[str]):
    """start, end, transitions with -inf where the TypeScript pipeline forbids (I-X after non-X, I-X first)."""
    start = model.crf.start_transitions.detach().clone()
    trans = model.crf.transitions.detach().clone()
    for to, label in enumerate(labels):
        if label.startswith("I-"):
            start[to] = float("-inf")
            for frm, prev in enumerate(labels):
                if prev[2:] != label[2:] or prev[:2] not in ("B-", "I-"):
                    trans[frm, to] = float("-inf")
    return start, model.crf.end_transitions.detach(), trans


def viterbi(emissions: torch.Tensor, start, end, trans) -> list[int]:
    """Best tag path of one sequence. emissions shape: (seq, tags)."""
    score = start + emissions[0]
    history = []
    for i in range(1, emissions.shape[0]):
        best, idx = (score.unsqueeze(1) + trans).max(dim=0)  # over `from`
        score = best + emissions[i]
        history.append(idx)
    path = [int((score + end).argmax())]
    for idx in reversed(history):
        path.append(int(idx[path[-1]]))
    return path[::-1]


def reference(folder: str, texts: list[str]) -> list[dict]:
    """Per text: ids (SentencePiece + vocab), emissions over [CLS] ids [SEP], tags, entities (char offsets)."""
    from kobert_ids import ReferenceTokenizer

    tok = ReferenceTokenizer(os.path.join(folder, "tokenizer.model"), os.path.join(folder, "vocab.json"))
    labels = sorted(NER_TO_INDEX, key=NER_TO_INDEX.get)
    with open(os.path.join(folder, "bert_config.json")) as f:
        config = BertConfig(**json.load(f))
    state = torch.load(os.path.join(folder, "checkpoint.pt"))["model_state_dict"]
    state = {k.removeprefix("module."): v for k, v in state.items() if "pooler" not in k and "position_ids" not in k}
    for old, new in [("crf.start_trans", "crf.start_transitions"), ("crf.end_trans", "crf.end_transitions"),
                     ("crf.trans_matrix", "crf.transitions")]:
        if old in state:
            state[new] = state.pop(old)
    model = BertCRF(config, len(labels))
    model.load_state_dict(state)
    model.eval()
    start, end, trans = bio_constrained(model, labels)
    vocab = tok.token_to_idx
    results = []
    for text in texts:
        pieces = tok.pieces(text)
        ids = [vocab["[CLS]"]] + tok.encode(text) + [vocab["[SEP]"]]
        with torch.no_grad():
            x = torch.tensor([ids])
            emissions = model.emissions(x, torch.ones_like(x), torch.zeros_like(x))[0]
        tags = viterbi(emissions, start, end, trans)[1:-1]
        results.append({"text": text, "ids": ids, "emissions": emissions.tolist(), "tags": tags,
                        "entities": entities(text, pieces, [labels[t] for t in tags])})
    return results


def entities(text: str, pieces: list[str], tags: list[str]) -> list[dict]:
    """Entities by the rules README states, for texts SentencePiece leaves as they are (plain spaces).

    A piece covers its characters, less a leading space ("▁"); a lone "▁" covers its space (nothing
    when it is the prefix SentencePiece adds). B-X opens an entity, I-X continues an open X (else opens
    one), any other label closes it; its span runs over its tokens' spans, spaces trimmed at the edges.
    """
    surface = "".join(pieces).replace("\u2581", " ")
    if surface != " " + text.rstrip(" "):
        raise ValueError(f"reference entities need text that normalizes to itself, got {text!r} -> {surface[1:]!r}")
    spans, cursor = [], -1  # -1: the space SentencePiece prepends
    for piece in pieces:
        start, cursor = max(cursor, 0), cursor + len(piece)
        if piece.strip("\u2581"):
            while text[start] == " ":
                start += 1
        spans.append((start, cursor))
    found: list[dict] = []
    open_type = None

    def close():
        if open_type is None or not found[-1]["spans"]:
            return
        s, e = min(x for x, _ in found[-1]["spans"]), max(y for _, y in found[-1]["spans"])
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        found[-1].update(start=s, end=e)

    for span, tag in zip(spans, tags):
        kind, typ = (tag[0], tag[2:]) if tag[:2] in ("B-", "I-") else ("O", None)
        if kind == "O" or kind == "B" or typ != open_type:
            close()
            open_type = None
        if kind == "O":
            continue
        if open_type is None:
            found.append({"label": typ, "spans": []})
            open_type = typ
        if span[1] > span[0]:
            found[-1]["spans"].append(span)
    close()
    return [{"start": f["start"], "end": f["end"], "label": f["label"], "text": text[f["start"]:f["end"]]}
            for f in found if f.get("end", 0) > f.get("start", 0)]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("out")
    m.add_argument("--crf", choices=["pytorch-crf", "TorchCRF"], default="pytorch-crf")
    m.add_argument("--module-prefix", action="store_true")
    r = sub.add_parser("reference")
    r.add_argument("folder")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.command == "make":
        print(json.dumps(make(args.out, args.crf, args.module_prefix)))
    else:
        for result in reference(args.folder, [json.loads(line) for line in sys.stdin if line.strip()]):
            print(json.dumps(result, ensure_ascii=False))
