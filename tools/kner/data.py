"""Sentences -> token ids, token char spans and tag ids, windowed to the training length."""
from __future__ import annotations

import random
from dataclasses import dataclass

from .corpus import LABELS, Entity, Sentence, char_tags
from .tokenizer import CLS, SEP, SyllableTokenizer

LABEL_INDEX = {l: i for i, l in enumerate(LABELS)}


@dataclass
class Example:
    sentence: Sentence
    ids: list[int]  # with [CLS] and [SEP]
    spans: list[tuple[int, int]]  # char span per token, without [CLS]/[SEP]
    tags: list[int]  # with O at [CLS] and [SEP]


def make_examples(sents: list[Sentence], tok: SyllableTokenizer, max_len: int = 256,
                  labels: list[str] = LABELS) -> list[Example]:
    """Windows of at most max_len tokens ([CLS] and [SEP] included) with tag ids in `labels` (a tag set)."""
    index = LABEL_INDEX if labels is LABELS else {l: i for i, l in enumerate(labels)}
    out = []
    body = max_len - 2
    for s in sents:
        ids, spans = tok.encode_with_offsets(s.text)
        ctags = char_tags(s)
        tags = [index[ctags[a]] for a, _ in spans]
        for w in range(0, max(len(ids), 1), body):
            out.append(Example(s, [CLS] + ids[w:w + body] + [SEP], spans[w:w + body], [0] + tags[w:w + body] + [0]))
    return out


def _join(group: list[Sentence], sep: str = " ") -> Sentence:
    text, ents = "", []
    for s in group:
        if text:
            text += sep
        shift = len(text)
        text += s.text
        ents += [Entity(e.start + shift, e.end + shift, e.label) for e in s.entities]
    return Sentence(f"{group[0].id}+{len(group)}", text, ents)


def _by_file(sents: list[Sentence]) -> list[list[Sentence]]:
    files: dict[str, list[Sentence]] = {}
    for s in sents:
        files.setdefault(s.id.split("#")[0], []).append(s)
    return list(files.values())


def join_documents(sents: list[Sentence], size: int) -> list[Sentence]:
    """Groups of `size` consecutive sentences of one file as one text (the way `npm run eval --docs`
    joins them): multi-sentence inputs such as a pasted article."""
    return [_join(f[i:i + size]) for f in _by_file(sents) for i in range(0, len(f), size)]


def pack_documents(sents: list[Sentence], rng: random.Random, max_chars: int = 250, single: float = 0.3) -> list[Sentence]:
    """Training texts of varied length: each sentence once, alone (probability `single`) or with the
    sentences that follow it in its file, up to a random length of at most max_chars. A model trained
    on single sentences only loses a quarter of its F1 on multi-sentence windows."""
    out = []
    for f in _by_file(sents):
        i = 0
        while i < len(f):
            target = 0 if rng.random() < single else rng.randint(60, max_chars)
            j, length = i + 1, len(f[i].text)
            while j < len(f) and length + 1 + len(f[j].text) <= target:
                length += 1 + len(f[j].text)
                j += 1
            out.append(_join(f[i:j], sep=rng.choice([" ", " ", "\n"])))
            i = j
    return out
