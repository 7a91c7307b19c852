"""How many KMOU dev entities can a tokenizer express at all? An entity is reachable only when
its start and end fall on token boundaries (a token-level tagger cannot cut inside a token).

    /usr/bin/python3 tools/tokenizer_boundaries.py

Compares KoBERT's SentencePiece (8,002 pieces), a SentencePiece unigram model of the same size
trained here on our unlabeled corpora, and our syllable tokenizer (one token per code point).
Prints the fraction of dev entities whose boundaries are token boundaries: the ceiling on strict
entity recall for that tokenizer.
"""
import os
import tempfile

import sentencepiece as spm

from kner.corpus import read_corpus
from kner.train import DATA, unlabeled_texts


def piece_boundaries(sp, text):
    """Character offsets where SentencePiece pieces start and end, spaces skipped.

    Good for the corpus text (NFKC leaves it unchanged); an [UNK] piece aligns as the one char.
    """
    bounds = {0, len(text)}
    pos = 0
    for piece in sp.encode(text, out_type=str):
        core = piece.replace("\u2581", "")
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not core:
            continue
        bounds.add(pos)
        pos += len(core) if text.startswith(core, pos) else 1
        bounds.add(pos)
    return bounds


def reachable(dev, boundaries_of):
    total = ok = 0
    for s in dev:
        b = boundaries_of(s.text)
        for e in s.entities:
            total += 1
            ok += e.start in b and e.end in b
    return ok / total


if __name__ == "__main__":
    dev = read_corpus(DATA)["dev"]
    kobert = spm.SentencePieceProcessor(model_file=os.path.join(DATA, "kobert-tokenizer", "tokenizer_78b3253a26.model"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w", encoding="utf-8") as f:
            for i, line in enumerate(unlabeled_texts(DATA)):
                if i % 4 == 0:
                    f.write(line + "\n")
        spm.SentencePieceTrainer.train(input=corpus, model_prefix=os.path.join(tmp, "sp8k"), vocab_size=8000,
                                       model_type="unigram", character_coverage=0.9995, minloglevel=2)
        ours_sp = spm.SentencePieceProcessor(model_file=os.path.join(tmp, "sp8k.model"))
        rows = [
            ("KoBERT SentencePiece (8,002)", reachable(dev, lambda t: piece_boundaries(kobert, t))),
            ("SentencePiece unigram 8k, trained here", reachable(dev, lambda t: piece_boundaries(ours_sp, t))),
            ("syllable (ours, one token per code point)", reachable(dev, lambda t: set(range(len(t) + 1)))),
        ]
    print(f"{'tokenizer':45} dev entities whose boundaries are token boundaries")
    for name, frac in rows:
        print(f"{name:45} {frac:.4f}")
