"""kner.augment: mention replacement and synthetic person names keep the sentence intact around them."""
import random

from kner.augment import MentionPool, has_final, replace_mentions, source_of
from kner.corpus import Entity, Sentence

from conftest import needs_data


def _sent(sid, text, marks):
    ents, pos = [], 0
    for surface, label in marks:
        start = text.index(surface, pos)
        ents.append(Entity(start, start + len(surface), label))
        pos = start + len(surface)
    return Sentence(sid, text, ents)


TRAIN = [
    _sent("a.txt#1", "김철수는 서울에서 삼성전자에 다닌다.", [("김철수", "PER"), ("서울", "LOC"), ("삼성전자", "ORG")]),
    _sent("a.txt#2", "박영민은 부산에 갔다.", [("박영민", "PER"), ("부산", "LOC")]),
    _sent("b.txt#1", "이지은 씨와 최민준 씨가 LG전자를 떠났다.", [("이지은", "PER"), ("최민준", "PER"), ("LG전자", "ORG")]),
    _sent("b.txt#2", "정하늘이 대구에서 3일 뛰었다.", [("정하늘", "PER"), ("대구", "LOC"), ("3일", "DAT")]),
]


def test_text_outside_replaced_entities_is_unchanged_and_labels_follow_their_spans():
    pool = MentionPool(TRAIN)
    rng = random.Random(0)
    for _ in range(200):
        for s in TRAIN:
            out = replace_mentions(s, pool, rng, p=0.7)
            assert [e.label for e in out.entities] == [e.label for e in s.entities]
            # the pieces between entities are the original's, in order
            cut = lambda x: [x.text[a.end:b.start] for a, b in zip([Entity(0, 0, "")] + x.entities, x.entities + [Entity(len(x.text), 0, "")])]
            assert cut(out) == cut(s)
            for e, o in zip(s.entities, out.entities):
                new = out.text[o.start:o.end]
                assert new, "an entity became empty"
                if e.label == "DAT":
                    assert new == s.text[e.start:e.end], "only name-like types are replaced"
                # the particle after the entity still agrees with its last syllable
                assert has_final(new[-1]) == has_final(s.text[e.end - 1])


def test_synthetic_person_names_are_three_hangul_syllables_from_the_data_statistics():
    pool = MentionPool(TRAIN)
    rng = random.Random(1)
    surnames = {"김", "박", "이", "최", "정"}
    for final in (True, False):
        for _ in range(50):
            name = pool.person_name(final, rng)
            assert len(name) == 3 and name[0] in surnames and has_final(name[-1]) == final


def test_probability_zero_returns_the_sentence_itself():
    pool = MentionPool(TRAIN)
    assert replace_mentions(TRAIN[0], pool, random.Random(0), p=0.0) is TRAIN[0]


def test_the_source_signal_tells_the_two_corpus_sources_apart():
    assert source_of("EXOBRAIN_NE_CORPUS_001.txt#3") == 0
    assert source_of("00012_NER.txt#1") == 1
    assert source_of("EXOBRAIN_NE_CORPUS_001.txt#3+4") == 0


def _places():
    names = ["서강동", "합정동", "신촌동", "망원동", "연희동", "강진군", "영암군", "해남군", "고성군", "보성군",
             "잠실체육관", "장충체육관", "고양체육관", "부산체육관", "대구체육관"]
    return [_sent(f"p.txt#{i}", f"{n}에 갔다.", [(n, "LOC")]) for i, n in enumerate(names)]


def test_synthetic_places_are_a_stem_and_a_suffix_many_training_names_share():
    pool = MentionPool(_places())
    suffixes = pool._compounds["LOC"].suffixes
    # 동 and 군 end five names each; 체육관 does, and its tails 육관 / 관 are no suffixes of their own
    assert set(suffixes) == {"동", "군", "체육관"}
    rng = random.Random(3)
    for final in (True, False):
        for _ in range(100):
            name = pool.synthetic("LOC", final, rng)
            if final:  # 동 군 관 all end in a consonant
                assert name.endswith(("동", "군", "체육관")) and len(name) > len(next(s for s in suffixes if name.endswith(s)))
            else:      # no suffix ends without one: the name still ends like the original, by any suffix
                assert name.endswith(("동", "군", "체육관"))
    assert pool.synthetic("ORG", True, rng) is None, "no ORG names, nothing to draw from"


def test_synthetic_types_reach_organisations_and_places_only_when_asked():
    sents = _places()
    pool = MentionPool(sents)
    known = {s.text[e.start:e.end] for s in sents for e in s.entities}
    rng = random.Random(5)
    only_per = [replace_mentions(s, pool, rng, p=1.0, synthetic_share=1.0) for s in sents * 10]
    assert all(o.text[o.entities[0].start:o.entities[0].end] in known for o in only_per)
    made = [replace_mentions(s, pool, rng, p=1.0, synthetic_share=1.0, synthetic_types=("PER", "LOC")) for s in sents * 10]
    new = {o.text[o.entities[0].start:o.entities[0].end] for o in made} - known
    assert len(new) > 20 and all(n.endswith(("동", "군", "체육관")) for n in new)
    assert all(o.text.endswith("에 갔다.") for o in made)


@needs_data("kmou-ner/raw")
def test_the_cross_source_split_trains_on_one_source_and_validates_on_the_other():
    from kner.corpus import read_corpus
    from kner.train import DATA, cross_source_split
    splits = read_corpus(DATA)
    for held, other in (("exobrain", 1), ("other", 0)):
        split = cross_source_split(splits, held, 400)
        assert split["train"] and all(source_of(s.id) == other for s in split["train"])
        assert 300 < len(split["valid"]) <= 400 and all(source_of(s.id) != other for s in split["valid"])
        assert not {s.id for s in split["train"]} & {s.id for s in split["valid"]}
        assert split["dev"] is splits["dev"]
        # the same sentences every time, in corpus order, in runs of neighbours
        assert [s.id for s in cross_source_split(splits, held, 400)["valid"]] == [s.id for s in split["valid"]]
    everything = len(splits["train"]) + len(splits["valid"])
    exo = cross_source_split(splits, "exobrain", 0)
    assert len(exo["train"]) + len(exo["valid"]) == everything
