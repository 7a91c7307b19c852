"""Train the BERT-CRF NER model on the CPU, resumable (masked-LM pretraining: kner.mlm).

    /usr/bin/python3 -m kner.train ner --run runs/full --minutes 100
    /usr/bin/python3 -m kner.train ner --run runs/quick --quick
    /usr/bin/python3 -m kner.train ner --run runs/ft --init runs/mlm/encoder.pt --minutes 100   # from pretraining

The learning-rate schedule follows elapsed training time (warm-up then linear decay to zero at
--minutes), so a fixed time budget gets a complete schedule and a resumed run continues it.
Checkpoints: RUN/last.pt every eval (resume), RUN/best.pt on the best validation F1.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys
import time
import zlib

import torch

from .augment import SOURCE_GUIDELINE, SOURCE_OTHER, MentionPool, replace_mentions, source_of
from .corpus import LABELS, read_corpus, read_jsonl
from .data import join_documents, make_examples, pack_documents
from .metrics import EntityScore, format_table, tags_to_spans
from .model import CRF, BertConfig, BertCRF, encoder_weights
from .tokenizer import MASK, PAD, UNK, SyllableTokenizer, build_vocab

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")


def log(run: str, msg: str) -> None:
    line = f"{time.strftime('%H:%M:%S')} {msg}"
    print(line, flush=True)
    with open(os.path.join(run, "train.log"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


def unlabeled_texts(data_dir: str, limit: int | None = None):
    paths = [os.path.join(data_dir, "corpora", "klue_train_sentences.txt"),
             os.path.join(data_dir, "corpora", "nsmc_reviews.txt")]
    n = 0
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    yield line
                    n += 1
                    if limit and n >= limit:
                        return


def get_tokenizer(run: str, data_dir: str, train_texts: list[str], quick: bool) -> SyllableTokenizer:
    path = os.path.join(run, "tokenizer.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return SyllableTokenizer.from_hf_json(json.load(f))
    texts = list(train_texts) + list(unlabeled_texts(data_dir, 20000 if quick else None))
    tok = SyllableTokenizer(build_vocab(texts, min_count=3 if not quick else 1, always=set("".join(train_texts))))
    tok.save(path)
    return tok


def batches(examples, max_tokens: int, shuffle: bool, rng: random.Random):
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].ids))
    groups, cur, width = [], [], 0
    for i in order:
        w = max(width, len(examples[i].ids))
        if cur and w * (len(cur) + 1) > max_tokens:
            groups.append(cur)
            cur, w = [], len(examples[i].ids)
        cur.append(i)
        width = w
    if cur:
        groups.append(cur)
    if shuffle:
        rng.shuffle(groups)
    return groups


def collate(examples, idx):
    n = max(len(examples[i].ids) for i in idx)
    ids = torch.full((len(idx), n), PAD, dtype=torch.long)
    tags = torch.zeros((len(idx), n), dtype=torch.long)
    for r, i in enumerate(idx):
        e = examples[i]
        ids[r, :len(e.ids)] = torch.tensor(e.ids)
        tags[r, :len(e.tags)] = torch.tensor(e.tags)
    return ids, (ids != PAD).long(), tags


def source_types(examples, idx, width: int) -> torch.Tensor:
    """Token type per position: the source of each example's text (augment.source_of). shape: (batch, width)"""
    return torch.tensor([[source_of(examples[i].sentence.id)] * width for i in idx], dtype=torch.long)


@torch.no_grad()
def evaluate(model: BertCRF, examples, max_tokens: int = 8000, on_paths=None, predictions=None,
             token_type: int = 0, labels: list[str] = LABELS) -> EntityScore:
    """Strict entity scores; a sentence's windows are decoded separately and their spans unioned.

    on_paths(example, path) is called with each window's Viterbi path ([CLS] and [SEP] included).
    Emissions run where the model is (bf16 on a GPU); Viterbi always runs on the CPU. Token type 0
    everywhere by default, as the exported model runs. predictions: a dict filled with {sentence id: spans}.
    labels: the tag set of the model's emissions (KMOU's by default).
    """
    model.eval()
    device = next(model.parameters()).device
    crf = model.crf
    if device.type != "cpu":
        crf = CRF(model.crf.num_tags)
        crf.load_state_dict({k: v.float().cpu() for k, v in model.crf.state_dict().items()})
    pred_by_sent: dict[int, set] = {}
    sents = {}
    for idx in batches(examples, max_tokens, False, random.Random(0)):
        ids, mask, _ = collate(examples, idx)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            types = torch.full_like(ids, token_type).to(device) if token_type else None
            emissions = model.emissions(ids.to(device), mask.to(device), types)
        paths = crf.decode(emissions.float().cpu(), mask)
        for r, i in enumerate(idx):
            e = examples[i]
            key = id(e.sentence)
            sents[key] = e.sentence
            if on_paths:
                on_paths(e, paths[r])
            tags = [labels[t] for t in paths[r][1:-1]]
            pred_by_sent.setdefault(key, set()).update(tags_to_spans(tags, e.spans, e.sentence.text))
    score = EntityScore()
    for key, s in sents.items():
        score.add(pred_by_sent[key], {(x.start, x.end, x.label) for x in s.entities})
        if predictions is not None:
            predictions[s.id] = pred_by_sent[key]
    model.train()
    return score


def entity_surfaces(sentences) -> set[str]:
    """Every entity's text in `sentences` (train): what a model may have memorised."""
    return {s.text[e.start:e.end] for s in sentences for e in s.entities}


def unseen_recall(sentences, predictions: dict, seen: set[str], types=("PER", "ORG", "LOC"),
                  unseen: bool = True) -> tuple[float, int]:
    """Recall of the gold entities of `types` whose surface never occurs as an entity in train (or,
    unseen=False, does): a proxy for text from other sources, where most names are new.
    Returns (recall, count)."""
    hit = total = 0
    for s in sentences:
        for x in s.entities:
            if x.label in types and (s.text[x.start:x.end] not in seen) == unseen:
                total += 1
                hit += (x.start, x.end, x.label) in predictions.get(s.id, ())
    return (hit / total if total else 0.0), total


def widen_token_types(weights: dict, key: str, size: int) -> None:
    """A checkpoint with fewer token-type rows than `size`: the new rows start as type 0's."""
    if weights[key].shape[0] < size:
        weights[key] = weights[key][:1].repeat(size, 1)


def selection_f1(model: BertCRF, valid, valid_docs=None, seen: set[str] | None = None) -> tuple[float, str]:
    """The validation F1 a run selects on: sentences, or with --docs the mean of sentences and
    4-sentence texts; and a note of the parts (and the unseen-name recall) for the log."""
    predictions: dict = {}
    p, r, f1 = evaluate(model, valid, predictions=predictions).micro()
    note = ""
    if seen is not None:
        sentences = {e.sentence.id: e.sentence for e in valid}.values()
        rec, n = unseen_recall(sentences, predictions, seen)
        note = f", unseen PER/ORG/LOC recall {rec:.4f} of {n}"
    if valid_docs is None:
        return f1, f" (P {p:.4f} R {r:.4f}{note})"
    f1_docs = evaluate(model, valid_docs).micro()[2]
    return (f1 + f1_docs) / 2, f" (sentences P {p:.4f} R {r:.4f} F1 {f1:.4f}, 4-sentence texts F1 {f1_docs:.4f}{note})"


def resume(run: str, model, opt, fresh: dict, extras: dict | None = None) -> dict:
    """Loads RUN/last.pt into the model and optimizer (and torch's RNG) when it exists; returns the
    run's state (step, elapsed step time, epoch, batch in epoch, best), else `fresh`. extras: {key: module}
    saved under those keys of last.pt beside the model (kner.joint's masked-LM head), loaded with it."""
    last = os.path.join(run, "last.pt")
    if not os.path.exists(last):
        return fresh
    ck = torch.load(last, map_location="cpu", weights_only=False)
    model.load_state_dict(ck["model"])
    opt.load_state_dict(ck["optimizer"])
    for key, module in (extras or {}).items():
        module.load_state_dict(ck[key])
    torch.set_rng_state(ck["torch_rng"])
    state = ck["state"]
    log(run, f"resumed at step {state['step']} ({state['elapsed'] / 60:.1f} min)")
    return state


def has_bf16() -> bool:
    """Whether this CPU has AMX or AVX512-BF16, where bf16 autocast trains 3-5x faster than fp32 (FIELD-NOTES;
    kner.mlm, 4x256, 32 x 128 tokens, 2 threads, on the 2-core Xeon with AMX: 0.20 s a step against 0.82-0.96)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            flags = f.read()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def use_bf16(choice: str, device: torch.device) -> bool:
    """--bf16 on / off / auto (auto: on a GPU, or on a CPU that has AMX or AVX512-BF16)."""
    return choice == "on" or (choice == "auto" and (device.type == "cuda" or has_bf16()))


def fused_adamw(device: torch.device) -> dict:
    """AdamW's fused kernel where the model is on a GPU (kner.gpu, kner.mlm, kner.joint); nothing on the CPU."""
    return {"fused": True} if device.type == "cuda" else {}


def optimizer_step(model, opt, loss) -> None:
    """Backward, gradient norm clipped at 1, one optimizer step."""
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


def advance(state: dict, batch_index: int, t0: float) -> None:
    """A step done: the step count, the batch to resume at, the step time (the schedule's clock)."""
    state["step"] += 1
    state["batch_in_epoch"] = batch_index + 1
    state["elapsed"] += step_seconds(state, time.time() - t0)


# A step this many times longer than the typical one was a pause, not work.
PAUSE_FACTOR = 10.0


def step_seconds(state: dict, seconds: float) -> float:
    """A step's time as the schedule counts it. A step longer than PAUSE_FACTOR times the typical one (the
    process stopped with SIGSTOP while a benchmark ran, a machine asleep) counts as PAUSE_FACTOR typical
    steps at most, so a pause neither eats the budget nor ends the warm-up early (a 12-minute pause once
    took 13 of a 600-minute masked-LM budget and jumped its learning rate from 4e-5 to 1e-3). The typical
    step, a running mean of the counted ones, is kept in `state` and so survives a resume."""
    typical = state.get("typical_step")
    counted = seconds if typical is None else min(seconds, PAUSE_FACTOR * typical)
    state["typical_step"] = counted if typical is None else 0.95 * typical + 0.05 * counted
    return counted


def lr_factor(frac: float, warmup: float) -> float:
    if frac < warmup:
        return frac / warmup
    return max(0.0, (1.0 - frac) / (1.0 - warmup))


def pseudo_sample(pseudo: list, n_gold: int, share: float, seed: int, epoch: int) -> list:
    """One epoch's pseudo-labelled sentences: round(share x n_gold) of them, drawn afresh per epoch
    (without repeats while the pool lasts, then the pool again), in the pool's order."""
    want = int(round(share * n_gold))
    if not pseudo or want <= 0:
        return []
    rng = random.Random(seed * 104729 + epoch)
    picks = []
    while want > 0:
        k = min(want, len(pseudo))
        picks += sorted(rng.sample(range(len(pseudo)), k))
        want -= k
    return [pseudo[i] for i in picks]


def synthetic_types(a) -> tuple[str, ...]:
    """--synthetic-types as a tuple (PER alone when the namespace predates the option)."""
    return tuple(t.strip() for t in getattr(a, "synthetic_types", "PER").split(",") if t.strip())


def epoch_examples(sents, pool: MentionPool, tok: SyllableTokenizer, a, epoch: int, pseudo: list | None = None) -> list:
    """One epoch's training examples with the generalisation levers of `a` (CPU and GPU loops alike):
    fresh mention replacement (--replace-prob, --synthetic-share) and multi-sentence packing (--docs),
    both deterministic per epoch, so a resumed run sees what it would have seen.

    pseudo (--pseudo, --pseudo-share): pseudo-labelled sentences (kner.selftrain), share x len(sents)
    of them per epoch, added after mention replacement (their names are the point: they keep them)
    and packed like the gold ones (among themselves: their ids make them one file)."""
    if a.replace_prob > 0:
        arng = random.Random(a.seed * 7919 + epoch)
        sents = [replace_mentions(s, pool, arng, a.replace_prob, a.synthetic_share, synthetic_types(a))
                 for s in sents]
    if pseudo:
        sents = list(sents) + pseudo_sample(pseudo, len(sents), a.pseudo_share, a.seed, epoch)
    if a.docs:
        sents = pack_documents(sents, random.Random(a.seed * 1000 + epoch))
    return make_examples(sents, tok, a.max_len)


def ner_batch(examples, idx, a):
    """ids, mask, tags and token types (the source signal, or None) of one training batch, with
    --unk-prob input noise: unseen names must not depend on memorised syllables."""
    ids, mask, tags = collate(examples, idx)
    if a.unk_prob > 0:
        noise = (torch.rand(ids.shape) < a.unk_prob) & (mask > 0) & (ids > MASK)
        ids = ids.masked_fill(noise, UNK)
    types = source_types(examples, idx, ids.shape[1]) if a.source_signal else None
    return ids, mask, tags, types


def param_groups(model, lr, wd):
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if p.ndim < 2 or "LayerNorm" in n or n.startswith("crf.") else decay).append(p)
    return [{"params": decay, "weight_decay": wd, "lr": lr}, {"params": no_decay, "weight_decay": 0.0, "lr": lr}]


HOLD_OUT_SOURCES = {"exobrain": SOURCE_GUIDELINE, "other": SOURCE_OTHER}


def cross_source_split(splits: dict, hold_out: str, valid_limit: int) -> dict:
    """Train on one source of the training files, validate on the other (issue 11's cross-source
    validation): `hold_out` "exobrain" trains on the 000xx files (train and valid splits) and
    validates on the EXOBRAIN_NE_CORPUS_001-008 files; "other" the reverse. The validation set is
    at most `valid_limit` of the held-out source's sentences, chosen by a hash of their ids (the same
    ones on every machine and run). The dev split is left as it is (never used for a choice)."""
    held = HOLD_OUT_SOURCES[hold_out]
    pool = list(splits["train"]) + list(splits["valid"])
    train = [s for s in pool if source_of(s.id) != held]
    held_out = [s for s in pool if source_of(s.id) == held]
    if valid_limit and len(held_out) > valid_limit:
        # whole runs of 4 neighbouring sentences of a file (the 4-sentence texts join real neighbours),
        # chosen by a hash of the run's name, kept in corpus order
        def block(sentence_id: str) -> str:
            name, _, number = sentence_id.rpartition("#")
            return f"{name}#{(int(number) - 1) // 4}" if number.isdigit() else sentence_id
        blocks = collections.Counter(block(s.id) for s in held_out)
        chosen, total = set(), 0
        for name in sorted(blocks, key=lambda b: zlib.crc32(b.encode("utf-8"))):
            if total + blocks[name] > valid_limit:
                break
            chosen.add(name)
            total += blocks[name]
        held_out = [s for s in held_out if block(s.id) in chosen]
    return {**splits, "train": train, "valid": held_out}


def train_ner(a) -> None:
    os.makedirs(a.run, exist_ok=True)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    splits = read_corpus(a.data)
    if getattr(a, "hold_out_source", None):
        splits = cross_source_split(splits, a.hold_out_source, a.valid_limit)
        log(a.run, f"cross-source: held out {a.hold_out_source}; train {len(splits['train'])} sentences, "
                   f"valid {len(splits['valid'])} of the held-out source")
    if a.quick:
        splits = {"train": splits["train"][:600], "valid": splits["valid"][:150], "dev": splits["dev"][:150]}
    tok = get_tokenizer(a.run, a.data, [s.text for s in splits["train"]], a.quick)
    train = make_examples(splits["train"], tok, a.max_len)
    valid = make_examples(splits["valid"], tok, a.max_len)
    valid_docs = make_examples(join_documents(splits["valid"], 4), tok, a.max_len) if a.docs else None
    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=a.hidden, num_hidden_layers=a.layers,
                        num_attention_heads=a.heads, intermediate_size=a.hidden * 4,
                        hidden_dropout_prob=a.dropout, attention_probs_dropout_prob=a.dropout,
                        type_vocab_size=2 if a.source_signal else 1)
    state = torch.load(a.init, map_location="cpu", weights_only=False) if a.init else None
    if state is not None and "mlm" in state:  # a kner.mlm encoder: its sizes and layout, our dropout
        config = BertConfig(**{**state["config"], "hidden_dropout_prob": a.dropout,
                               "attention_probs_dropout_prob": a.dropout,
                               "type_vocab_size": config.type_vocab_size})
    model = BertCRF(config, len(LABELS), dropout=a.dropout)
    if a.init:
        if "mlm" in state:
            encoder = encoder_weights(state["mlm"])
            widen_token_types(encoder, "embeddings.token_type_embeddings.weight", config.type_vocab_size)
            model.bert.load_state_dict(encoder)
            log(a.run, f"init encoder from {a.init} (masked-LM step {state['state']['step']})")
        elif "model" in state:  # a whole BertCRF checkpoint (best.pt): continue fine-tuning from it
            weights = dict(state["model"])
            widen_token_types(weights, "bert.embeddings.token_type_embeddings.weight", config.type_vocab_size)
            model.load_state_dict(weights)
            log(a.run, f"init the whole model from {a.init} (step {state.get('step')}, valid F1 {state.get('valid_f1')})")
        else:  # encoder weights from masked-LM pretraining
            missing, unexpected = model.bert.load_state_dict(state, strict=False)
            log(a.run, f"init encoder from {a.init}: missing={missing} unexpected={unexpected}")
    opt = torch.optim.AdamW(param_groups(model, a.lr, 0.01), lr=a.lr)
    state = resume(a.run, model, opt, {"step": 0, "elapsed": 0.0, "best_f1": -1.0, "epoch": 0, "batch_in_epoch": 0})
    last = os.path.join(a.run, "last.pt")
    with open(os.path.join(a.run, "args.json"), "w") as f:
        json.dump({**vars(a), "config": config.to_dict(), "labels": LABELS}, f, indent=2)
    params = sum(p.numel() for p in model.parameters())
    pool = MentionPool(splits["train"])
    seen = entity_surfaces(splits["train"])
    log(a.run, f"train {len(train)} windows, valid {len(valid)}, vocab {len(tok.vocab)}, params {params:,}")
    pseudo = None
    if a.pseudo:
        pseudo = read_jsonl(a.pseudo)  # kner.selftrain's file: the corpus JSONL form
        log(a.run, f"pseudo-labels: {len(pseudo)} sentences from {a.pseudo}, "
                   f"{int(round(a.pseudo_share * len(splits['train'])))} per epoch (share {a.pseudo_share})")
    budget = a.minutes * 60

    def progress(st: dict) -> float:  # the schedule's clock: steps when --steps is given, else step time
        return st["step"] / a.steps if a.steps else st["elapsed"] / budget

    model.train()
    done = False
    while not done:
        if a.replace_prob > 0 or a.docs or pseudo:
            train = epoch_examples(splits["train"], pool, tok, a, state["epoch"], pseudo)
        groups = batches(train, a.batch_tokens, True, random.Random(a.seed + state["epoch"]))
        for bi in range(state["batch_in_epoch"], len(groups)):
            t0 = time.time()
            ids, mask, tags, types = ner_batch(train, groups[bi], a)
            f = lr_factor(progress(state), a.warmup)
            for g in opt.param_groups:
                g["lr"] = a.lr * f
            loss = model.crf.neg_log_likelihood(model.emissions(ids, mask, types), tags, mask) / ids.shape[0]
            optimizer_step(model, opt, loss)
            advance(state, bi, t0)
            if state["step"] % 50 == 0:
                log(a.run, f"step {state['step']} epoch {state['epoch']} loss {loss.item():.3f} lr {a.lr * f:.2e} "
                           f"{state['elapsed'] / 60:.1f} min" + (f", {state['step']}/{a.steps} steps" if a.steps else f"/{a.minutes} min"))
            finished = progress(state) >= 1.0
            if state["step"] % a.eval_every == 0 or finished:
                f1, doc_note = selection_f1(model, valid, valid_docs, seen)
                best = f1 > state["best_f1"]
                if best:
                    state["best_f1"] = f1
                    torch.save({"model": model.state_dict(), "config": config.to_dict(), "labels": LABELS,
                                "step": state["step"], "valid_f1": f1}, os.path.join(a.run, "best.pt"))
                torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "state": state,
                            "torch_rng": torch.get_rng_state()}, last + ".tmp")
                os.replace(last + ".tmp", last)
                if a.keep_evals:  # snapshots for checkpoint averaging (kner.average)
                    torch.save({"model": model.state_dict(), "config": config.to_dict(), "labels": LABELS,
                                "step": state["step"], "valid_f1": f1}, os.path.join(a.run, f"step{state['step']}.pt"))
                log(a.run, f"eval step {state['step']}: valid F1 {f1:.4f}{doc_note}{' *best*' if best else ''}")
            if finished:
                done = True
                break
        else:
            state["epoch"] += 1
            state["batch_in_epoch"] = 0
    ck = torch.load(os.path.join(a.run, "best.pt"), map_location="cpu", weights_only=False)
    model.load_state_dict(ck["model"])
    log(a.run, "valid table (best checkpoint):\n" + format_table(evaluate(model, valid).table()))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["ner"])
    p.add_argument("--run", required=True, help="run folder (checkpoints, log, tokenizer)")
    p.add_argument("--data", default=DATA)
    p.add_argument("--quick", action="store_true", help="small slice, small model, about a minute")
    p.add_argument("--minutes", type=float, default=100)
    p.add_argument("--steps", type=int, default=0,
                   help="a budget in steps instead of minutes (the same schedule whatever the machine's load: for controls)")
    p.add_argument("--init", help="encoder weights from pretraining (RUN/encoder.pt), or a whole model (best.pt) to continue from")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=float, default=0.06, help="fraction of the budget")
    p.add_argument("--batch-tokens", type=int, default=3000)
    p.add_argument("--max-len", type=int, default=256)
    p.add_argument("--eval-every", type=int, default=400)
    p.add_argument("--unk-prob", type=float, default=0.03)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--docs", action="store_true", help="train on multi-sentence texts too (pack_documents); select on both")
    p.add_argument("--keep-evals", action="store_true", help="keep the model of every evaluation (RUN/stepN.pt)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--replace-prob", type=float, default=0.0,
                   help="probability that a PER/ORG/LOC/POH entity is swapped for another mention of its type each epoch")
    p.add_argument("--synthetic-share", type=float, default=0.5, help="share of the replacements that are synthetic names")
    p.add_argument("--synthetic-types", default="PER",
                   help="comma-separated types whose replacements may be synthetic names: PER, ORG, LOC (default PER)")
    p.add_argument("--source-signal", action="store_true",
                   help="token type = the text's source (EXOBRAIN 0, 000xx 1); the exported model runs with 0")
    p.add_argument("--hold-out-source", choices=sorted(HOLD_OUT_SOURCES),
                   help="cross-source validation: train on the other source's files only, validate on this one's")
    p.add_argument("--valid-limit", type=int, default=1500, help="with --hold-out-source: validation sentences at most")
    p.add_argument("--pseudo", help="pseudo-labelled sentences to add each epoch (a kner.selftrain JSONL); default none")
    p.add_argument("--pseudo-share", type=float, default=0.3,
                   help="with --pseudo: pseudo sentences per epoch as a share of the gold training sentences")
    a = p.parse_args(argv)
    unknown = set(synthetic_types(a)) - {"PER", "ORG", "LOC"}
    if unknown:
        p.error(f"--synthetic-types: no synthetic names for {', '.join(sorted(unknown))} (PER, ORG or LOC)")
    if a.quick:
        a.hidden, a.layers, a.heads, a.minutes, a.eval_every = 64, 2, 2, min(a.minutes, 1.0), 40
    torch.set_num_threads(a.threads)
    train_ner(a)


if __name__ == "__main__":
    main()
