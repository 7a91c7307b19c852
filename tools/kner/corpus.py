"""KMOU NER corpus reader (raw morpheme/BIO format) with character-offset entities.

A sentence in `../shared/data/kmou-ner/raw/*.txt` is three header lines
(`## n`, `## raw text`, `## <surface:TAG> markup`) and one line per morpheme:
surface, lemma, POS, BIO tag (tab separated); a `_` token stands for a space.
We take entities from the markup line (it carries exact surfaces and spacing),
and keep the morpheme lines only as a cross-check.

Splits (data README): dev = EXOBRAIN_NE_CORPUS_009.txt and _010.txt; train = the
rest; our own validation set is carved from train by a fixed hash of the file name.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field

LABEL_TYPES = ["PER", "ORG", "LOC", "POH", "DAT", "TIM", "DUR", "MNY", "PNT", "NOH"]
LABELS = ["O"] + [f"{p}-{t}" for t in LABEL_TYPES for p in ("B", "I")]
# KLUE-NER's tag set (klue-ner/klue_ner_train.jsonl): its own conventions, never renamed into KMOU's
KLUE_TYPES = ["PS", "LC", "OG", "DT", "TI", "QT"]
KLUE_LABELS = ["O"] + [f"{p}-{t}" for t in KLUE_TYPES for p in ("B", "I")]
KLUE_FILE = os.path.join("klue-ner", "klue_ner_train.jsonl")
KLUE_GROUP = 8  # consecutive KLUE sentences that may be packed into one training text
DEV_FILES = {"EXOBRAIN_NE_CORPUS_009.txt", "EXOBRAIN_NE_CORPUS_010.txt"}
DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")

_MARK = re.compile(r"<([^<>]+?):([A-Z]{3})>")


@dataclass
class Entity:
    start: int  # char offset (code points == UTF-16 units for this corpus), inclusive
    end: int  # exclusive
    label: str


@dataclass
class Sentence:
    id: str
    text: str
    entities: list[Entity] = field(default_factory=list)


def parse_markup(markup: str) -> tuple[str, list[Entity]]:
    """`<김병현:PER>은` -> ("김병현은", [Entity(0, 3, "PER")])."""
    text_parts: list[str] = []
    entities: list[Entity] = []
    pos = 0
    cursor = 0
    for m in _MARK.finditer(markup):
        before = markup[cursor:m.start()]
        text_parts.append(before)
        pos += len(before)
        surface, label = m.group(1), m.group(2)
        entities.append(Entity(pos, pos + len(surface), label))
        text_parts.append(surface)
        pos += len(surface)
        cursor = m.end()
    text_parts.append(markup[cursor:])
    return "".join(text_parts), entities


def read_file(path: str) -> list[Sentence]:
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    out: list[Sentence] = []
    for block in blocks:
        lines = [l for l in block.split("\n") if l.strip()]
        headers = [l for l in lines if l.startswith("## ")]
        if len(headers) < 3:
            continue
        num = headers[0][3:].strip()
        raw = headers[1][3:]
        text, ents = parse_markup(headers[2][3:])
        if text != raw:
            # markup and raw line disagree (rare typos in the corpus): trust the markup line,
            # which is the one the entity offsets are defined on.
            pass
        out.append(Sentence(f"{name}#{num}", text, [e for e in ents if e.label in LABEL_TYPES]))
    return out


def read_corpus(data_dir: str = DEFAULT_DATA) -> dict[str, list[Sentence]]:
    """Return {"train", "valid", "dev"} sentence lists. valid = ~5% of train files by name hash."""
    raw_dir = os.path.join(data_dir, "kmou-ner", "raw")
    splits: dict[str, list[Sentence]] = {"train": [], "valid": [], "dev": []}
    for name in sorted(os.listdir(raw_dir)):
        if not name.endswith(".txt"):
            continue
        sents = read_file(os.path.join(raw_dir, name))
        if name in DEV_FILES:
            splits["dev"].extend(sents)
        elif int(hashlib.md5(name.encode()).hexdigest(), 16) % 20 == 0:
            splits["valid"].extend(sents)
        else:
            splits["train"].extend(sents)
    return splits


def read_jsonl(path: str) -> list[Sentence]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(Sentence(d["id"], d["text"], [Entity(e["start"], e["end"], e["label"]) for e in d["entities"]]))
    return out


def read_klue(data_dir: str = DEFAULT_DATA, valid_every: int = 20) -> dict[str, list[Sentence]]:
    """The KLUE-NER train file as {"train", "valid"}: valid = the sentences whose id hashes (crc32) to
    0 mod `valid_every` (5%), the same on every machine. KLUE's dev split is not here and never used.

    Ids become `KLUE-<n // KLUE_GROUP>#<n>` (the original line number n) so that kner.data packs
    neighbouring sentences into multi-sentence training texts as it does KMOU's files."""
    import zlib
    out: dict[str, list[Sentence]] = {"train": [], "valid": []}
    for n, s in enumerate(read_jsonl(os.path.join(data_dir, KLUE_FILE))):
        split = "valid" if zlib.crc32(s.id.encode("utf-8")) % valid_every == 0 else "train"
        out[split].append(Sentence(f"KLUE-{n // KLUE_GROUP:05d}#{n}", s.text,
                                   [e for e in s.entities if e.label in KLUE_TYPES]))
    return out


def char_tags(sent: Sentence) -> list[str]:
    """BIO tag per character of sent.text."""
    tags = ["O"] * len(sent.text)
    for e in sent.entities:
        for i in range(e.start, e.end):
            tags[i] = ("B-" if i == e.start else "I-") + e.label
    return tags
