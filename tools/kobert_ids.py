"""Token ids of texts as the reference KoBERT-CRF project computes them: SentencePiece pieces, then
each piece STRING looked up in the gluonnlp vocabulary (`token_to_idx`), unknown -> the vocabulary's
unknown token ([UNK] = 0 for KoBERT).

The reference (eagle705/pytorch-bert-crf-ner, inference.py + data_utils/vocab_tokenizer.py) calls
gluonnlp's `SentencepieceTokenizer(path)`, whose `__call__` is `SampleEncodeAsPieces(text, 0, 1.0)`:
with nbest_size 0 SentencePiece does not sample, so it equals `EncodeAsPieces(text)` (today's
sentencepiece refuses nbest_size 0 with sampling, hence the plain call here).

stdin: one JSON string a line; stdout: one JSON list of ids a line (no [CLS]/[SEP]).
Used by the TypeScript parity test (src/core/tokenize/kobert-parity.test.ts).

    /usr/bin/python3 tools/kobert_ids.py SENTENCEPIECE_MODEL VOCAB_JSON < texts.jsonl
"""
import json
import sys

import sentencepiece as spm


class ReferenceTokenizer:
    def __init__(self, sp_model_path: str, vocab_path: str):
        self.sp = spm.SentencePieceProcessor(model_file=sp_model_path)
        with open(vocab_path, encoding="utf-8") as f:
            vocab = json.load(f)
        self.token_to_idx = vocab["token_to_idx"]
        self.unk_id = self.token_to_idx[vocab.get("unknown_token") or "[UNK]"]

    def pieces(self, text: str) -> list[str]:
        return self.sp.EncodeAsPieces(text)

    def encode(self, text: str) -> list[int]:
        return [self.token_to_idx.get(piece, self.unk_id) for piece in self.pieces(text)]


if __name__ == "__main__":
    tok = ReferenceTokenizer(sys.argv[1], sys.argv[2])
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(tok.encode(json.loads(line))))
