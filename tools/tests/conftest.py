"""Shared by the tools' tests: where the third-party data lives, and how a test that needs it skips.

The training data (../shared/data beside the repository, described in its README.md) is never part
of the repository: a fresh clone has none of it. Every test that reads it is marked
`@needs_data("kmou-ner/raw", ...)`: where a path is absent the test skips and says which one and
where it comes from; where the data is present (CI, the training machine) it runs.
"""
import os

import pytest

TOOLS = os.path.join(os.path.dirname(__file__), "..")
DATA = os.path.join(TOOLS, "..", "..", "shared", "data")

# Where each folder of ../shared/data comes from (../shared/data/README.md has the commits and licenses).
SOURCES = {
    "kmou-ner": "the KMOU NER corpus, github.com/kmounlp/NER",
    "kobert-tokenizer": "SKT KoBERT's tokenizer files, github.com/eagle705/pytorch-bert-crf-ner",
    "corpora": "unlabeled Korean text: NSMC reviews (github.com/e9t/nsmc), KLUE-NER sentences, Korean Wikinews",
    "klue-ner": "the KLUE-NER train split",
    "gazetteers": "name lists from mecab-ko-dic and twitter-korean-text",
}


def missing_data(*paths: str) -> list[str]:
    """The paths under ../shared/data (relative to it) that are absent here."""
    return [p for p in paths if not os.path.exists(os.path.join(DATA, p))]


def data_skip_reason(missing: list[str]) -> str:
    sources = dict.fromkeys(SOURCES.get(p.split("/")[0], "third-party data") for p in missing)
    return (f"needs ../shared/data/{', ../shared/data/'.join(missing)} ({'; '.join(sources)}; "
            "see the README, 'Training data'): absent here")


def needs_data(*paths: str):
    """Skips the test where any of `paths` (relative to ../shared/data) is absent, saying which and where it comes from."""
    missing = missing_data(*paths)
    return pytest.mark.skipif(bool(missing), reason=data_skip_reason(missing) if missing else "")
