"""Precision on common nouns that are not names: titles, kinship words, roles, contact words.

A model that learnt "a word before 님 or 의 연락처 is a person" tags 고객님 and 이메일 as PER, so a
masked copy hides words that are not names. This probe puts each noun of COMMON_NOUNS into template
sentences of the kinds users paste (contact details, news, messages), some with a real name beside it,
and counts how often any entity is predicted over the noun (false positives), and how often the name
beside it is found exactly (recall), per tag set, decoded as the app decodes (BIO-constrained).

    cd tools && /usr/bin/python3 -m kner.nouns --checkpoint checkpoints/kmou-syllable-bert-crf.pt
    cd tools && /usr/bin/python3 -m kner.nouns --checkpoint runs/joint-v3/best.pt   # a kner.joint model: both tag sets

The list and templates are ours (written for this probe, not drawn from any test set).
"""
from __future__ import annotations

import argparse
import copy
import json
import os

import torch

from .augment import has_final
from .corpus import KLUE_LABELS, LABELS, Entity, Sentence
from .data import make_examples
from .model import bio_constrained
from .tokenizer import SyllableTokenizer
from .train import evaluate

COMMON_NOUNS = [
    # people by role, title or kinship: never a name on their own
    "고객", "고객님", "선생님", "대통령", "회장", "회장님", "사장", "사장님", "부장", "과장", "대리", "팀장", "교수", "교수님",
    "의사", "간호사", "변호사", "기자", "작가", "감독", "선수", "코치", "학생", "아버지", "어머니", "할머니", "할아버지",
    "아들", "딸", "친구", "남편", "아내", "동생", "주민", "시민", "국민", "환자", "손님", "회원", "직원", "대표", "이사",
    "위원장", "장관", "총리", "의원", "시장", "도지사", "담당자", "관계자", "원장", "본부장", "씨",
    # contact and account words that sit where names sit in a form
    "이메일", "전화번호", "주소", "연락처", "휴대폰", "비밀번호", "계좌번호", "생년월일", "문자", "메시지", "홈페이지", "카톡",
]
NAMES = ["김민수", "박서연", "이준호", "최지우", "정하은", "강도윤", "윤서준", "한예린"]


def _p(word: str, with_final: str, without: str) -> str:
    """The particle that agrees with the word's last syllable (은/는, 이/가, 을/를, 과/와)."""
    return with_final if has_final(word[-1]) else without


def sentences() -> list[tuple[Sentence, tuple[int, int], tuple[int, int] | None]]:
    """(sentence, noun span, name span or None) for every noun and template."""
    out = []
    for i, noun in enumerate(COMMON_NOUNS):
        name = NAMES[i % len(NAMES)]
        templates = [
            (f"{noun}의 연락처는 010-1234-5678입니다.", False),
            (f"어제 {noun}{_p(noun, '이', '가')} 회의에 참석했다.", False),
            (f"{noun}{_p(noun, '은', '는')} 오늘 서울에 도착했다.", False),
            (f"그 {noun}{_p(noun, '을', '를')} 만나러 갔다.", False),
            (f"{name} {noun}의 연락처를 알려 주세요.", True),
            (f"{name} {noun}{_p(noun, '이', '가')} 발표했다.", True),
        ]
        for j, (text, with_name) in enumerate(templates):
            start = text.index(noun, len(name) + 1 if with_name else 0)
            name_span = (0, len(name)) if with_name else None
            out.append((Sentence(f"noun{i}#{j}", text, []), (start, start + len(noun)), name_span))
    return out


@torch.no_grad()
def probe(head, labels: list[str], tok: SyllableTokenizer, person: str) -> dict:
    """False-positive rate over the nouns (any entity overlapping one; a PER/PS one), recall of the names."""
    items = sentences()
    model = copy.deepcopy(head)
    model.crf = bio_constrained(model.crf, labels)
    preds: dict = {}
    evaluate(model, make_examples([s for s, _, _ in items], tok, 256, labels), predictions=preds, labels=labels)
    fp_any = fp_person = names = found = 0
    worst: dict[str, int] = {}
    for s, (a, b), name in items:
        spans = preds.get(s.id, set())
        hits = [x for x in spans if x[0] < b and a < x[1]]
        fp_any += bool(hits)
        fp_person += any(x[2] == person for x in hits)
        if hits:
            worst[s.text[a:b]] = worst.get(s.text[a:b], 0) + 1
        if name:
            names += 1
            found += (name[0], name[1], person) in spans
    n = len(items)
    return {"sentences": n, "noun_false_positive_rate": fp_any / n, "noun_as_person_rate": fp_person / n,
            "name_recall": found / names if names else 0.0,
            "nouns_most_often_tagged": sorted(worst.items(), key=lambda kv: -kv[1])[:10]}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="a kner.train checkpoint (KMOU) or a kner.joint one (both tag sets)")
    p.add_argument("--tokenizer", default=None, help="default: the run folder's tokenizer.json, else checkpoints/kmou-syllable-tokenizer.json")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    path = a.tokenizer or os.path.join(os.path.dirname(a.checkpoint), "tokenizer.json")
    if not os.path.exists(path):
        path = os.path.join(os.path.dirname(__file__), "..", "checkpoints", "kmou-syllable-tokenizer.json")
    with open(path, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    ck = torch.load(a.checkpoint, map_location="cpu", weights_only=False)
    results = {}
    if "tag_sets" in ck:
        from .joint import load_joint
        joint = load_joint(a.checkpoint)
        for name in joint.tag_sets:
            results[name] = probe(joint.head(name), {"kmou": LABELS, "klue": KLUE_LABELS}[name], tok, {"kmou": "PER", "klue": "PS"}[name])
    else:
        from .compare import load
        results["kmou"] = probe(load(a.checkpoint), LABELS, tok, "PER")
    for name, r in results.items():
        print(f"{name}: {r['sentences']} sentences; nouns tagged as any entity {r['noun_false_positive_rate']:.3f}, as a person "
              f"{r['noun_as_person_rate']:.3f}; names beside them found {r['name_recall']:.3f}; most often tagged: "
              + ", ".join(f"{w} {c}" for w, c in r["nouns_most_often_tagged"]))


if __name__ == "__main__":
    main()
