"""Token ids of texts under a bundle's syllable tokenizer, as the Python training code computes them.

stdin: one JSON string a line; stdout: one JSON list of ids a line (no [CLS]/[SEP]).
Used by the TypeScript parity test (src/core/tokenize/python-parity.test.ts).

    /usr/bin/python3 tools/tokenize_ids.py public/models/default/tokenizer.json < texts.jsonl
"""
import json
import sys

from kner.tokenizer import SyllableTokenizer

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(tok.encode(json.loads(line))))
