import json
import os

import pytest

from kner import timing_bundle


def test_writes_a_bundle_of_the_size_asked_with_the_default_vocabulary(tmp_path):
    out = tmp_path / "bundle"
    timing_bundle.main(["--layers", "1", "--hidden", "64", "--out", str(out)])
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert (config["num_hidden_layers"], config["hidden_size"], config["num_attention_heads"], config["intermediate_size"]) == (1, 64, 1, 256)
    with open(os.path.join(timing_bundle.DEFAULT_BUNDLE, "tokenizer.json"), encoding="utf-8") as f:
        default_vocab = json.load(f)["model"]["vocab"]
    assert json.loads((out / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"] == default_vocab
    assert config["vocab_size"] == len(default_vocab)
    assert (out / "onnx" / "model.onnx").stat().st_size > 0
    assert (out / config["ner"]["onnx_quantized"]).stat().st_size > 0
    assert "timing only" in (out / "MODEL_CARD.md").read_text(encoding="utf-8").lower()


def test_refuses_a_hidden_size_that_heads_of_64_do_not_divide(tmp_path):
    with pytest.raises(SystemExit):
        timing_bundle.main(["--layers", "1", "--hidden", "100", "--out", str(tmp_path / "x")])
