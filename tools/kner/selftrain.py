"""Pseudo-labels for self-training: a teacher checkpoint labels unlabeled sentences, and only the
sentences it is sure of are kept (for `kner.train --pseudo FILE --pseudo-share S`).

    cd tools && /usr/bin/python3 -m kner.selftrain --out runs/pseudo/klue-v2.jsonl --threads 1

The teacher runs as the app does: token type 0, BIO-constrained CRF (kner.compare's `load`). Per
sentence, each token's CRF marginal for the tag the Viterbi path chose; a sentence is kept when
the lowest of them is at least --threshold and it has at least one entity, plus entity-free
sentences up to --empty-share of the kept ones with entities. The output is one JSON object a line,
the layout of kmou_ner.jsonl (`corpus.read_jsonl` reads it) plus the confidence:
`{id, text, entities: [{start, end, label, surface, confidence}], confidence, mean_confidence}`,
character offsets, end exclusive. Ids start with `pseudo:` (augment.source_of gives them type 0).

Choose the threshold from the distribution this prints (and writes to OUT.stats.json), never from
the dev split.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import time

import torch

from .augment import PSEUDO_PREFIX
from .compare import load
from .corpus import LABELS, Entity, Sentence, read_jsonl
from .data import make_examples
from .metrics import tags_to_spans
from .tokenizer import SyllableTokenizer
from .train import DATA, batches, collate

TOOLS = os.path.join(os.path.dirname(__file__), "..")
GRID = (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99)


def read_unlabeled(path: str, max_chars: int = 250, min_chars: int = 5) -> tuple[list[Sentence], dict]:
    """Distinct non-empty lines of min_chars..max_chars characters (after strip) as Sentences
    `pseudo:<file stem>#<line number>`; and how many were skipped for what."""
    stem = os.path.splitext(os.path.basename(path))[0]
    out, seen, skipped = [], set(), collections.Counter()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            text = line.strip()
            if not text:
                skipped["empty"] += 1
            elif len(text) > max_chars:
                skipped["long"] += 1
            elif len(text) < min_chars:
                skipped["short"] += 1
            elif text in seen:
                skipped["duplicate"] += 1
            else:
                seen.add(text)
                out.append(Sentence(f"{PSEUDO_PREFIX}{stem}#{n}", text, []))
    return out, dict(skipped)


@torch.no_grad()
def label(model, sents: list[Sentence], tok: SyllableTokenizer, max_tokens: int = 8000,
          progress=None) -> list[dict]:
    """Teacher output per sentence (one window each: longer ones are left out): the Viterbi spans
    and, per token, the marginal of the tag it chose. Token type 0, as the app runs."""
    examples = [e for e in make_examples(sents, tok, 256)]
    windows = collections.Counter(id(e.sentence) for e in examples)
    examples = [e for e in examples if windows[id(e.sentence)] == 1]
    out = []
    groups = batches(examples, max_tokens, False, random.Random(0))
    for g, idx in enumerate(groups):
        ids, mask, _ = collate(examples, idx)
        emissions = model.emissions(ids, mask)
        paths = model.crf.decode(emissions, mask)
        marg = model.crf.marginals(emissions, mask)
        for r, i in enumerate(idx):
            e = examples[i]
            path = paths[r]
            body = path[1:-1]  # without [CLS] and [SEP]
            probs = [float(marg[r, k + 1, t]) for k, t in enumerate(body)]
            tags = [LABELS[t] for t in body]
            spans = tags_to_spans(tags, e.spans, e.sentence.text)
            ents = []
            for start, end, typ in spans:
                toks = [k for k, (a, b) in enumerate(e.spans) if a < end and b > start]
                ents.append({"start": start, "end": end, "label": typ, "surface": e.sentence.text[start:end],
                             "confidence": round(min(probs[k] for k in toks), 4)})
            out.append({"id": e.sentence.id, "text": e.sentence.text, "entities": ents,
                        "confidence": round(min(probs) if probs else 1.0, 4),
                        "mean_confidence": round(sum(probs) / len(probs) if probs else 1.0, 4)})
        if progress and (g + 1) % 20 == 0:
            progress(g + 1, len(groups))
    order = {s.id: i for i, s in enumerate(sents)}
    return sorted(out, key=lambda d: order[d["id"]])  # the input's order, not the batches'


def select(labelled: list[dict], threshold: float = 0.9, empty_share: float = 0.1,
           seed: int = 0) -> list[dict]:
    """The confident sentences: every token's marginal >= threshold and at least one entity; plus
    entity-free confident ones, a random draw of at most empty_share x the former. Input order kept."""
    confident = [d for d in labelled if d["confidence"] >= threshold]
    with_ents = [d for d in confident if d["entities"]]
    empty = [i for i, d in enumerate(confident) if not d["entities"]]
    k = min(len(empty), int(round(empty_share * len(with_ents))))
    keep_empty = set(random.Random(seed).sample(empty, k))
    return [d for i, d in enumerate(confident) if d["entities"] or i in keep_empty]


# a pseudo-label file is the corpus JSONL form (its confidences are not read)
read_pseudo = read_jsonl


def stats(labelled: list[dict], kept: list[dict], threshold: float) -> dict:
    conf = sorted(d["confidence"] for d in labelled)
    n = len(conf)
    return {
        "threshold": threshold,
        "labelled": n,
        "kept": len(kept),
        "kept_with_entities": sum(1 for d in kept if d["entities"]),
        "kept_entity_free": sum(1 for d in kept if not d["entities"]),
        "min_confidence_quantiles": {q: conf[min(n - 1, int(q * n))] for q in (0.1, 0.25, 0.5, 0.75, 0.9)} if n else {},
        "share_at_or_above": {t: round(sum(1 for c in conf if c >= t) / n, 4) for t in GRID} if n else {},
        "with_entities_at_or_above": {t: sum(1 for d in labelled if d["confidence"] >= t and d["entities"]) for t in GRID},
        "entities_all": dict(collections.Counter(e["label"] for d in labelled for e in d["entities"]).most_common()),
        "entities_kept": dict(collections.Counter(e["label"] for d in kept for e in d["entities"]).most_common()),
        "entity_confidence_kept_in_all": {
            t: dict(collections.Counter(e["label"] for d in labelled for e in d["entities"] if e["confidence"] >= t).most_common())
            for t in (0.9,)},
    }


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--teacher", default=os.path.join(TOOLS, "checkpoints", "kmou-syllable-bert-crf.pt"))
    p.add_argument("--tokenizer", default=os.path.join(TOOLS, "checkpoints", "kmou-syllable-tokenizer.json"))
    p.add_argument("--input", default=os.path.join(DATA, "corpora", "klue_train_sentences.txt"))
    p.add_argument("--out", required=True, help="the JSONL to write (under tools/runs/: never committed)")
    p.add_argument("--threshold", type=float, default=0.9, help="lowest token marginal a kept sentence may have")
    p.add_argument("--empty-share", type=float, default=0.1, help="entity-free sentences kept, as a share of those with entities")
    p.add_argument("--max-chars", type=int, default=250)
    p.add_argument("--min-chars", type=int, default=5)
    p.add_argument("--limit", type=int, default=0, help="label only the first N sentences (0: all)")
    p.add_argument("--all-out", help="also write every labelled sentence (to look at the distribution; default OUT.all.jsonl)")
    p.add_argument("--from-all", help="select again from an earlier run's OUT.all.jsonl (another threshold) without the teacher")
    p.add_argument("--batch-tokens", type=int, default=8000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    with open(a.tokenizer, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    sents, skipped = read_unlabeled(a.input, a.max_chars, a.min_chars)
    if a.limit:
        sents = sents[:a.limit]
    t0 = time.time()
    if a.from_all:
        with open(a.from_all, encoding="utf-8") as f:
            labelled = [json.loads(l) for l in f if l.strip()]
        order = {s.id: i for i, s in enumerate(sents)}
        labelled.sort(key=lambda d: order.get(d["id"], len(order)))
        print(f"{len(labelled)} labelled sentences from {a.from_all}", flush=True)
    else:
        print(f"{len(sents)} sentences to label from {a.input} (skipped: {skipped})", flush=True)
        labelled = label(load(a.teacher), sents, tok, a.batch_tokens,
                         progress=lambda g, n: print(f"  batch {g}/{n}, {time.time() - t0:.0f} s", flush=True))
    kept = select(labelled, a.threshold, a.empty_share, a.seed)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for d in kept:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    all_out = a.all_out or os.path.splitext(a.out)[0] + ".all.jsonl"
    if os.path.abspath(all_out) != os.path.abspath(a.from_all or ""):
        with open(all_out, "w", encoding="utf-8") as f:
            for d in labelled:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    st = {"teacher": a.teacher, "input": a.input, "from_all": a.from_all, "skipped": skipped, "seconds": round(time.time() - t0, 1),
          **stats(labelled, kept, a.threshold)}
    with open(os.path.splitext(a.out)[0] + ".stats.json", "w", encoding="utf-8") as f:
        json.dump(st, f, ensure_ascii=False, indent=2)
    print(json.dumps(st, ensure_ascii=False, indent=2))
    print(f"kept {len(kept)} of {len(labelled)} labelled sentences (threshold {a.threshold}): "
          f"{st['kept_with_entities']} with entities, {st['kept_entity_free']} entity-free; entities "
          + ", ".join(f"{k} {v}" for k, v in st["entities_kept"].items()) + f" -> {a.out}")


if __name__ == "__main__":
    main()
