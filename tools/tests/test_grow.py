"""kner.grow: a deeper encoder from a trained one, by inserting a copy of one layer."""
import pytest
import torch

from kner.grow import grow
from kner.joint import TAG_SETS, JointBertCRF
from kner.model import BertConfig

TINY = dict(vocab_size=40, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
            type_vocab_size=2)


def _checkpoint():
    torch.manual_seed(0)
    model = JointBertCRF(BertConfig(**TINY), TAG_SETS)
    return model, {"model": model.state_dict(), "config": BertConfig(**TINY).to_dict(), "tag_sets": model.tag_sets,
                   "step": 7, "valid": {"kmou": {}}, "selection": 0.5}


def test_the_copy_follows_its_layer_and_the_grown_model_computes_that_layer_twice():
    small, ck = _checkpoint()
    grown_ck = grow(ck, 0)
    assert grown_ck["config"]["num_hidden_layers"] == 3 and grown_ck["step"] == 7
    assert "selection" not in grown_ck and "valid" not in grown_ck, "the grown model's scores are not the old one's"
    big = JointBertCRF(BertConfig(**grown_ck["config"]), grown_ck["tag_sets"])
    big.load_state_dict(grown_ck["model"])  # strict: every key in place, none left over
    small.eval(), big.eval()
    ids = torch.tensor([[2, 9, 17, 5, 3]])
    mask = torch.ones_like(ids)
    with torch.no_grad():
        layers, x = small.bert.encoder.layer, small.bert.embeddings(ids, torch.zeros_like(ids))
        bias = (1.0 - mask[:, None, None, :].float()) * -10000.0
        expected = layers[1](layers[0](layers[0](x, bias), bias), bias)
        assert torch.allclose(big.bert(ids, mask), expected, atol=1e-6)
        assert not torch.allclose(small.bert(ids, mask), expected, atol=1e-3), "a copy changes the output"
        assert torch.equal(big.heads["klue"].weight, small.heads["klue"].weight)
    assert torch.equal(grown_ck["model"]["bert.encoder.layer.2.output.dense.weight"],
                       ck["model"]["bert.encoder.layer.1.output.dense.weight"])


def test_a_layer_the_encoder_does_not_have_is_a_clear_error():
    _, ck = _checkpoint()
    with pytest.raises(SystemExit, match="layers 0..1"):
        grow(ck, 2)
