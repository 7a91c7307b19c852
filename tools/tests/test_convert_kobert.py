"""The KoBERT-CRF converter on reference-layout checkpoints with a tiny config and random weights."""
import itertools
import json
import os

import pytest
import torch

from conftest import DATA, needs_data
import convert_kobert
from convert_kobert import ConversionError, convert
from kobert_fixture import NER_TO_INDEX, make, reference_state_dict
from kner.model import BertConfig

KOBERT_DIR = os.path.join(DATA, "kobert-tokenizer")
KOBERT_SP = os.path.join(KOBERT_DIR, "tokenizer_78b3253a26.model")
KOBERT_VOCAB = os.path.join(KOBERT_DIR, "kobertvocab_f38b8a4d6d.json")


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory):
    return make(str(tmp_path_factory.mktemp("kobert")), "pytorch-crf")


def run(paths, out, **overrides):
    args = {"checkpoint": paths["checkpoint"], "ner_to_index": paths["ner_to_index"], "sentencepiece": paths["sentencepiece"],
            "vocab": paths["vocab"], "out": str(out), "bert_config": paths["bert_config"], "log": lambda m: None}
    return convert(**{**args, **overrides})


def save_variant(paths, tmp_path, crf, module_prefix):
    with open(paths["bert_config"]) as f:
        config = BertConfig(**json.load(f))
    path = str(tmp_path / f"{crf}-{module_prefix}.pt")
    torch.save({"model_state_dict": reference_state_dict(config, len(NER_TO_INDEX), crf, module_prefix)}, path)
    return {**paths, "checkpoint": path}


@pytest.mark.parametrize("crf,module_prefix", [("pytorch-crf", False), ("pytorch-crf", True), ("TorchCRF", False), ("TorchCRF", True)])
def test_converts_both_crf_namings_with_and_without_the_module_prefix(fixture_dir, tmp_path, crf, module_prefix):
    paths = save_variant(fixture_dir, tmp_path, crf, module_prefix)
    summary = run(paths, tmp_path / "bundle")
    assert summary["crf_naming"] == crf
    bundle = tmp_path / "bundle"
    for name in ["config.json", "crf.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx", "MODEL_CARD.md"]:
        assert (bundle / name).exists(), name
    config = json.loads((bundle / "config.json").read_text())
    labels = sorted(NER_TO_INDEX, key=NER_TO_INDEX.get)
    assert config["ner"]["labels"] == labels and labels[:5] == ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "O"]
    assert config["ner"]["model_inputs"] == ["input_ids", "attention_mask", "token_type_ids"]
    assert config["type_vocab_size"] == 2
    # the CRF lands in crf.json exactly as stored: TorchCRF's trans_matrix is [from, to] too
    state = torch.load(paths["checkpoint"])["model_state_dict"]
    prefix = "module." if module_prefix else ""
    stored = state[prefix + ("crf.trans_matrix" if crf == "TorchCRF" else "crf.transitions")]
    crf_json = json.loads((bundle / "crf.json").read_text())
    assert torch.allclose(torch.tensor(crf_json["transitions"]), stored, atol=1e-6)


def torchcrf_viterbi(h, start_trans, end_trans, trans_matrix):
    """TorchCRF's viterbi_decode for one unmasked sequence, as its source writes it (h: (seq, tags))."""
    score = [start_trans + h[0]]
    path = []
    for t in range(1, h.shape[0]):
        score_t = score[t - 1].view(-1, 1) + trans_matrix + h[t].view(1, -1)  # (from, to)
        best_score, best_path = score_t.max(0)
        score.append(best_score)
        path.append(best_path)
    labels = [int((score[-1] + end_trans).argmax())]
    for p in reversed(path):
        labels.insert(0, int(p[labels[0]]))
    return labels


def test_torchcrf_orientation_decodes_like_crf_json_semantics_by_brute_force():
    torch.manual_seed(3)
    tags, n = 4, 4
    start, end, trans = torch.randn(tags), torch.randn(tags), torch.randn(tags, tags)
    for _ in range(5):
        h = torch.randn(n, tags)

        def score(y):  # docs/bundle-format.md: transitions[from][to]
            return start[y[0]] + h[0, y[0]] + sum(trans[y[i - 1], y[i]] + h[i, y[i]] for i in range(1, n)) + end[y[-1]]

        best = max(itertools.product(range(tags), repeat=n), key=score)
        assert torchcrf_viterbi(h, start, end, trans) == list(best)


def test_wrong_shapes_name_the_key_and_the_expected_and_given_shapes(fixture_dir, tmp_path):
    state = torch.load(fixture_dir["checkpoint"])["model_state_dict"]
    state["bert.encoder.layer.1.attention.self.query.weight"] = torch.zeros(32, 16)
    bad = str(tmp_path / "bad.pt")
    torch.save({"model_state_dict": state}, bad)
    with pytest.raises(ConversionError, match=r"bert\.encoder\.layer\.1\.attention\.self\.query\.weight: expected shape \[32, 32\], got \[32, 16\]"):
        run({**fixture_dir, "checkpoint": bad}, tmp_path / "out")


def test_the_default_kobert_config_against_a_tiny_checkpoint_says_what_the_checkpoint_looks_like(fixture_dir, tmp_path):
    with pytest.raises(ConversionError) as info:
        run(fixture_dir, tmp_path / "out", bert_config=None)
    message = str(info.value)
    assert "expected 8002 tokens" in message or "expected shape [8002, 768]" in message


def test_the_default_kobert_config_names_the_first_mismatched_key(fixture_dir, tmp_path):
    state = torch.load(fixture_dir["checkpoint"])["model_state_dict"]
    with pytest.raises(ConversionError, match=r"word_embeddings\.weight: expected shape \[8002, 768\], got \[82, 32\].*hidden_size 32, num_hidden_layers 2"):
        convert_kobert.build_model(state, convert_kobert.read_bert_config(None), len(NER_TO_INDEX))


def test_labels_that_do_not_match_the_emission_layer_are_reported(fixture_dir, tmp_path):
    path = tmp_path / "ner_to_index.json"
    path.write_text(json.dumps({label: i for i, label in enumerate(["O", "B-PER", "I-PER"])}))
    with pytest.raises(ConversionError, match=r"position_wise_ff\.weight: expected shape \[3, 32\], got \[25, 32\]"):
        run(fixture_dir, tmp_path / "out", ner_to_index=str(path))


def test_unexpected_and_missing_keys_are_listed(fixture_dir, tmp_path):
    state = torch.load(fixture_dir["checkpoint"])["model_state_dict"]
    state["bilstm.weight_ih_l0"] = torch.zeros(4, 4)
    del state["crf.end_transitions"]
    for name, expected in [("extra", "unexpected keys \\['bilstm.weight_ih_l0'\\]")]:
        path = str(tmp_path / f"{name}.pt")
        torch.save(state, path)  # a bare state dict loads too
        with pytest.raises(ConversionError, match=expected):
            run({**fixture_dir, "checkpoint": path}, tmp_path / "out")
    del state["bilstm.weight_ih_l0"]
    path = str(tmp_path / "missing.pt")
    torch.save(state, path)
    with pytest.raises(ConversionError, match=r"missing keys \['crf.end_transitions'\]"):
        run({**fixture_dir, "checkpoint": path}, tmp_path / "out")


def test_broken_and_missing_files_give_clear_errors(fixture_dir, tmp_path):
    broken = tmp_path / "broken.pt"
    broken.write_bytes(b"not a checkpoint")
    with pytest.raises(ConversionError, match="not a torch.save checkpoint"):
        run({**fixture_dir, "checkpoint": str(broken)}, tmp_path / "out")
    with pytest.raises(ConversionError, match="--checkpoint: no such file"):
        run({**fixture_dir, "checkpoint": str(tmp_path / "absent.pt")}, tmp_path / "out")
    bad_labels = tmp_path / "labels.json"
    bad_labels.write_text(json.dumps({"O": 0, "B-PER": 2}))
    with pytest.raises(ConversionError, match=r"expected indices 0\.\.1, got \[0, 2\]"):
        run({**fixture_dir, "ner_to_index": str(bad_labels)}, tmp_path / "out")
    with pytest.raises(ConversionError, match="not a SentencePiece model"):
        run({**fixture_dir, "sentencepiece": str(bad_labels)}, tmp_path / "out")


def test_the_cli_exits_2_with_the_message_on_bad_input(fixture_dir, tmp_path, capsys):
    code = convert_kobert.main(["--checkpoint", str(tmp_path / "absent.pt"), "--ner-to-index", fixture_dir["ner_to_index"],
                                "--sentencepiece", fixture_dir["sentencepiece"], "--vocab", fixture_dir["vocab"],
                                "--bert-config", fixture_dir["bert_config"], "--out", str(tmp_path / "out")])
    assert code == 2
    assert "convert-kobert: --checkpoint: no such file" in capsys.readouterr().err


def test_the_tokenizer_uses_gluonnlp_ids_not_sentencepiece_ids(fixture_dir):
    import sentencepiece as spm

    tok, specials, dropped = convert_kobert.sentencepiece_tokenizer_json(fixture_dir["sentencepiece"], fixture_dir["vocab"])
    vocab = json.load(open(fixture_dir["vocab"], encoding="utf-8"))
    assert [piece for piece, _ in tok["model"]["vocab"]] == vocab["idx_to_token"]
    assert tok["model"]["unk_id"] == vocab["token_to_idx"]["[UNK]"] == 0
    sp = spm.SentencePieceProcessor(model_file=fixture_dir["sentencepiece"])
    piece = "학교"
    assert piece in vocab["token_to_idx"] and vocab["token_to_idx"][piece] != sp.piece_to_id(piece)
    scores = dict(tok["model"]["vocab"])
    assert scores[piece] == pytest.approx(sp.GetScore(sp.piece_to_id(piece)))
    assert scores["[CLS]"] == convert_kobert.UNSEEN_SCORE
    assert specials == {"cls": "[CLS]", "sep": "[SEP]", "pad": "[PAD]", "unk": "[UNK]"} and dropped == []


def test_sentencepiece_pieces_missing_from_the_vocabulary_are_dropped(fixture_dir, tmp_path):
    vocab = json.load(open(fixture_dir["vocab"], encoding="utf-8"))
    tokens = [t for t in vocab["idx_to_token"] if t != "학교"]
    path = tmp_path / "vocab.json"
    path.write_text(json.dumps({**vocab, "idx_to_token": tokens, "token_to_idx": {t: i for i, t in enumerate(tokens)}}))
    tok, _, dropped = convert_kobert.sentencepiece_tokenizer_json(fixture_dir["sentencepiece"], str(path))
    assert dropped == ["학교"]
    assert "학교" not in dict(tok["model"]["vocab"])


@needs_data("kobert-tokenizer/tokenizer_78b3253a26.model", "kobert-tokenizer/kobertvocab_f38b8a4d6d.json")
def test_the_real_kobert_tokenizer_converts_with_8002_ids_and_keeps_control_characters_unknown():
    tok, specials, dropped = convert_kobert.sentencepiece_tokenizer_json(KOBERT_SP, KOBERT_VOCAB)
    assert len(tok["model"]["vocab"]) == 8002 and dropped == []
    assert [p for p, _ in tok["model"]["vocab"][:5]] == ["[UNK]", "[PAD]", "[CLS]", "[SEP]", "[MASK]"]
    kept = tok["normalizer"]["normalizers"][0]
    assert kept["type"] == "Replace" and "\u0007" in kept["pattern"]["Regex"] and "\u200d" in kept["pattern"]["Regex"]
    assert "\t" not in kept["pattern"]["Regex"]  # SentencePiece turns tabs into spaces, as the JS normalizer does
