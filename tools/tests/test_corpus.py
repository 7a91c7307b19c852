import pytest

from conftest import DATA, needs_data
from kner.corpus import Entity, char_tags, parse_markup, read_corpus, read_jsonl, Sentence


def test_markup_entities_exclude_the_particle_after_them():
    text, ents = parse_markup("특히 <김병현:PER>은 <4회:NOH>말에")
    assert text == "특히 김병현은 4회말에"
    assert [(text[e.start:e.end], e.label) for e in ents] == [("김병현", "PER"), ("4회", "NOH")]


def test_char_tags_mark_b_then_i():
    s = Sentence("x", "오에 겐자부로는", [Entity(0, 7, "PER")])
    assert char_tags(s) == ["B-PER"] + ["I-PER"] * 6 + ["O"]


@needs_data("kmou-ner/raw", "kmou-ner/kmou_ner.jsonl")
def test_raw_reader_equals_the_jsonl_and_the_dev_split_matches_the_readme():
    splits = read_corpus(DATA)
    assert len(splits["dev"]) == 931
    assert sum(len(s.entities) for s in splits["dev"]) == 3415
    assert len(splits["valid"]) > 500
    jsonl = {s.id: s for s in read_jsonl(f"{DATA}/kmou-ner/kmou_ner.jsonl")}
    for s in splits["train"] + splits["valid"] + splits["dev"]:
        j = jsonl[s.id]
        assert s.text == j.text
        assert [(e.start, e.end, e.label) for e in s.entities] == [(e.start, e.end, e.label) for e in j.entities]
    train_files = {s.id.split("#")[0] for s in splits["train"]}
    valid_files = {s.id.split("#")[0] for s in splits["valid"]}
    dev_files = {s.id.split("#")[0] for s in splits["dev"]}
    assert not (train_files & valid_files) and not (train_files & dev_files) and not (valid_files & dev_files)
