"""kner.joint, kner.gazetteer, kner.build_joint: one encoder with a head and CRF per tag set."""
import argparse
import json
import random

import onnx
import torch

from conftest import DATA, needs_data
from kner.augment import MentionPool, replace_mentions
from kner.corpus import KLUE_LABELS, LABELS, Entity, Sentence, read_corpus, read_klue
from kner.export import write_bundle
from kner.gazetteer import GazetteerNames, NamePool, keep
from kner.average import main as average_main
from kner.joint import TAG_SETS, Corpus, Epochs, JointBertCRF, encoder_from, init_from_single, load_joint, main as joint_main
from kner.mlm import MaskedLM, main as mlm_main, save_encoder
from kner.model import BertConfig, BertCRF
from kner.tokenizer import SyllableTokenizer, build_vocab

TINY = dict(vocab_size=40, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
            type_vocab_size=2)


def _gazetteer_dir(tmp_path):
    g = tmp_path / "gazetteers"
    g.mkdir()
    (g / "person.txt").write_text("홍길동\n김\nJohn\n아리스토\n가나다라마바사\n", encoding="utf-8")
    (g / "politicians.txt").write_text("이순신\n", encoding="utf-8")
    (g / "place.txt").write_text("영월읍\n영월역\n서울1\n", encoding="utf-8")
    (g / "organization.txt").write_text("지학사\nLG전자\n한국 은행\n", encoding="utf-8")
    return str(tmp_path)


def test_gazetteer_keeps_hangul_names_of_a_plausible_length_only():
    assert keep("person", "홍길동") and not keep("person", "김") and not keep("person", "John")
    assert not keep("person", "가나다라마바사"), "seven syllables is no person name we swap in"
    assert keep("organization", "LG전자") and not keep("organization", "한국 은행")
    assert not keep("place", "서울1")


def test_name_pool_draws_gazetteer_names_of_the_labels_kind_and_keeps_the_final_consonant(tmp_path):
    gaz = GazetteerNames(_gazetteer_dir(tmp_path))
    assert gaz.counts == {"person": 3, "place": 2, "organization": 2}
    base = MentionPool([Sentence("a#1", "박철수가 왔다", [Entity(0, 3, "PER")])])
    pool = NamePool(base, gaz, {"PS": "person", "LC": "place"}, share=1.0, pool_labels={"PS": "PER"})
    rng = random.Random(0)
    # 동 and 신 end in a consonant: 홍길동, 이순신; 아리스토 does not
    assert {pool.mention("PS", True, rng) for _ in range(50)} == {"홍길동", "이순신"}
    assert {pool.mention("PS", False, rng) for _ in range(20)} == {"아리스토"}
    assert {pool.mention("LC", True, rng) for _ in range(20)} == {"영월읍", "영월역"}
    never = NamePool(base, gaz, {"PS": "person"}, share=0.0, pool_labels={"PS": "PER"})
    assert {never.mention("PS", False, rng) for _ in range(20)} == {"박철수"}, "share 0: the training mentions only"


def test_klue_sentences_are_replaced_under_their_own_labels():
    s = Sentence("KLUE-00000#0", "홍길동은 서울에서 3일 일했다", [Entity(0, 3, "PS"), Entity(5, 7, "LC"), Entity(10, 12, "DT")])
    pool = MentionPool([Sentence("x#1", "김철민은 부산에", [Entity(0, 3, "PER"), Entity(5, 7, "LOC")])])
    wrapped = NamePool(pool, None, {}, 0.0, {"PS": "PER", "LC": "LOC"})
    out = replace_mentions(s, wrapped, random.Random(1), p=1.0, synthetic_share=0.0, types=("PS", "LC", "OG"))
    assert [e.label for e in out.entities] == ["PS", "LC", "DT"], "labels are never renamed"
    assert out.text == "김철민은 부산에서 3일 일했다", "a mention with the same final consonant (동, 민)"
    assert [out.text[e.start:e.end] for e in out.entities] == ["김철민", "부산", "3일"]


def test_klue_head_starts_from_the_kmou_rows_of_the_nearest_type():
    single = BertCRF(BertConfig(**TINY), len(LABELS))
    joint = JointBertCRF(BertConfig(**TINY), TAG_SETS)
    init_from_single(joint, {"model": single.state_dict(), "step": 1})
    w, q = single.position_wise_ff.weight, joint.heads["klue"].weight
    assert torch.equal(q[KLUE_LABELS.index("B-PS")], w[LABELS.index("B-PER")])
    assert torch.equal(q[KLUE_LABELS.index("I-QT")], w[LABELS.index("I-NOH")])
    assert torch.equal(joint.heads["kmou"].weight, w)
    kt, qt = single.crf.transitions, joint.crfs["klue"].transitions
    assert qt[KLUE_LABELS.index("B-LC"), KLUE_LABELS.index("I-LC")] == kt[LABELS.index("B-LOC"), LABELS.index("I-LOC")]
    ids = torch.tensor([[2, 7, 8, 3]])
    joint.eval(), single.eval()
    assert torch.allclose(joint.emissions(ids, torch.ones_like(ids), None, "kmou"), single.emissions(ids, torch.ones_like(ids)))


def test_a_joint_bundle_has_an_output_and_a_crf_file_per_tag_set(tmp_path):
    torch.manual_seed(0)
    tok = SyllableTokenizer(build_vocab(["가나다라 마바사"], min_count=1))
    joint = JointBertCRF(BertConfig(**{**TINY, "vocab_size": len(tok.vocab)}), TAG_SETS)
    sets = [{"name": "kmou", "title": "KMOU"}, {"name": "klue", "title": "KLUE"}]
    out = tmp_path / "bundle"
    write_bundle(str(out), joint, LABELS, tok.to_hf_json(), tok.tokenizer_config(32), {"id": "t"}, max_seq_length=32,
                 calibration_rows=[[2, 6, 7, 8, 3], [2, 9, 5, 10, 3]], tag_sets=sets, with_hidden=True)
    config = json.loads((out / "config.json").read_text())
    ner = config["ner"]
    assert ner["default_tag_set"] == "kmou" and ner["labels"] == LABELS
    assert [(s["name"], s["crf"], s["output"]) for s in ner["tag_sets"]] == [("kmou", "crf.json", "logits"), ("klue", "crf-klue.json", "logits_klue")]
    assert ner["tag_sets"][1]["labels"] == KLUE_LABELS
    assert json.loads((out / "crf-klue.json").read_text())["labels"] == KLUE_LABELS
    assert {"crf.json", "crf-klue.json"} <= set(ner["files"])
    for rel in ("onnx/model.onnx", "onnx/model_quantized.onnx"):
        graph = onnx.load(str(out / rel)).graph
        assert [o.name for o in graph.output] == ["logits", "logits_klue", "hidden"]
    assert ner["hidden_output"] == "hidden"
    q = onnx.load(str(out / "onnx/model_quantized.onnx")).graph
    float_weights = {i.name for i in q.initializer if i.data_type == onnx.TensorProto.FLOAT and len(i.dims) == 2}
    assert not [n.name for n in q.node if n.op_type == "MatMul" and n.input[1] in float_weights], \
        "every weight MatMul, both heads included, reads int8 weights"
    assert len([i for i in q.initializer if i.data_type == onnx.TensorProto.INT8 and len(i.dims) == 2]) == 6 + 2, "q, k, v, out and two FFN weights of the one layer, and two heads"


def test_a_klue_only_int8_only_bundle_names_one_file_for_every_backend_and_its_own_license(tmp_path):
    from kner.build_joint import KLUE_ONLY_LICENSE, tag_set_meta
    torch.manual_seed(0)
    tok = SyllableTokenizer(build_vocab(["가나다라 마바사"], min_count=1))
    joint = JointBertCRF(BertConfig(**{**TINY, "vocab_size": len(tok.vocab), "type_vocab_size": 1}), {"klue": KLUE_LABELS})
    out = tmp_path / "bundle"
    write_bundle(str(out), joint, KLUE_LABELS, tok.to_hf_json(), tok.tokenizer_config(32), {"id": "t", "license": KLUE_ONLY_LICENSE},
                 max_seq_length=32, calibration_rows=[[2, 6, 7, 8, 3]], tag_sets=tag_set_meta(["klue"]), with_hidden=True,
                 int8_only=True)
    ner = json.loads((out / "config.json").read_text())["ner"]
    assert ner["onnx"] == ner["onnx_quantized"] == "onnx/model_quantized.onnx"
    assert not (out / "onnx" / "model.onnx").exists() and set(ner["files"]) == {"onnx/model_quantized.onnx", "crf.json", "tokenizer.json", "tokenizer_config.json"}
    assert [(s["name"], s["output"], s.get("license")) for s in ner["tag_sets"]] == [("klue", "logits", None)], "the bundle's license is the tag set's"
    assert ner["default_tag_set"] == "klue" and "non-commercial" not in json.dumps(ner)
    assert [o.name for o in onnx.load(str(out / "onnx/model_quantized.onnx")).graph.output] == ["logits", "hidden"]


def _kmou_raw(sentences):
    blocks = []
    for i, (markup, raw) in enumerate(sentences, 1):
        blocks.append(f"## {i}\n## {raw}\n## {markup}\n가\t가\tNNG\tO\n")
    return "\n".join(blocks)


def _tiny_corpora(tmp_path):
    """A KMOU raw folder, a KLUE file, gazetteers and a tokenizer of their syllables, in tmp_path."""
    data = tmp_path / "data"
    (data / "kmou-ner" / "raw").mkdir(parents=True)
    rows = [("<김철수:PER>는 <서울:LOC>에 갔다", "김철수는 서울에 갔다"), ("<박영희:PER>가 <3일:DAT> 쉬었다", "박영희가 3일 쉬었다")] * 10
    (data / "kmou-ner" / "raw" / "00001_NER.txt").write_text(_kmou_raw(rows), encoding="utf-8")
    (data / "kmou-ner" / "raw" / "EXOBRAIN_NE_CORPUS_009.txt").write_text(_kmou_raw(rows[:4]), encoding="utf-8")
    (data / "klue-ner").mkdir()
    with open(data / "klue-ner" / "klue_ner_train.jsonl", "w", encoding="utf-8") as f:
        for n in range(60):
            f.write(json.dumps({"id": f"klue-ner-train-{n:05d}", "text": "이순신은 부산에서 2시에 왔다",
                                "entities": [{"start": 0, "end": 3, "label": "PS"}, {"start": 5, "end": 7, "label": "LC"},
                                             {"start": 10, "end": 12, "label": "TI"}]}, ensure_ascii=False) + "\n")
    _gazetteer_dir(data)
    tok = SyllableTokenizer(build_vocab(["김철수는 서울에 갔다 박영희가 3일 쉬었다 이순신은 부산에서 2시에 왔다 홍길동 영월읍역 지학사"], min_count=1))
    tok.save(str(tmp_path / "tok.json"))
    return data, tok


def _unlabeled_text(data):
    """What kner.mlm reads beside the training sentences (KLUE sentences, NSMC) in data/corpora."""
    (data / "corpora").mkdir(exist_ok=True)
    lines = [f"{n}번째 문장에서 이순신은 부산에 갔다" for n in range(300)]
    for name in ("klue_train_sentences.txt", "nsmc_reviews.txt"):
        (data / "corpora" / name).write_text("\n".join(lines), encoding="utf-8")


def test_a_quick_joint_run_trains_both_heads_and_resumes(tmp_path):
    data, _ = _tiny_corpora(tmp_path)
    run = tmp_path / "run"
    args = ["--run", str(run), "--data", str(data), "--tokenizer", str(tmp_path / "tok.json"), "--hidden", "32", "--layers", "1",
            "--heads", "2", "--eval-every", "10", "--bf16", "off", "--threads", "1", "--batch-tokens", "200"]
    joint_main(args + ["--minutes", "0.05"])
    log = (run / "train.log").read_text()
    assert "kmou valid table" in log and "klue valid table" in log and "gazetteer names: person 3" in log
    ck = torch.load(run / "best.pt")
    assert set(ck["tag_sets"]) == {"kmou", "klue"} and set(ck["valid"]) == {"kmou", "klue"}
    step = torch.load(run / "last.pt")["state"]["step"]
    joint_main(args + ["--minutes", "0.1"])
    assert f"resumed at step {step}" in (run / "train.log").read_text()
    assert torch.load(run / "last.pt")["state"]["step"] > step
    # kner.average scores a joint average as kner.joint selects (both validation splits)
    average_main([str(run / "best.pt"), str(run / "last.pt"), "--out", str(tmp_path / "avg.pt"), "--data", str(data),
                  "--tokenizer", str(tmp_path / "tok.json")])
    avg, best, last = (torch.load(p) for p in (tmp_path / "avg.pt", run / "best.pt", run / "last.pt"))
    assert set(avg["valid"]) == {"kmou", "klue"} and 0 <= avg["selection"] <= 1
    key = "heads.klue.weight"
    assert torch.allclose(avg["model"][key], (best["model"][key] + last["model"][key]) / 2)


def test_fine_tuning_starts_from_a_masked_lm_encoder_and_prefetched_epochs_are_the_same_examples(tmp_path):
    # what tools/gpu_shot.sh runs on a GPU, here on the CPU: kner.mlm's encoder file -> kner.joint --pre-ln
    data, tok = _tiny_corpora(tmp_path)
    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
                        pre_layer_norm=True)
    mlm = MaskedLM(config)
    encoder = tmp_path / "encoder.pt"
    save_encoder(mlm, config, {"step": 7, "tokens": 896}, str(encoder), half=False)
    run = tmp_path / "run"
    joint_main(["--run", str(run), "--data", str(data), "--tokenizer", str(tmp_path / "tok.json"), "--init", str(encoder),
                "--wait-for", str(encoder), "--pre-ln", "--prefetch", "1", "--clock", "wall", "--minutes", "0.05",
                "--eval-every", "10", "--bf16", "off", "--threads", "1", "--batch-tokens", "200"])
    log = (run / "train.log").read_text()
    assert "masked-LM encoder, step 7, 896 tokens" in log and "clock wall" in log and "klue valid table" in log
    ck = torch.load(run / "best.pt")
    assert ck["config"]["pre_layer_norm"] and ck["config"]["type_vocab_size"] == 2, "KMOU's source signal gets its second token type"
    assert ck["model"]["bert.embeddings.token_type_embeddings.weight"].shape == (2, 32)
    # the masked-LM head is not part of the NER model, the encoder's weights are
    assert not any(k.startswith("head.") for k in ck["model"])

    # the next epoch prepared in a forked worker is the epoch prepared here
    args = argparse.Namespace(max_len=64, seed=3, replace_prob=0.5, synthetic_share=0.25, gazetteer_share=0.5)
    splits = read_corpus(str(data))
    corpora = {"kmou": Corpus("kmou", splits, tok, args, GazetteerNames(str(data)))}
    here, forked = Epochs(corpora, 0), Epochs(corpora, 1)
    try:
        for epoch in (0, 1):
            a, b = here.get(epoch)["kmou"], forked.get(epoch)["kmou"]
            assert [e.ids for e in a] == [e.ids for e in b] and [e.tags for e in a] == [e.tags for e in b]
    finally:
        forked.close()


def test_a_klue_only_run_builds_its_own_vocabulary_reads_no_kmou_and_continues_from_a_joint_checkpoint(tmp_path):
    data = tmp_path / "data"
    (data / "klue-ner").mkdir(parents=True)
    with open(data / "klue-ner" / "klue_ner_train.jsonl", "w", encoding="utf-8") as f:
        for n in range(60):
            f.write(json.dumps({"id": f"klue-ner-train-{n:05d}", "text": "이순신은 부산에서 2시에 왔다",
                                "entities": [{"start": 0, "end": 3, "label": "PS"}, {"start": 5, "end": 7, "label": "LC"}]},
                               ensure_ascii=False) + "\n")
    _gazetteer_dir(data)  # no kmou-ner folder at all: a KLUE-only run must not need it
    text = tmp_path / "reviews.txt"
    text.write_text("뷁뷁뷁 재밌다\n뷁뷁뷁 최고\n뷁뷁뷁\n", encoding="utf-8")
    run = tmp_path / "run"
    args = ["--run", str(run), "--data", str(data), "--tag-sets", "klue", "--vocab-from", str(text), "--hidden", "32",
            "--layers", "1", "--heads", "2", "--eval-every", "10", "--bf16", "off", "--threads", "1", "--batch-tokens", "200",
            "--minutes", "0.03"]
    joint_main(args)
    ck = torch.load(run / "best.pt")
    assert set(ck["tag_sets"]) == {"klue"} and ck["config"]["type_vocab_size"] == 1
    vocab = SyllableTokenizer.from_hf_json(json.loads((run / "tokenizer.json").read_text(encoding="utf-8"))).vocab
    assert "뷁" in vocab, "a syllable seen 9 times in the --vocab-from text is in the vocabulary"
    assert "김" not in vocab, "nothing from the KMOU tokenizer"
    assert "klue valid table" in (run / "train.log").read_text() and "kmou" not in (run / "train.log").read_text()
    again = tmp_path / "again"
    joint_main(args[:1] + [str(again)] + args[2:] + ["--init", str(run / "best.pt")])
    assert "joint checkpoint" in (again / "train.log").read_text()
    try:
        joint_main(args[:1] + [str(tmp_path / "bad")] + args[2:4] + ["--tag-sets", "kmou,exobrain"])
    except SystemExit as e:
        assert "exobrain unknown" in str(e) and "kmou, klue" in str(e)
    else:
        raise AssertionError("an unknown tag set is refused")


@needs_data("klue-ner/klue_ner_train.jsonl")
def test_klue_validation_split_is_a_fixed_twentieth_disjoint_from_train():
    a, b = read_klue(DATA), read_klue(DATA)
    assert [s.id for s in a["valid"]] == [s.id for s in b["valid"]]
    n = len(a["train"]) + len(a["valid"])
    assert n == 20859 and 0.04 < len(a["valid"]) / n < 0.06
    assert not {s.id for s in a["train"]} & {s.id for s in a["valid"]}
    assert {e.label for s in a["train"] for e in s.entities} == {"PS", "LC", "OG", "DT", "TI", "QT"}


def test_the_common_noun_probe_marks_the_noun_and_the_name_it_puts_in_each_template():
    from kner.nouns import COMMON_NOUNS, NAMES, probe, sentences
    items = sentences()
    assert len(items) == 6 * len(COMMON_NOUNS)
    for s, (a, b), name in items:
        assert s.text[a:b] in COMMON_NOUNS
        if name:
            assert s.text[name[0]:name[1]] in NAMES and name[1] < a
    assert "고객님의 연락처는" in items[6 * COMMON_NOUNS.index("고객님")][0].text
    assert "선생님은 오늘" in items[6 * COMMON_NOUNS.index("선생님") + 2][0].text and "이메일을 만나러" in " ".join(s.text for s, _, _ in items)
    torch.manual_seed(0)
    tok = SyllableTokenizer(build_vocab([s.text for s, _, _ in items], min_count=1))
    result = probe(BertCRF(BertConfig(**{**TINY, "vocab_size": len(tok.vocab)}), len(LABELS)), LABELS, tok, "PER")
    assert result["sentences"] == len(items) and 0.0 <= result["noun_false_positive_rate"] <= 1.0


def test_masked_lm_continues_a_trained_ner_encoder_and_fine_tuning_takes_it_back_with_its_heads(tmp_path):
    # kner.mlm --init (a kner.joint checkpoint's encoder, post-LN, two token types) -> kner.joint --init the same
    # checkpoint --encoder-from the masked-LM encoder: heads and CRFs from the checkpoint, the encoder from the MLM
    data, _ = _tiny_corpora(tmp_path)
    _unlabeled_text(data)
    run = tmp_path / "run"
    common = ["--data", str(data), "--tokenizer", str(tmp_path / "tok.json"), "--bf16", "off", "--threads", "1"]
    joint_main(["--run", str(run), "--hidden", "32", "--layers", "1", "--heads", "2", "--eval-every", "10",
                "--batch-tokens", "200", "--minutes", "0.03"] + common)
    mlm = tmp_path / "mlm"
    mlm_main(["--run", str(mlm), "--init", str(run / "best.pt"), "--seq-len", "16", "--batch-rows", "4", "--minutes", "0.02",
              "--eval-every", "5", "--log-every", "5"] + common)
    log = (mlm / "mlm.log").read_text()
    assert "encoder from" in log and "post-LN" in log and "eval step" in log
    enc = torch.load(mlm / "encoder.pt")
    best = torch.load(run / "best.pt")
    key = "bert.encoder.layer.0.attention.self.query.weight"
    assert not torch.equal(enc["mlm"][key], best["model"][key]), "the masked-LM steps changed the encoder"
    model = load_joint(str(run / "best.pt"))
    assert "step" in encoder_from(model, str(mlm / "encoder.pt"))
    weights = model.state_dict()
    assert torch.equal(weights[key], enc["mlm"][key])
    assert torch.equal(weights["heads.kmou.weight"], best["model"]["heads.kmou.weight"])
    assert torch.equal(weights["crfs.klue.transitions"], best["model"]["crfs.klue.transitions"])
    ft = tmp_path / "ft"
    joint_main(["--run", str(ft), "--init", str(run / "best.pt"), "--encoder-from", str(mlm / "encoder.pt"), "--eval-every", "10",
                "--batch-tokens", "200", "--minutes", "0.02"] + common)
    assert "masked-LM step" in (ft / "train.log").read_text()


def test_masked_lm_beside_ner_trains_its_head_with_the_encoder_and_stays_out_of_best_pt(tmp_path):
    from kner.joint import AuxMLM
    data, tok = _tiny_corpora(tmp_path)
    _unlabeled_text(data)
    # the loss itself: the same rows and mask for the same step (a resumed run draws the same), and it learns
    a = argparse.Namespace(data=str(data), quick=False, seed=3, lr=1e-3, mlm_rows=4, mlm_rate=0.3, mlm_warmup=2)
    config = BertConfig(**{**TINY, "vocab_size": len(tok.vocab)})
    torch.manual_seed(0)
    model = JointBertCRF(config, TAG_SETS)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    embeddings = model.bert.embeddings.word_embeddings.weight.detach().clone()
    aux = AuxMLM(model, config, tok, a, opt, torch.device("cpu"))
    assert torch.equal(model.bert.embeddings.word_embeddings.weight, embeddings), "the head's decoder is tied, not reset"
    assert len(opt.param_groups) == 3, "the head's own parameters join the optimizer; its decoder is the embedding"
    model.eval()
    first = aux.loss(model, 5, False)
    assert torch.equal(first, aux.loss(model, 5, False)) and not torch.equal(first, aux.loss(model, 6, False))
    model.train()
    aux.loss(model, 1, False).backward()  # warm-up: the head learns, the encoder's layers do not
    assert model.bert.encoder.layer[0].attention.self.query.weight.grad is None and aux.head.dense.weight.grad is not None
    opt.zero_grad()
    losses = []
    for _ in range(40):
        loss = aux.loss(model, 5, False)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.85 * losses[0], losses
    # in a run: logged, the head kept in last.pt only, resumed with it
    run = tmp_path / "run"
    args = ["--run", str(run), "--data", str(data), "--tokenizer", str(tmp_path / "tok.json"), "--hidden", "32", "--layers", "1",
            "--heads", "2", "--eval-every", "10", "--bf16", "off", "--threads", "1", "--batch-tokens", "200",
            "--mlm-weight", "0.5", "--mlm-rows", "4", "--mlm-warmup", "3"]
    joint_main(args + ["--minutes", "0.03"])
    assert "masked-LM beside NER: weight 0.5" in (run / "train.log").read_text()
    best, last = torch.load(run / "best.pt"), torch.load(run / "last.pt")
    assert not any("dense" in k and not k.startswith("bert.") for k in best["model"]), "no masked-LM head in best.pt"
    load_joint(str(run / "best.pt"))  # strict: the same keys as a run without it
    head = {k: v.clone() for k, v in last["mlm_head"].items()}
    step = last["state"]["step"]
    joint_main(args + ["--minutes", "0.06"])
    assert f"resumed at step {step}" in (run / "train.log").read_text()
    again = torch.load(run / "last.pt")["mlm_head"]
    assert not torch.equal(again["dense.weight"], head["dense.weight"]), "the resumed run trained the head it had"
