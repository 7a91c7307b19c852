"""Real names from the gazetteers (../shared/data/gazetteers) for mention replacement.

The training corpora name a few thousand people, places and organisations; text from elsewhere
names others. Swapping a training mention for a gazetteer name of its kind (person, place,
organisation) shows the model real name shapes it never saw in labelled text: foreign names
transliterated (레티치아필리피), villages and stations (영월읍, 영월역), companies (지학사).

The lists are noisy (mecab-ko-dic's person class holds some groups and brands); we keep names
made of Hangul syllables only (Latin letters and digits for organisations too), of a plausible
length, and no name that is also a common word of the corpus's non-entity text would be
(that check is left to the caller's list of common nouns: `drop`).

NamePool puts the gazetteers beside a training MentionPool behind the interface kner.augment's
replace_mentions uses (mention, synthetic), for either tag set: `kinds` maps the tag set's labels
(PER/LOC/ORG for KMOU, PS/LC/OG for KLUE) to a gazetteer kind, `pool_labels` to the labels the
MentionPool was built with (it is built on a relabelled copy for KLUE: name statistics only, the
training labels themselves are never renamed).
"""
from __future__ import annotations

import os
import random
import re

from .augment import MentionPool, has_final

KINDS = ("person", "place", "organization")
FILES = {"person": ("person.txt", "politicians.txt"), "place": ("place.txt",), "organization": ("organization.txt",)}
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_ORG = re.compile(r"^[\uac00-\ud7a3A-Za-z0-9&]+$")
LENGTHS = {"person": (2, 5), "place": (2, 8), "organization": (2, 12)}


def keep(kind: str, name: str) -> bool:
    """Whether a gazetteer line is a usable name of its kind (see the module's docstring)."""
    lo, hi = LENGTHS[kind]
    if not lo <= len(name) <= hi:
        return False
    return bool((_ORG if kind == "organization" else _HANGUL).match(name))


class GazetteerNames:
    """Distinct usable names per kind and final-consonant class of their last syllable."""

    def __init__(self, data_dir: str, drop: set[str] = frozenset()):
        self.by_key: dict[tuple[str, bool | None], list[str]] = {}
        self.counts: dict[str, int] = {}
        for kind in KINDS:
            names: set[str] = set()
            for file in FILES[kind]:
                path = os.path.join(data_dir, "gazetteers", file)
                with open(path, encoding="utf-8") as f:
                    names.update(n for n in (line.strip() for line in f) if keep(kind, n) and n not in drop)
            self.counts[kind] = len(names)
            for n in sorted(names):
                self.by_key.setdefault((kind, has_final(n[-1])), []).append(n)

    def draw(self, kind: str, final: bool | None, rng: random.Random) -> str | None:
        names = self.by_key.get((kind, final))
        return rng.choice(names) if names else None


def available(data_dir: str) -> bool:
    return all(os.path.exists(os.path.join(data_dir, "gazetteers", f)) for files in FILES.values() for f in files)


class NamePool:
    """A training MentionPool plus gazetteer names: `mention` draws a gazetteer name of the label's kind
    with probability `share`, else a training mention; `synthetic` is the MentionPool's."""

    def __init__(self, mentions: MentionPool, gazetteer: GazetteerNames | None, kinds: dict[str, str],
                 share: float, pool_labels: dict[str, str] | None = None):
        self.mentions, self.gazetteer, self.kinds, self.share = mentions, gazetteer, kinds, share
        self.pool_labels = pool_labels or {}

    def mention(self, label: str, final: bool | None, rng: random.Random) -> str | None:
        kind = self.kinds.get(label)
        if self.gazetteer is not None and kind and rng.random() < self.share:
            name = self.gazetteer.draw(kind, final, rng)
            if name:
                return name
        return self.mentions.mention(self.pool_labels.get(label, label), final, rng)

    def synthetic(self, label: str, final: bool | None, rng: random.Random) -> str | None:
        return self.mentions.synthetic(self.pool_labels.get(label, label), final, rng)
