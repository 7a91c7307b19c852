"""Sentences -> token ids, token char spans and tag ids, windowed to the training length."""
from __future__ import annotations

from dataclasses import dataclass

from .corpus import LABELS, Sentence, char_tags
from .tokenizer import CLS, SEP, SyllableTokenizer

LABEL_INDEX = {l: i for i, l in enumerate(LABELS)}


@dataclass
class Example:
    sentence: Sentence
    ids: list[int]  # with [CLS] and [SEP]
    spans: list[tuple[int, int]]  # char span per token, without [CLS]/[SEP]
    tags: list[int]  # with O at [CLS] and [SEP]


def make_examples(sents: list[Sentence], tok: SyllableTokenizer, max_len: int = 256) -> list[Example]:
    out = []
    body = max_len - 2
    for s in sents:
        ids, spans = tok.encode_with_offsets(s.text)
        ctags = char_tags(s)
        tags = [LABEL_INDEX[ctags[a]] for a, _ in spans]
        for w in range(0, max(len(ids), 1), body):
            out.append(Example(s, [CLS] + ids[w:w + body] + [SEP], spans[w:w + body], [0] + tags[w:w + body] + [0]))
    return out
