/**
 * Where the third-party training data lives (../shared/data beside the repository, described in
 * its README.md), for the tests that read it. A fresh clone has none of it: such a test skips and
 * its title says which file is missing and where it comes from; where the data is present (CI,
 * the training machine) it runs. tools/tests/conftest.py does the same for the Python tests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED_DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** Where each folder of ../shared/data comes from (../shared/data/README.md has the commits and licenses). */
const SOURCES: Readonly<Record<string, string>> = {
  'kmou-ner': 'the KMOU NER corpus, github.com/kmounlp/NER',
  'kobert-tokenizer': "SKT KoBERT's tokenizer files, github.com/eagle705/pytorch-bert-crf-ner",
  corpora: 'unlabeled Korean text: NSMC reviews (github.com/e9t/nsmc), KLUE-NER sentences, Korean Wikinews',
  'klue-ner': 'the KLUE-NER train split',
  gazetteers: 'name lists from mecab-ko-dic and twitter-korean-text',
};

/** The path of `relative` (e.g. "kmou-ner/kmou_ner.jsonl") under ../shared/data. */
export function dataPath(relative: string): string {
  return join(SHARED_DATA, relative);
}

/**
 * null when every path (relative to ../shared/data) is here; else the reason to skip, for the
 * test's title: "needs ../shared/data/X (where it comes from): absent here, skipped".
 */
export function missingData(...relative: string[]): string | null {
  const missing = relative.filter((path) => !existsSync(dataPath(path)));
  if (missing.length === 0) return null;
  const sources = [...new Set(missing.map((path) => SOURCES[path.split('/')[0]] ?? 'third-party data'))];
  return `needs ${missing.map((path) => `../shared/data/${path}`).join(', ')} (${sources.join('; ')}; see the README, "Training data"): absent here, skipped`;
}

/** Debian's Python, which sees the system torch/sentencepiece packages (the parity tests run it). */
export const PYTHON = '/usr/bin/python3';

/** null when Debian's Python is here; else the reason to skip. */
export function missingPython(): string | null {
  return existsSync(PYTHON) ? null : `needs ${PYTHON} (Debian's python3 and the packages of scripts/system-deps.sh): absent here, skipped`;
}
