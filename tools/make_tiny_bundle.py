"""Write public/models/tiny-random/: the real pipeline shapes with random weights, for tests.

Its vocabulary is built from a few fixed sentences (no third-party data), so it is reproducible
anywhere. Usage: /usr/bin/python3 tools/make_tiny_bundle.py [OUT_DIR] [--hidden]
(--hidden: the ONNX file also outputs the encoder's hidden states, ner.hidden_output, as a bundle an
on-device adaptation starts from; the id is then tiny-random-hidden)
"""
import os
import sys

import torch

from kner.corpus import LABELS
from kner.export import write_bundle
from kner.model import BertConfig, BertCRF
from kner.tokenizer import SyllableTokenizer, build_vocab

SEED_TEXT = [
    "김병현은 4회말에 마운드에 올랐다.", "서울특별시 종로구에서 2024년 3월 1일 오후 3시에 만났다.",
    "삼성전자는 10억 원을 투자했고 주가는 5% 올랐다.", "한국해양대학교 자연언어처리연구실",
    "Hello, world! 0123456789 ()[]{}<>.,?!'\"-~:;/", "이순신 장군은 조선 수군을 이끌었다.",
]

DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "..", "public", "models", "tiny-random")


def build_tiny():
    """The tiny model and tokenizer, identical on every call (fixed seed)."""
    torch.manual_seed(1234)
    tok = SyllableTokenizer(build_vocab(SEED_TEXT, min_count=1))
    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    model = BertCRF(config, len(LABELS))
    with torch.no_grad():  # make the random emissions spread wide enough for entities to appear
        model.position_wise_ff.weight.mul_(60)
    model.eval()
    return model, tok


if __name__ == "__main__":
    args = [arg for arg in sys.argv[1:] if arg != "--hidden"]
    hidden = "--hidden" in sys.argv[1:]
    out = args[0] if args else DEFAULT_OUT
    model, tok = build_tiny()
    write_bundle(out, model, LABELS, tok.to_hf_json(), tok.tokenizer_config(64),
                 {"id": "tiny-random-hidden" if hidden else "tiny-random", "name": "Tiny random test model (NOT trained)", "version": "0.0.1",
                  "license": "Apache-2.0 (random weights, no data)", "metrics": {}},
                 max_seq_length=64, int8=False, with_hidden=hidden,
                 card="# tiny-random\n\nRandom weights with the real bundle layout, for tests only. It finds nothing meaningful.\n")
    print("wrote", os.path.abspath(out))
