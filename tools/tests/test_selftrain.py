"""kner.selftrain (pseudo-label file and filter) and kner.train --pseudo on the quick path."""
import json
import os
import random
from types import SimpleNamespace

import pytest
import torch

from conftest import TOOLS, needs_data
from kner.augment import SOURCE_GUIDELINE, MentionPool, source_of
from kner.corpus import LABELS, Entity, Sentence, read_jsonl
from kner.model import BertConfig, BertCRF
from kner.selftrain import label, main as selftrain_main, read_pseudo, read_unlabeled, select
from kner.tokenizer import SyllableTokenizer
from kner.train import epoch_examples, main as train_main, pseudo_sample, source_types

TOKENIZER = os.path.join(TOOLS, "checkpoints", "kmou-syllable-tokenizer.json")


def _doc(i, conf, n_ents):
    return {"id": f"pseudo:x#{i}", "text": "가" * 10, "confidence": conf,
            "entities": [{"start": 0, "end": 2, "label": "PER", "surface": "가가", "confidence": conf}] * n_ents}


def test_select_keeps_confident_sentences_with_entities_and_a_share_of_entity_free_ones():
    docs = [_doc(i, c, n) for i, (c, n) in enumerate(
        [(0.95, 1), (0.89, 1), (0.99, 2), (0.9, 1), (0.97, 0), (0.98, 0), (0.99, 0), (0.5, 0)] + [(0.95, 1)] * 16)]
    kept = select(docs, threshold=0.9, empty_share=0.1)
    ids = [d["id"] for d in kept]
    assert "pseudo:x#1" not in ids  # one token under the threshold
    assert "pseudo:x#7" not in ids
    with_ents = [d for d in kept if d["entities"]]
    assert len(with_ents) == 19
    assert len(kept) - len(with_ents) == 2  # round(0.1 x 19) of the three confident entity-free ones
    assert ids == sorted(ids, key=lambda s: int(s.split("#")[1]))  # input order
    assert select(docs, threshold=0.9, empty_share=0.0) == with_ents


def test_read_unlabeled_skips_empty_short_long_and_repeated_lines(tmp_path):
    p = tmp_path / "u.txt"
    p.write_text("김철수가 서울에 갔다.\n\n가나\n" + "가" * 300 + "\n김철수가 서울에 갔다.\n 이영희는 부산에 산다. \n",
                 encoding="utf-8")
    sents, skipped = read_unlabeled(str(p), max_chars=250, min_chars=5)
    assert [s.text for s in sents] == ["김철수가 서울에 갔다.", "이영희는 부산에 산다."]
    assert [s.id for s in sents] == ["pseudo:u#1", "pseudo:u#6"]
    assert skipped == {"empty": 1, "short": 1, "long": 1, "duplicate": 1}
    assert all(source_of(s.id) == SOURCE_GUIDELINE for s in sents)  # the teacher ran with token type 0


def _tiny_teacher(path):
    with open(TOKENIZER, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, type_vocab_size=2)
    model = BertCRF(config, len(LABELS))
    with torch.no_grad():  # make it propose entities: B-PER and I-PER likely everywhere
        model.position_wise_ff.bias[LABELS.index("B-PER")] += 2.0
        model.position_wise_ff.bias[LABELS.index("I-PER")] += 2.5
    torch.save({"model": model.state_dict(), "config": config.to_dict(), "labels": LABELS}, path)
    return tok


def test_pseudo_label_file_format_and_its_round_trip(tmp_path):
    teacher = tmp_path / "teacher.pt"
    tok = _tiny_teacher(teacher)
    src = tmp_path / "u.txt"
    lines = ["김철수가 서울에 갔다.", "이영희는 부산에 산다.", "삼성전자는 3일 발표했다.", "좋은 영화였다 10점!"] * 3
    src.write_text("\n".join(f"{l} {i}" for i, l in enumerate(lines)) + "\n", encoding="utf-8")
    out = tmp_path / "p.jsonl"
    selftrain_main(["--teacher", str(teacher), "--tokenizer", TOKENIZER, "--input", str(src), "--out", str(out),
                    "--threshold", "0.0", "--empty-share", "1.0"])
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    everything = [json.loads(l) for l in (tmp_path / "p.all.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(everything) == len(lines) and len(rows) >= 1
    for d in everything:
        assert d["id"].startswith("pseudo:u#") and 0.0 <= d["confidence"] <= d["mean_confidence"] <= 1.0 + 1e-6
        for e in d["entities"]:
            assert d["text"][e["start"]:e["end"]] == e["surface"] and e["label"] in ("PER", "ORG", "LOC", "POH", "DAT",
                                                                                      "TIM", "DUR", "MNY", "PNT", "NOH")
            assert d["confidence"] <= e["confidence"] + 1e-6
    stats = json.loads((tmp_path / "p.stats.json").read_text(encoding="utf-8"))
    assert stats["labelled"] == len(lines) and stats["kept"] == len(rows)
    # kner.train reads the file as Sentences; kmou_ner.jsonl's reader reads it too
    sents = read_pseudo(str(out))
    assert [s.text for s in sents] == [d["text"] for d in rows]
    assert [[(e.start, e.end, e.label) for e in s.entities] for s in read_jsonl(str(out))] == \
           [[(e["start"], e["end"], e["label"]) for e in d["entities"]] for d in rows]
    # a higher threshold keeps a subset
    strict = select(everything, threshold=max(d["confidence"] for d in everything), empty_share=0.0)
    assert all(d["confidence"] == max(x["confidence"] for x in everything) for d in strict)


def test_marginals_of_the_decoded_tags_are_probabilities(tmp_path):
    teacher = tmp_path / "teacher.pt"
    tok = _tiny_teacher(teacher)
    from kner.compare import load
    model = load(str(teacher))
    out = label(model, [Sentence("pseudo:t#1", "김철수가 서울에 갔다.")], tok)
    assert len(out) == 1 and 0.0 < out[0]["confidence"] <= 1.0


def test_pseudo_sample_is_deterministic_per_epoch_and_sized_by_share():
    pool = list(range(50))
    a = pseudo_sample(pool, 100, 0.3, 42, 0)
    assert len(a) == 30 and len(set(a)) == 30 and a == pseudo_sample(pool, 100, 0.3, 42, 0)
    assert a != pseudo_sample(pool, 100, 0.3, 42, 1)
    big = pseudo_sample(pool, 300, 0.3, 42, 0)  # more than the pool: the pool, then a draw again
    assert len(big) == 90 and set(big[:50]) == set(pool)
    assert pseudo_sample([], 100, 0.3, 42, 0) == [] and pseudo_sample(pool, 100, 0.0, 42, 0) == []


def test_epoch_examples_adds_pseudo_sentences_untouched_with_token_type_0():
    gold = [Sentence("00002_NER.txt#1", "김철수는 서울에 갔다.", [Entity(0, 3, "PER"), Entity(5, 7, "LOC")]),
            Sentence("00002_NER.txt#2", "박영민은 부산에 갔다.", [Entity(0, 3, "PER"), Entity(5, 7, "LOC")])] * 5
    pseudo = [Sentence(f"pseudo:u#{i}", "이순신이 한산도에 있다.", [Entity(0, 3, "PER"), Entity(5, 8, "LOC")]) for i in range(20)]
    with open(TOKENIZER, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    a = SimpleNamespace(replace_prob=1.0, synthetic_share=0.5, seed=1, docs=False, max_len=256, pseudo_share=0.3)
    pool = MentionPool(gold)
    base = epoch_examples(gold, pool, tok, a, 0)
    ex = epoch_examples(gold, pool, tok, a, 0, pseudo)
    assert [e.sentence.text for e in ex[:len(base)]] == [e.sentence.text for e in base]  # gold as without
    added = ex[len(base):]
    assert len(added) == 3 and all(e.sentence.text == "이순신이 한산도에 있다." for e in added)  # no replacement
    types = source_types(ex, list(range(len(ex))), 4)
    assert types[:len(base)].eq(1).all() and types[len(base):].eq(0).all()
    a.docs = True
    packed = epoch_examples(gold, pool, tok, a, 0, pseudo)
    assert sum(e.sentence.text.count("이순신") for e in packed) == 3


@needs_data("kmou-ner/raw", "corpora/klue_train_sentences.txt", "corpora/nsmc_reviews.txt")
def test_train_quick_with_pseudo_labels(tmp_path):
    p = tmp_path / "p.jsonl"
    rows = [{"id": f"pseudo:u#{i}", "text": f"이순신{i}이 한산도에 있다.", "confidence": 0.95,
             "entities": [{"start": 0, "end": 3, "label": "PER", "surface": "이순신", "confidence": 0.95}]}
            for i in range(40)]
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    run = tmp_path / "run"
    train_main(["ner", "--run", str(run), "--quick", "--steps", "12", "--threads", "1", "--docs",
                "--replace-prob", "0.3", "--source-signal", "--pseudo", str(p), "--pseudo-share", "0.3"])
    log = (run / "train.log").read_text(encoding="utf-8")
    assert "pseudo-labels: 40 sentences" in log and "180 per epoch" in log
    assert "eval step 12" in log and (run / "best.pt").exists()
    assert json.loads((run / "args.json").read_text())["pseudo"] == str(p)


def test_country_breakdown_splits_orgs_and_places_and_counts_the_other_convention():
    from kner.compare import country_breakdown
    sents = [Sentence("a", "미국 정부와 서울시가 부산에서 만났다.",
                      [Entity(0, 2, "ORG"), Entity(7, 10, "ORG"), Entity(12, 14, "LOC")]),
             Sentence("b", "미국에 갔다.", [Entity(0, 2, "LOC")])]
    predictions = {"a": {(0, 2, "LOC"), (7, 10, "ORG")}, "b": {(0, 2, "LOC")}}
    assert country_breakdown(sents, predictions) == {
        "LOC country": (1, 1, 0), "LOC other": (1, 0, 0), "ORG country": (1, 0, 1), "ORG other": (1, 1, 0)}
