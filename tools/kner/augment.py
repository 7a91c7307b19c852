"""Training-time augmentation so that context, not memory, finds names.

A model trained on the KMOU corpus alone learns which names it saw (김병현 is a PER because it was
a PER in training) more than how names are used. Two levers, applied afresh each epoch:

- mention replacement: an entity of a name-like type (PER, ORG, LOC, POH) is swapped, with some
  probability, for another mention of the same type drawn from the training split's distinct
  surfaces (uniformly, so rare names are as likely as frequent ones);
- synthetic person names: half of the PER replacements are new names, a surname drawn from the
  surnames of the training data's three-syllable PER names (by frequency) and two given-name
  syllables drawn from the given-name positions of those names. Most are names nobody in the
  corpus has.
- synthetic organisation and place names (`--synthetic-types PER,ORG,LOC`): a stem and a suffix,
  the suffixes being the endings that many distinct training names of that type share (경찰서,
  병원, 은행, 협회; 동, 군, 면, 시, 공항), weighted by how many names share them, the stem another
  name's stem or new syllables drawn from the stems' own syllable statistics (서강 + 군 -> 서강군,
  or 누라 + 경찰서). Text from other sources is full of such names this corpus never had.

A Korean particle agrees with the last syllable of the word it follows (김철수는 / 김철민은):
a replacement keeps the original's final consonant (받침) status, so the sentence stays grammatical
and the particle after the entity is no hint of which name it was.

`source_of` gives the source signal: the training files come from two sources that label some
entities differently (bare country names: mostly ORG in the `000xx_NER.txt` files, mixed in the
EXOBRAIN files, which follow the corpus guideline). Training sees the source as the token type
(0 = EXOBRAIN, 1 = the 000xx files); the exported model always runs with token type 0, the
guideline's convention.
"""
from __future__ import annotations

import collections
import random

from .corpus import Entity, Sentence

NAME_TYPES = ("PER", "ORG", "LOC", "POH")
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
SOURCE_GUIDELINE, SOURCE_OTHER = 0, 1
PSEUDO_PREFIX = "pseudo:"  # sentence ids of kner.selftrain's pseudo-labels: labelled with token type 0


def source_of(sentence_id: str) -> int:
    """0 for the EXOBRAIN files and for pseudo-labels (the teacher ran with type 0), 1 for the rest (the 000xx files)."""
    return SOURCE_GUIDELINE if sentence_id.startswith(("EXOBRAIN", PSEUDO_PREFIX)) else SOURCE_OTHER


def is_hangul(ch: str) -> bool:
    return HANGUL_FIRST <= ord(ch) <= HANGUL_LAST


def has_final(ch: str) -> bool | None:
    """Whether a Hangul syllable ends in a consonant (받침); None for anything else."""
    if not is_hangul(ch):
        return None
    return (ord(ch) - HANGUL_FIRST) % 28 != 0


class MentionPool:
    """Distinct entity surfaces per type and final-consonant class, and person-name statistics."""

    def __init__(self, sentences: list[Sentence], types: tuple[str, ...] = NAME_TYPES):
        by_key: dict[tuple[str, bool | None], set[str]] = collections.defaultdict(set)
        surnames: collections.Counter[str] = collections.Counter()
        given = [collections.Counter(), collections.Counter()]
        for s in sentences:
            for e in s.entities:
                surface = s.text[e.start:e.end]
                if e.label not in types or not surface.strip() or "\n" in surface:
                    continue
                by_key[(e.label, has_final(surface[-1]))].add(surface)
                if e.label == "PER" and len(surface) == 3 and all(is_hangul(c) for c in surface):
                    surnames[surface[0]] += 1
                    given[0][surface[1]] += 1
                    given[1][surface[2]] += 1
        self.surfaces = {k: sorted(v) for k, v in by_key.items()}
        self._surnames = _weighted(surnames)
        self._given = [_weighted(given[0]), _weighted(given[1])]
        # the last syllable split by final consonant, so a synthetic name can match a particle
        self._last_by_final = {
            final: _weighted(collections.Counter({c: n for c, n in given[1].items() if has_final(c) == final}))
            for final in (True, False)
        }
        self._compounds = {label: _Compounds([x for (t, _), v in self.surfaces.items() if t == label for x in v])
                           for label in ("ORG", "LOC") if label in types}

    def mention(self, label: str, final: bool | None, rng: random.Random) -> str | None:
        pool = self.surfaces.get((label, final))
        return rng.choice(pool) if pool else None

    def person_name(self, final: bool | None, rng: random.Random) -> str:
        last = self._last_by_final.get(final) if final is not None else None
        last = last if last and last[0] else self._given[1]
        return _draw(self._surnames, rng) + _draw(self._given[0], rng) + _draw(last, rng)

    def synthetic(self, label: str, final: bool | None, rng: random.Random) -> str | None:
        """A new name of the type (PER, ORG, LOC) whose last syllable has the given final-consonant
        status, or None when the type has no statistics to draw from."""
        if label == "PER":
            return self.person_name(final, rng)
        compounds = self._compounds.get(label)
        return compounds.draw(final, rng) if compounds else None


class _Compounds:
    """Stem + suffix statistics of one type's distinct training names (Hangul, no spaces).

    A suffix is an ending of 1-3 syllables that at least `min_names` distinct names end with, after a
    stem of at least one syllable, and that is not mostly the tail of a longer such ending; a name's
    suffix is the longest such ending it has."""

    def __init__(self, names: list[str], min_names: int = 5, max_suffix: int = 3):
        names = sorted({n for n in names if len(n) >= 2 and all(is_hangul(c) for c in n)})
        endings: collections.Counter[str] = collections.Counter()
        for n in names:
            for k in range(1, min(max_suffix, len(n) - 1) + 1):
                endings[n[-k:]] += 1
        kept = {e: c for e, c in endings.items() if c >= min_names}
        # an ending that is mostly the tail of a longer suffix is no suffix of its own (육관 of 체육관)
        self.suffixes = {e: c for e, c in kept.items()
                         if not any(len(x) == len(e) + 1 and x.endswith(e) and cx >= 0.6 * c for x, cx in kept.items())}
        stems: set[str] = set()
        for n in names:
            for k in range(min(max_suffix, len(n) - 1), 0, -1):
                if n[-k:] in self.suffixes:
                    stems.add(n[:-k])
                    break
        self.stems = sorted(stems)
        self._syllables = _weighted(collections.Counter(c for st in self.stems for c in st))
        self._lengths = _weighted(collections.Counter(min(len(st), 4) for st in self.stems))
        self._by_final = {
            final: _weighted(collections.Counter({e: c for e, c in self.suffixes.items() if has_final(e[-1]) == final}))
            for final in (True, False)
        }
        self._any = _weighted(collections.Counter(self.suffixes))

    def draw(self, final: bool | None, rng: random.Random) -> str | None:
        if not self.stems:
            return None
        table = self._by_final.get(final) if final is not None else None
        table = table if table and table[0] else self._any
        if not table[0]:
            return None
        if rng.random() < 0.5:
            stem = rng.choice(self.stems)
        else:
            stem = "".join(_draw(self._syllables, rng) for _ in range(int(_draw(self._lengths, rng))))
        return stem + _draw(table, rng)


def _weighted(counts: collections.Counter) -> tuple[list[str], list[int]]:
    items = sorted(counts.items())
    total, cum = 0, []
    for _, n in items:
        total += n
        cum.append(total)
    return [k for k, _ in items], cum


def _draw(table: tuple[list[str], list[int]], rng: random.Random) -> str:
    keys, cum = table
    return rng.choices(keys, cum_weights=cum, k=1)[0]


def replace_mentions(s: Sentence, pool: MentionPool, rng: random.Random, p: float = 0.3,
                     synthetic_share: float = 0.5, synthetic_types: tuple[str, ...] = ("PER",),
                     types: tuple[str, ...] = NAME_TYPES) -> Sentence:
    """A copy of s where each name-like entity is, with probability p, another mention of its type.

    `types`: the labels that are replaced (KMOU's name-like types by default; KLUE's PS, LC, OG in kner.joint).
    A replacement of a type in synthetic_types is, with probability synthetic_share, a new name
    (MentionPool.synthetic) rather than another training mention.
    Entities keep their order and labels; offsets of everything after a replacement shift by the
    length difference. Text outside the replaced entities is unchanged.
    """
    if p <= 0 or not s.entities:
        return s
    parts: list[str] = []
    ents: list[Entity] = []
    cursor = shift = 0
    for e in sorted(s.entities, key=lambda x: x.start):
        if e.start < cursor:  # overlapping gold spans (none in KMOU): keep the sentence as it is
            return s
        surface = s.text[e.start:e.end]
        new = surface
        if e.label in types and rng.random() < p:
            final = has_final(surface[-1])
            if e.label in synthetic_types and rng.random() < synthetic_share:
                new = pool.synthetic(e.label, final, rng) or surface
            else:
                new = pool.mention(e.label, final, rng) or surface
        parts.append(s.text[cursor:e.start])
        parts.append(new)
        start = e.start + shift
        ents.append(Entity(start, start + len(new), e.label))
        shift += len(new) - len(surface)
        cursor = e.end
    parts.append(s.text[cursor:])
    return Sentence(s.id, "".join(parts), ents)
