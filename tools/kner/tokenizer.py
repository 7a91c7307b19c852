"""Syllable-level tokenizer: one token per code point of the NFKC-normalized text, whitespace runs
collapsed to one " " token. Written out in Hugging Face `tokenizer.json` format so the browser
tokenizer (transformers.js / @huggingface/tokenizers) gives the same ids as this module.

Why syllables rather than KoBERT's SentencePiece pieces: a Korean entity ends right before its
particle (`<김병현:PER>은`), and 8k SentencePiece pieces often glue a particle to the name, so the
entity boundary falls inside a token (see the model card for the measurement).
"""
from __future__ import annotations

import collections
import json
import re
import unicodedata

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAD, UNK, CLS, SEP, MASK = range(5)
SPACE = " "
# JavaScript's \s (the browser tokenizer's Replace regex), spelled out: Python's \s differs.
WS_CLASS = "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_WS = re.compile(WS_CLASS + "+")


def normalize(text: str) -> str:
    return _WS.sub(SPACE, unicodedata.normalize("NFKC", text))


def build_vocab(texts, min_count: int = 3, always: set[str] | None = None, max_size: int = 12000) -> list[str]:
    counts: collections.Counter[str] = collections.Counter()
    for t in texts:
        counts.update(normalize(t))
    counts.pop(SPACE, None)
    keep = [c for c, n in counts.most_common() if n >= min_count or (always and c in always)]
    return SPECIALS + [SPACE] + keep[: max_size - len(SPECIALS) - 1]


class SyllableTokenizer:
    def __init__(self, vocab: list[str]):
        self.vocab = vocab
        self.index = {t: i for i, t in enumerate(vocab)}

    def encode_with_offsets(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Ids (no [CLS]/[SEP]) and each token's [start, end) in `text`.

        Normalizes code point by code point, which equals whole-string NFKC for the corpus text
        (already composed); the TypeScript side handles composing sequences exactly.
        """
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        prev_space = False
        for i, ch in enumerate(text):
            norm = unicodedata.normalize("NFKC", ch)
            if norm == "" or _WS.fullmatch(norm):
                if norm == "":
                    continue
                if prev_space:
                    s, _ = spans[-1]
                    spans[-1] = (s, i + 1)
                    continue
                ids.append(self.index[SPACE])
                spans.append((i, i + 1))
                prev_space = True
                continue
            prev_space = False
            for c in _WS.sub(SPACE, norm):
                ids.append(self.index.get(c, UNK))
                spans.append((i, i + 1))
        return ids, spans

    def encode(self, text: str) -> list[int]:
        """Ids exactly as the tokenizer.json pipeline gives them (without [CLS]/[SEP])."""
        return [self.index.get(c, UNK) for c in normalize(text)]

    def to_hf_json(self) -> dict:
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True}
                for i, t in enumerate(SPECIALS)
            ],
            "normalizer": {
                "type": "Sequence",
                "normalizers": [
                    {"type": "NFKC"},
                    {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": SPACE},
                ],
            },
            "pre_tokenizer": {
                "type": "Split",
                "pattern": {"Regex": "."},
                "behavior": "Isolated",
                "invert": False,
            },
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [
                    {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                    {"Sequence": {"id": "A", "type_id": 0}},
                    {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                ],
                "pair": [
                    {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                    {"Sequence": {"id": "A", "type_id": 0}},
                    {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                    {"Sequence": {"id": "B", "type_id": 1}},
                    {"SpecialToken": {"id": "[SEP]", "type_id": 1}},
                ],
                "special_tokens": {
                    "[CLS]": {"id": "[CLS]", "ids": [CLS], "tokens": ["[CLS]"]},
                    "[SEP]": {"id": "[SEP]", "ids": [SEP], "tokens": ["[SEP]"]},
                },
            },
            "decoder": {"type": "Fuse"},
            "model": {"type": "WordLevel", "vocab": {t: i for i, t in enumerate(self.vocab)}, "unk_token": "[UNK]"},
        }

    @staticmethod
    def tokenizer_config(max_len: int) -> dict:
        return {
            "tokenizer_class": "PreTrainedTokenizer",
            "model_max_length": max_len,
            "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]",
            "unk_token": "[UNK]", "mask_token": "[MASK]",
            "clean_up_tokenization_spaces": False,
        }

    @classmethod
    def from_hf_json(cls, d: dict) -> "SyllableTokenizer":
        vocab_map = d["model"]["vocab"]
        vocab = [None] * len(vocab_map)
        for t, i in vocab_map.items():
            vocab[i] = t
        return cls(vocab)

    def save(self, path: str, max_len: int = 512) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_hf_json(), f, ensure_ascii=False)
