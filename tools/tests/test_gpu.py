"""kner.gpu: the one-shot GPU script's data path and its transport format, on the CPU."""
import json
import lzma
import os
import random

import torch

from kner.gpu import TOKENIZER, load_parts, main, pretrain_sequences, save_parts
from kner.model import BertConfig, BertCRF
from kner.tokenizer import CLS, SEP, SyllableTokenizer

LINES = ["김병현은 4회말에 등판했다.", "  서울 \u3000특별시\t 종로구  ", "ｆｕｌｌ ｗｉｄｔｈ 123", "😀 이모지와 ㄱㄴ", "없는字: 龘"] * 40


def _data(tmp_path):
    with lzma.open(tmp_path / "pretrain.txt.xz", "wt", encoding="utf-8") as f:
        f.write("\n".join(LINES) + "\n\n")
    sents = [["s1", "김병현은 4회말에", [[0, 3, "PER"], [5, 7, "NOH"]]]] * 30
    with lzma.open(tmp_path / "kmou.json.xz", "wt", encoding="utf-8") as f:
        json.dump({"train": sents, "valid": sents[:5], "dev": sents[:5]}, f, ensure_ascii=False)


def test_pretraining_rows_equal_the_tokenizer(tmp_path):
    _data(tmp_path)
    tok = SyllableTokenizer.from_hf_json(json.load(open(TOKENIZER, encoding="utf-8")))
    seqs = pretrain_sequences(str(tmp_path), tok, 32, 7, tiny=False)
    lines = list(LINES)
    random.Random(7).shuffle(lines)
    expected = [i for line in lines for i in tok.encode(line.strip()) + [SEP]]
    got = seqs[:, 1:].reshape(-1).tolist()
    assert (seqs[:, 0] == CLS).all()
    assert got == expected[: len(got)] and len(expected) - len(got) < 31


def test_parts_round_trip_under_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("kner.gpu.PART_BYTES", 200_000)
    model = BertCRF(BertConfig(vocab_size=300, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
                               intermediate_size=256), 21)
    names = save_parts({"model": model.state_dict(), "step": 5}, str(tmp_path / "m.pt"))
    assert len(names) > 1 and all(os.path.getsize(n) < 260_000 for n in names)
    back = load_parts(str(tmp_path / "m.pt"))
    assert back["step"] == 5 and back["parts"] == len(names)
    for k, v in model.state_dict().items():
        assert back["model"][k].dtype == v.dtype
        assert torch.allclose(back["model"][k], v, atol=1e-3, rtol=1e-3), k


def test_tiny_run_on_the_cpu_writes_a_checkpoint_that_unpacks(tmp_path):
    _data(tmp_path)
    out = tmp_path / "out"
    main(["one", "--arch", "t:1:32:2:1e-3", "--data", str(tmp_path), "--out", str(out), "--device", "cpu",
          "--seconds", "12", "--reserve", "2", "--max-len", "32", "--mlm-batch-tokens", "256", "--ner-batch-tokens", "256"])
    main(["unpack", "--from", str(out), "--name", "t", "--run", str(tmp_path / "run")])
    ck = torch.load(tmp_path / "run" / "best.pt")
    assert ck["config"]["hidden_size"] == 32 and 0.0 <= ck["valid_f1"] <= 1.0
    assert "mlm done" in (tmp_path / "run" / "train.log").read_text(encoding="utf-8")


def test_tiny_run_with_the_generalisation_levers_selects_on_sentences_and_texts(tmp_path):
    _data(tmp_path)
    out = tmp_path / "out"
    main(["one", "--arch", "t:1:32:2:1e-3", "--data", str(tmp_path), "--out", str(out), "--device", "cpu",
          "--seconds", "12", "--reserve", "2", "--max-len", "64", "--mlm-batch-tokens", "256", "--ner-batch-tokens", "256",
          "--docs", "--replace-prob", "0.5", "--source-signal"])
    log = (out / "t.log").read_text(encoding="utf-8")
    assert "4-sentence texts F1" in log and "unseen PER/ORG/LOC recall" in log
    ck = load_parts(str(out / "t.pt"))
    assert ck["config"]["type_vocab_size"] == 2
