"""Strict entity P/R/F1 (start, end and type all equal) and the reference project's per-tag token F1."""
from __future__ import annotations

import collections

from .corpus import LABEL_TYPES


def tags_to_spans(tags: list[str], token_spans: list[tuple[int, int]], text: str) -> list[tuple[int, int, str]]:
    """BIO tags over tokens -> (start, end, type) char spans; an I-X that does not continue X starts one."""
    out = []
    cur = None  # [start, end, type]
    for tag, (s, e) in zip(tags, token_spans):
        if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
            if cur:
                out.append(cur)
            cur = [s, e, tag[2:]]
        elif tag.startswith("I-"):
            cur[1] = e
        else:
            if cur:
                out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    spans = []
    for s, e, t in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e, t))
    return spans


class EntityScore:
    def __init__(self):
        self.tp = collections.Counter()
        self.pred = collections.Counter()
        self.gold = collections.Counter()

    def add(self, pred: set, gold: set) -> None:
        for s in pred:
            self.pred[s[2]] += 1
        for s in gold:
            self.gold[s[2]] += 1
        for s in pred & gold:
            self.tp[s[2]] += 1

    @staticmethod
    def _prf(tp, p, g):
        prec = tp / p if p else 0.0
        rec = tp / g if g else 0.0
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    def micro(self):
        return self._prf(sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values()))

    def table(self, types: list[str] = LABEL_TYPES) -> dict:
        rows = {t: dict(zip(("precision", "recall", "f1"), self._prf(self.tp[t], self.pred[t], self.gold[t])),
                        support=self.gold[t]) for t in types}
        p, r, f = self.micro()
        rows["micro"] = {"precision": p, "recall": r, "f1": f, "support": sum(self.gold.values())}
        return rows


    def macro_f1(self, types: list[str]) -> float:
        """Entity macro F1 over `types` (KLUE reports this: seqeval strict, the mean of the types' F1)."""
        return sum(self._prf(self.tp[t], self.pred[t], self.gold[t])[2] for t in types) / len(types)


class TokenTagScore:
    """sklearn-style per-tag F1 over B-/I- tags (O excluded), micro and macro, as the reference reports."""

    def __init__(self):
        self.tp = collections.Counter()
        self.pred = collections.Counter()
        self.gold = collections.Counter()

    def add(self, pred_tags, gold_tags):
        for p, g in zip(pred_tags, gold_tags):
            if p != "O":
                self.pred[p] += 1
            if g != "O":
                self.gold[g] += 1
            if p == g and p != "O":
                self.tp[p] += 1

    def summary(self) -> dict:
        tags = sorted(self.gold)
        f1s = []
        for t in tags:
            p, r, f = EntityScore._prf(self.tp[t], self.pred[t], self.gold[t])
            f1s.append(f)
        mp, mr, mf = EntityScore._prf(sum(self.tp[t] for t in tags), sum(self.pred[t] for t in tags),
                                      sum(self.gold.values()))
        return {"micro_f1": mf, "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0}


def format_table(rows: dict) -> str:
    lines = [f"{'type':6} {'prec':>7} {'rec':>7} {'f1':>7} {'support':>8}"]
    for t, r in rows.items():
        lines.append(f"{t:6} {r['precision']:7.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['support']:8d}")
    return "\n".join(lines)
