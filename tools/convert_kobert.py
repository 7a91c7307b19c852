"""Convert a reference KoBERT-CRF checkpoint (eagle705/pytorch-bert-crf-ner) into a model bundle.

    npm run convert-kobert -- --checkpoint FILE --ner-to-index FILE --sentencepiece FILE --vocab FILE \
        --out DIR [--bert-config FILE]

The checkpoint is a `torch.save` dict: its `model_state_dict` (or the dict itself) holds Hugging Face
BertModel weights under `bert.`, the emission layer `position_wise_ff.{weight,bias}` and the CRF, named
either as kmkurn/pytorch-crf (`crf.start_transitions`, `crf.end_transitions`, `crf.transitions`) or as
TorchCRF (`crf.start_trans`, `crf.end_trans`, `crf.trans_matrix`). Keys may carry DataParallel's
`module.` prefix. The tokenizer is KoBERT's SentencePiece model plus its gluonnlp vocabulary: the model's
ids are the vocabulary's `token_to_idx`, not SentencePiece's piece ids (see sentencepiece_tokenizer_json).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import pickle
import sys

import torch

from kner.export import write_bundle
from kner.model import BertConfig, BertCRF

# KoBERT (SKT) as the reference builds it (model/net.py `bert_config`).
KOBERT_CONFIG = {
    "vocab_size": 8002, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
    "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2,
    "hidden_act": "gelu", "layer_norm_eps": 1e-12,
}

# TorchCRF (rikeda71/TorchCRF, TorchCRF/__init__.py) stores `trans_matrix` as "(source, destination)"
# and decodes with `previous_score.view(b, -1, 1) + self.trans_matrix + h_t.view(b, 1, -1)`, max over
# dim 1: trans_matrix[from, to], the same orientation as pytorch-crf's `transitions[from, to]` (and as
# our crf.json). Its start_trans/end_trans are added to the first/last emission as pytorch-crf's are.
# So the renaming needs no transpose.
TORCHCRF_NAMES = {"crf.start_trans": "crf.start_transitions", "crf.end_trans": "crf.end_transitions",
                  "crf.trans_matrix": "crf.transitions"}

# Weights a reference checkpoint holds that emissions never use: BertModel's pooler (the [CLS] head for
# sentence tasks) and transformers' `position_ids` buffer (arange(max_positions), saved by some versions).
UNUSED_KEYS = ("bert.pooler.dense.weight", "bert.pooler.dense.bias", "bert.embeddings.position_ids")

# @huggingface/tokenizers 0.2.0 does not read a Precompiled normalizer's charsmap: it removes these
# control characters and turns these spaces into " " (src/core/normalizer/Precompiled.ts), then NFKC.
# Where the model's own charsmap keeps such a character instead (KoBERT's keeps the C0 controls and
# ZWJ/ZWNJ, so SentencePiece makes them [UNK]), a Replace first turns it into PLACEHOLDER, a private-use
# character both libraries keep and no vocabulary knows: [UNK] again, and runs of unknowns fuse alike.
JS_PRECOMPILED_REMOVED = "\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F"
JS_PRECOMPILED_SPACES = "\u0009\u000A\u000C\u000D\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2581\u3000\uFEFF\uFFFD"
PLACEHOLDER = "\ue000"

# Score of vocabulary tokens SentencePiece lacks: never worth a piece ("[CLS]" costs more than any split).
UNSEEN_SCORE = -1e4

SPECIAL_NAMES = {"cls": "cls_token", "sep": "sep_token", "pad": "padding_token", "unk": "unknown_token"}


class ConversionError(Exception):
    """Bad input: the message says which file or key, what was expected and what came."""


# --- checkpoint -------------------------------------------------------------------------------------

def load_checkpoint(path: str, allow_pickle: bool = False) -> dict[str, torch.Tensor]:
    """The state dict of a `torch.save` file: `model_state_dict`, `state_dict`, or the dict itself."""
    if not os.path.isfile(path):
        raise ConversionError(f"--checkpoint: no such file {path}")
    try:
        # weights_only: tensors, numbers, strings and containers only; no code runs while loading
        obj = torch.load(path, map_location="cpu", weights_only=not allow_pickle)
    except pickle.UnpicklingError as e:
        with open(path, "rb") as f:
            magic = f.read(2)
        if magic != b"PK" and magic[:1] != b"\x80":  # neither torch's zip format nor a legacy pickle
            raise ConversionError(f"{path}: not a torch.save checkpoint (it starts with {magic!r})") from e
        raise ConversionError(f"{path}: holds Python objects besides tensors ({str(e).splitlines()[0]}); "
                              "if you trust the file, run again with --allow-pickle") from e
    except Exception as e:  # noqa: BLE001 - torch raises many kinds for a broken file
        raise ConversionError(f"{path}: not a torch.save checkpoint ({type(e).__name__}: {e})") from e
    if not isinstance(obj, dict):
        raise ConversionError(f"{path}: expected a dict, got {type(obj).__name__}")
    for key in ("model_state_dict", "state_dict"):
        if isinstance(obj.get(key), dict):
            obj = obj[key]
            break
    tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
    if not tensors:
        raise ConversionError(f"{path}: expected a state dict (or a dict with model_state_dict), got keys "
                              f"{sorted(map(str, obj))[:8]}")
    return tensors


def normalize_keys(state: dict[str, torch.Tensor]) -> tuple[dict[str, torch.Tensor], str]:
    """Strips `module.` prefixes, renames old LayerNorm gamma/beta and TorchCRF's CRF names.

    Returns the renamed dict and which CRF naming the checkpoint used ("pytorch-crf" or "TorchCRF").
    """
    out: dict[str, torch.Tensor] = {}
    for key, value in state.items():
        name = key
        while name.startswith("module."):
            name = name[len("module."):]
        if ".LayerNorm.gamma" in name or ".LayerNorm.beta" in name:  # pytorch_pretrained_bert < 0.5
            name = name.replace(".LayerNorm.gamma", ".LayerNorm.weight").replace(".LayerNorm.beta", ".LayerNorm.bias")
        if name in out:
            raise ConversionError(f"checkpoint: key {key} collides with another key after renaming to {name}")
        out[name] = value
    torchcrf = [k for k in TORCHCRF_NAMES if k in out]
    pytorch_crf = [v for v in TORCHCRF_NAMES.values() if v in out]
    if torchcrf and pytorch_crf:
        raise ConversionError(f"checkpoint: expected one CRF naming, got both {torchcrf} (TorchCRF) and {pytorch_crf} (pytorch-crf)")
    for old, new in TORCHCRF_NAMES.items():
        if old in out:
            out[new] = out.pop(old)
    return out, "TorchCRF" if torchcrf else "pytorch-crf"


def guess_config(state: dict[str, torch.Tensor]) -> str:
    """A description of the BERT the weights look like, for error messages."""
    def dim(key, axis):
        return state[key].shape[axis] if key in state and state[key].dim() > axis else "?"
    layers = {int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer.") and k.split(".")[3].isdigit()}
    return (f"vocab_size {dim('bert.embeddings.word_embeddings.weight', 0)}, "
            f"hidden_size {dim('bert.embeddings.word_embeddings.weight', 1)}, num_hidden_layers {len(layers)}, "
            f"intermediate_size {dim('bert.encoder.layer.0.intermediate.dense.weight', 0)}, "
            f"max_position_embeddings {dim('bert.embeddings.position_embeddings.weight', 0)}, "
            f"type_vocab_size {dim('bert.embeddings.token_type_embeddings.weight', 0)}, "
            f"num_tags {dim('position_wise_ff.weight', 0)}")


def read_bert_config(path: str | None) -> BertConfig:
    config = dict(KOBERT_CONFIG)
    if path is not None:
        given = read_json(path, "--bert-config")
        if not isinstance(given, dict):
            raise ConversionError(f"{path}: expected a JSON object, got {type(given).__name__}")
        config.update(given)
    if config.get("hidden_act", "gelu") != "gelu":
        raise ConversionError(f"bert config: expected hidden_act \"gelu\", got {config['hidden_act']!r}")
    fields = {}
    for name in ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                 "max_position_embeddings", "type_vocab_size"):
        value = config[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConversionError(f"bert config: expected {name} to be a positive integer, got {value!r}")
        fields[name] = value
    if fields["hidden_size"] % fields["num_attention_heads"]:
        raise ConversionError(f"bert config: expected hidden_size ({fields['hidden_size']}) to be a multiple of "
                              f"num_attention_heads ({fields['num_attention_heads']})")
    return BertConfig(**fields, layer_norm_eps=float(config.get("layer_norm_eps", 1e-12)))


def build_model(state: dict[str, torch.Tensor], config: BertConfig, num_tags: int) -> BertCRF:
    """BertCRF with the checkpoint's weights; every shape checked against the config first."""
    model = BertCRF(config, num_tags)
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    unused_shapes = {"bert.pooler.dense.weight": (config.hidden_size, config.hidden_size),
                     "bert.pooler.dense.bias": (config.hidden_size,),
                     "bert.embeddings.position_ids": (1, config.max_position_embeddings)}
    hint = f" (the checkpoint looks like: {guess_config(state)}; pass --bert-config or fix --ner-to-index)"
    # in the model's own order, so the first mismatch named is the most telling (word embeddings first)
    for key in [k for k in [*expected, *unused_shapes] if k in state]:
        want = expected.get(key) or unused_shapes[key]
        if tuple(state[key].shape) != want:
            raise ConversionError(f"checkpoint: {key}: expected shape {list(want)}, got {list(state[key].shape)}{hint}")
        if key in expected and not state[key].is_floating_point():
            raise ConversionError(f"checkpoint: {key}: expected floating point weights, got {state[key].dtype}")
    unexpected = sorted(k for k in state if k not in expected and k not in unused_shapes)
    if unexpected:
        raise ConversionError(f"checkpoint: unexpected keys {unexpected[:6]}{' ...' if len(unexpected) > 6 else ''} "
                              f"({len(unexpected)} in all); expected a KobertCRF (bert -> position_wise_ff -> crf){hint}")
    missing = sorted(k for k in expected if k not in state)
    if missing:
        raise ConversionError(f"checkpoint: missing keys {missing[:6]}{' ...' if len(missing) > 6 else ''} "
                              f"({len(missing)} in all){hint}")
    model.load_state_dict({k: v.float() for k, v in state.items() if k in expected}, strict=True)
    model.eval()
    return model


# --- labels -----------------------------------------------------------------------------------------

def read_labels(path: str) -> list[str]:
    """Labels in index order from ner_to_index.json ({"[CLS]": 0, ..., "O": 4, "B-POH": 5, ...})."""
    mapping = read_json(path, "--ner-to-index")
    if not isinstance(mapping, dict) or not mapping:
        raise ConversionError(f"{path}: expected a non-empty JSON object label -> index, got {type(mapping).__name__}")
    by_index: dict[int, str] = {}
    for label, index in mapping.items():
        if not isinstance(index, int) or isinstance(index, bool):
            raise ConversionError(f"{path}: expected an integer index for {label!r}, got {index!r}")
        if index in by_index:
            raise ConversionError(f"{path}: index {index} is given to both {by_index[index]!r} and {label!r}")
        by_index[index] = label
    if sorted(by_index) != list(range(len(by_index))):
        raise ConversionError(f"{path}: expected indices 0..{len(by_index) - 1}, got {sorted(by_index)}")
    if "O" not in mapping:
        raise ConversionError(f"{path}: expected an \"O\" label, got {sorted(mapping)}")
    return [by_index[i] for i in range(len(by_index))]


# --- tokenizer --------------------------------------------------------------------------------------

def read_gluonnlp_vocab(path: str) -> tuple[list[str], dict]:
    """Tokens in id order (ids from `token_to_idx`) and the vocabulary JSON's special token names."""
    vocab = read_json(path, "--vocab")
    if not isinstance(vocab, dict) or not isinstance(vocab.get("token_to_idx"), dict):
        raise ConversionError(f"{path}: expected a gluonnlp vocabulary JSON with token_to_idx, got "
                              f"{sorted(vocab)[:8] if isinstance(vocab, dict) else type(vocab).__name__}")
    token_to_idx = vocab["token_to_idx"]
    tokens: list[str | None] = [None] * len(token_to_idx)
    for token, index in token_to_idx.items():
        if not isinstance(index, int) or not 0 <= index < len(tokens) or tokens[index] is not None:
            raise ConversionError(f"{path}: expected token_to_idx to number {len(tokens)} tokens 0..{len(tokens) - 1} "
                                  f"once each, got {index!r} for {token!r}")
        tokens[index] = token
    return tokens, vocab  # type: ignore[return-value]


def sentencepiece_tokenizer_json(sp_model_path: str, vocab_path: str) -> tuple[dict, dict, list[str]]:
    """A Hugging Face tokenizer.json reproducing `vocab[SentencePiece pieces]`, as the reference tokenized.

    The reference (gluonnlp `SentencepieceTokenizer` + `Vocabulary.to_indices`) splits the text into
    SentencePiece pieces and looks each piece STRING up in the gluonnlp vocabulary, unknown -> [UNK].
    So the Unigram model's vocab is in gluonnlp id order, each piece with its SentencePiece score.
    Gluonnlp tokens SentencePiece lacks ([UNK], [PAD], [CLS], [SEP], [MASK]) get UNSEEN_SCORE, so a
    literal "[CLS]" in the text splits into pieces as SentencePiece splits it; they are not added
    tokens either, for the same reason ([CLS]/[SEP] come from the post-processor). That score also
    lowers @huggingface/tokenizers' unknown-character penalty (lowest score - 10) below
    SentencePiece's, which changes no segmentation: an unknown character lies in no piece, so every
    path through it pays the same penalty. SentencePiece pieces the vocabulary lacks are dropped
    (they could only give [UNK]).

    Returns (tokenizer.json, special token names {cls, sep, pad, unk}, dropped normal pieces).
    """
    from sentencepiece import sentencepiece_model_pb2 as sp_pb2

    if not os.path.isfile(sp_model_path):
        raise ConversionError(f"--sentencepiece: no such file {sp_model_path}")
    proto = sp_pb2.ModelProto()
    try:
        with open(sp_model_path, "rb") as f:
            proto.ParseFromString(f.read())
    except Exception as e:  # noqa: BLE001 - protobuf's DecodeError and friends
        raise ConversionError(f"{sp_model_path}: not a SentencePiece model ({e})") from e
    if not proto.pieces:
        raise ConversionError(f"{sp_model_path}: not a SentencePiece model (no pieces)")
    if proto.trainer_spec.model_type != sp_pb2.TrainerSpec.UNIGRAM:
        raise ConversionError(f"{sp_model_path}: expected a unigram SentencePiece model, got model type "
                              f"{sp_pb2.TrainerSpec.ModelType.Name(proto.trainer_spec.model_type)}")
    spec = proto.normalizer_spec
    if not (spec.add_dummy_prefix and spec.escape_whitespaces):
        raise ConversionError(f"{sp_model_path}: expected add_dummy_prefix and escape_whitespaces (KoBERT's), "
                              f"got {spec.add_dummy_prefix} and {spec.escape_whitespaces}")
    normal = sp_pb2.ModelProto.SentencePiece.NORMAL
    scores = {p.piece: p.score for p in proto.pieces if p.type in (normal, sp_pb2.ModelProto.SentencePiece.USER_DEFINED)}

    tokens, vocab = read_gluonnlp_vocab(vocab_path)
    specials = {}
    for short, field in SPECIAL_NAMES.items():
        name = vocab.get(field) or f"[{short.upper()}]"
        if name not in vocab["token_to_idx"]:
            raise ConversionError(f"{vocab_path}: expected the {field} {name!r} in token_to_idx, got none")
        specials[short] = name
    dropped = sorted(p for p in scores if p not in vocab["token_to_idx"])

    token_to_idx = vocab["token_to_idx"]
    kept = kept_characters(sp_model_path, token_to_idx)
    kept = [{"type": "Replace", "pattern": {"Regex": "[" + "".join(kept) + "]"}, "content": PLACEHOLDER}] if kept else []
    unigram_vocab = [[token, float(scores.get(token, UNSEEN_SCORE))] for token in tokens]
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        # SentencePiece's own normalizer, as far as tokenizer.json can say it: kept characters (above),
        # the model's precompiled charsmap (its `nmt_nfkc` rules: NFKC, some controls removed, other
        # whitespace to " "; @huggingface/tokenizers re-implements these rules and ignores the map
        # itself), then remove_extra_whitespaces: runs of spaces collapse to one. A leading space stays
        # and becomes the "▁" Metaspace would otherwise prepend; a trailing one is dropped after
        # Metaspace (Split "▁+$" Removed), not by a Strip normalizer, which would make every space
        # normalize with the character after it and so blur the token offsets.
        "normalizer": {"type": "Sequence", "normalizers": [
            *kept,
            {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(spec.precompiled_charsmap).decode("ascii")},
            *([{"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}] if spec.remove_extra_whitespaces else []),
        ]},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True, "add_prefix_space": True},
            *([{"type": "Split", "pattern": {"Regex": "\u2581+$"}, "behavior": "Removed", "invert": False}]
              if spec.remove_extra_whitespaces else []),
        ]},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": specials["cls"], "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": specials["sep"], "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": specials["cls"], "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": specials["sep"], "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": specials["sep"], "type_id": 1}}],
            "special_tokens": {specials[k]: {"id": specials[k], "ids": [token_to_idx[specials[k]]], "tokens": [specials[k]]}
                               for k in ("cls", "sep")},
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True,
                    "add_prefix_space": True},
        "model": {"type": "Unigram", "unk_id": token_to_idx[specials["unk"]], "vocab": unigram_vocab, "byte_fallback": False},
    }
    return tokenizer, specials, dropped


def kept_characters(sp_model_path: str, token_to_idx: dict) -> list[str]:
    """Characters the JS Precompiled normalizer drops or spaces but this model's charsmap keeps as unknowns."""
    import re

    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=sp_model_path)
    js_changed = re.compile(f"[{JS_PRECOMPILED_REMOVED}{JS_PRECOMPILED_SPACES}]")
    kept = []
    for c in filter(js_changed.match, map(chr, range(0x10000))):  # both sets lie in the BMP
        # between two letters so a character normalized away or to a space shows as such
        surface = "".join(sp.EncodeAsPieces(f"a{c}b")).replace("\u2581", " ")
        if surface == f" a{c}b" and c not in token_to_idx:
            kept.append(c)
    return kept


def tokenizer_config(specials: dict, max_len: int, mask_token: str | None) -> dict:
    config = {
        "tokenizer_class": "PreTrainedTokenizer",
        "model_max_length": max_len,
        "cls_token": specials["cls"], "sep_token": specials["sep"], "pad_token": specials["pad"],
        "unk_token": specials["unk"],
        "clean_up_tokenization_spaces": False,
    }
    if mask_token:
        config["mask_token"] = mask_token
    return config


# --- bundle -----------------------------------------------------------------------------------------

def convert(checkpoint: str, ner_to_index: str, sentencepiece: str, vocab: str, out: str,
            bert_config: str | None = None, max_seq_length: int | None = None, allow_pickle: bool = False,
            meta: dict | None = None, log=print, int8: bool = False) -> dict:
    """Writes the bundle to `out`; returns a summary (labels, CRF naming, config, dropped pieces)."""
    labels = read_labels(ner_to_index)
    config = read_bert_config(bert_config)
    tok_json, specials, dropped = sentencepiece_tokenizer_json(sentencepiece, vocab)
    vocab_size = len(tok_json["model"]["vocab"])
    if vocab_size != config.vocab_size:
        raise ConversionError(f"{vocab}: expected {config.vocab_size} tokens (the model's vocab_size), got {vocab_size}")
    state, crf_naming = normalize_keys(load_checkpoint(checkpoint, allow_pickle))
    model = build_model(state, config, len(labels))
    seq = max_seq_length or config.max_position_embeddings
    if not 4 <= seq <= config.max_position_embeddings:
        raise ConversionError(f"--max-seq-length: expected 4..{config.max_position_embeddings}, got {seq}")
    if dropped:
        log(f"convert-kobert: {len(dropped)} SentencePiece pieces are not in {vocab} and are dropped "
            f"(the reference gave them [UNK] too, but text around them may split differently): {dropped[:10]}")
    with open(checkpoint, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    mask_token = json.load(open(vocab, encoding="utf-8")).get("mask_token")
    meta = {"id": "kobert-crf", "name": "KoBERT-CRF (converted)", "version": "1.0.0",
            "license": "as the checkpoint's owner states; KoBERT tokenizer Apache-2.0", "metrics": {}, **(meta or {})}
    card = (f"# {meta['name']}\n\nConverted by tools/convert_kobert.py from a reference KoBERT-CRF checkpoint "
            f"(eagle705/pytorch-bert-crf-ner layout).\n\n- checkpoint: `{os.path.basename(checkpoint)}` "
            f"(sha256 {digest})\n- CRF naming: {crf_naming}\n- BERT: {config.num_hidden_layers} layers, hidden "
            f"{config.hidden_size}, {config.num_attention_heads} heads, vocab {config.vocab_size}\n- labels "
            f"({len(labels)}): {', '.join(labels)}\n- tokenizer: SentencePiece `{os.path.basename(sentencepiece)}` "
            f"with gluonnlp ids from `{os.path.basename(vocab)}`\n- license: {meta['license']}\n")
    write_bundle(out, model, labels, tok_json, tokenizer_config(specials, seq, mask_token), meta,
                 with_token_types=True, max_seq_length=seq, special_tokens=specials, card=card, int8=int8)
    return {"labels": labels, "crf_naming": crf_naming, "config": config.to_dict(), "dropped_pieces": dropped}


def read_json(path: str, what: str):
    if not os.path.isfile(path):
        raise ConversionError(f"{what}: no such file {path}")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ConversionError(f"{path}: not valid UTF-8 JSON ({e})") from e


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="npm run convert-kobert --", description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", required=True, help="torch.save file (model_state_dict or a bare state dict)")
    parser.add_argument("--ner-to-index", required=True, help="ner_to_index.json: label -> index")
    parser.add_argument("--sentencepiece", required=True, help="KoBERT SentencePiece model (tokenizer_78b3253a26.model)")
    parser.add_argument("--vocab", required=True, help="gluonnlp vocabulary JSON (kobertvocab_f38b8a4d6d.json)")
    parser.add_argument("--out", required=True, help="bundle folder to write")
    parser.add_argument("--bert-config", help="JSON with BERT sizes (default: KoBERT's, 12 x 768, vocab 8002)")
    parser.add_argument("--max-seq-length", type=int, help="tokens per window incl. [CLS]/[SEP] (default: max positions)")
    parser.add_argument("--id", default="kobert-crf", help="bundle id (default kobert-crf)")
    parser.add_argument("--name", default="KoBERT-CRF (converted)", help="display name")
    parser.add_argument("--license", default="as the checkpoint's owner states; KoBERT tokenizer Apache-2.0")
    parser.add_argument("--int8", action="store_true",
                        help="also write an int8 model (onnx/model_quantized.onnx), which the apps then run by default: "
                             "check its F1 against fp32 on your data first")
    parser.add_argument("--allow-pickle", action="store_true", help="load a checkpoint holding Python objects (runs its code)")
    args = parser.parse_args(argv)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    try:
        summary = convert(args.checkpoint, args.ner_to_index, args.sentencepiece, args.vocab, args.out,
                          args.bert_config, args.max_seq_length, args.allow_pickle,
                          {"id": args.id, "name": args.name, "license": args.license}, int8=args.int8,
                          log=lambda m: print(m, file=sys.stderr))
    except ConversionError as e:
        print(f"convert-kobert: {e}", file=sys.stderr)
        return 2
    c = summary["config"]
    print(f"wrote {os.path.abspath(args.out)}: {len(summary['labels'])} labels, CRF from {summary['crf_naming']}, "
          f"{c['num_hidden_layers']} layers x {c['hidden_size']}, vocab {c['vocab_size']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
