"""One encoder, two tag sets: a head and a CRF per tag set, trained on KMOU and KLUE-NER together.

    cd tools && OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 -m kner.joint --run runs/joint \\
        --init checkpoints/kmou-syllable-bert-crf.pt --minutes 90

Each batch comes from one corpus and trains that corpus's head and CRF (and the shared encoder):
KMOU's ten types (21 BIO labels) and KLUE's six (13 labels) keep their own conventions, none is
renamed into the other. Batches of the two corpora are interleaved in proportion to their sizes.

Levers, afresh each epoch (deterministic per epoch, so a resumed run sees what it would have seen):
mention replacement of the name-like types drawn from the training mentions, synthetic names and
the gazetteers (kner.gazetteer), and multi-sentence packing (kner.data.pack_documents).

Where the CPU has AMX or AVX512-BF16 the encoder runs under bf16 autocast (3-4x faster on such a
CPU, FIELD-NOTES); the CRF loss stays in fp32. `--bf16 auto` detects it from /proc/cpuinfo.

Validation (selection): the mean of KMOU's (sentences and 4-sentence texts, as kner.train --docs)
and KLUE's entity macro F1 over its six types on a 5% split of the KLUE train file (kner.corpus
read_klue). KMOU's dev split and KLUE's dev split are used for no choice.
Checkpoints: RUN/last.pt (resume), RUN/best.pt ({"model", "config", "tag_sets", "step", "valid"}).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import time

import torch
from torch import nn

from .augment import MentionPool, replace_mentions
from .corpus import KLUE_LABELS, KLUE_TYPES, LABEL_TYPES, LABELS, Entity, Sentence, read_corpus, read_klue
from .data import join_documents, make_examples, pack_documents
from .gazetteer import GazetteerNames, NamePool, available
from .metrics import format_table
from .mlm import mask_words, masked_lm_loss, pack_rows, unlabeled_lines
from .model import CRF, BertConfig, BertModel, MLMHead, encoder_weights, init_weights
from .tokenizer import MASK, SPACE, UNK, SyllableTokenizer, build_vocab
from .train import (DATA, advance, batches, collate, entity_surfaces, evaluate, log, lr_factor, optimizer_step, param_groups, resume,
                    fused_adamw, source_types, unseen_recall, use_bf16, widen_token_types)

TAG_SETS = {"kmou": LABELS, "klue": KLUE_LABELS}
TYPES = {"kmou": LABEL_TYPES, "klue": KLUE_TYPES}
NAME_LABELS = {"kmou": ("PER", "ORG", "LOC", "POH"), "klue": ("PS", "LC", "OG")}
GAZETTEER_KINDS = {"kmou": {"PER": "person", "LOC": "place", "ORG": "organization"},
                   "klue": {"PS": "person", "LC": "place", "OG": "organization"}}
# KLUE's MentionPool is built on a relabelled copy (name statistics only: its person-name syllables and
# its organisation/place suffixes); the labels the model learns are never renamed
KLUE_POOL_LABELS = {"PS": "PER", "LC": "LOC", "OG": "ORG"}
# a KLUE head starts from the KMOU head's rows of the nearest type (an initialisation, not a renaming)
KLUE_INIT_FROM = {"PS": "PER", "LC": "LOC", "OG": "ORG", "DT": "DAT", "TI": "TIM", "QT": "NOH"}


class JointBertCRF(nn.Module):
    """bert -> dropout -> a linear head per tag set (emissions) -> that tag set's CRF."""

    def __init__(self, c: BertConfig, tag_sets: dict[str, list[str]], dropout: float = 0.1):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(dropout)
        self.tag_sets = dict(tag_sets)
        self.heads = nn.ModuleDict({name: nn.Linear(c.hidden_size, len(labels)) for name, labels in tag_sets.items()})
        self.crfs = nn.ModuleDict({name: CRF(len(labels)) for name, labels in tag_sets.items()})
        self.apply(init_weights)

    def emissions(self, input_ids, attention_mask, token_type_ids=None, tag_set: str = "kmou"):
        return self.heads[tag_set](self.dropout(self.bert(input_ids, attention_mask, token_type_ids)))

    def all_emissions(self, input_ids, attention_mask, token_type_ids=None) -> tuple:
        h = self.dropout(self.bert(input_ids, attention_mask, token_type_ids))
        return tuple(self.heads[name](h) for name in self.tag_sets)

    def head(self, tag_set: str) -> "OneHead":
        return OneHead(self, tag_set)


class OneHead(nn.Module):
    """One tag set of a JointBertCRF seen as a BertCRF (emissions, crf): what kner.train's evaluate,
    kner.calibrate and kner.export take."""

    def __init__(self, joint: JointBertCRF, tag_set: str):
        super().__init__()
        self.joint, self.tag_set = joint, tag_set
        self.bert, self.crf = joint.bert, joint.crfs[tag_set]

    def emissions(self, input_ids, attention_mask, token_type_ids=None):
        return self.joint.emissions(input_ids, attention_mask, token_type_ids, self.tag_set)


def init_from_single(model: JointBertCRF, state: dict) -> str:
    """Weights of a kner.train checkpoint (one KMOU head): the encoder, KMOU's head and CRF as they are;
    KLUE's head rows and CRF entries from KMOU's of the nearest type (KLUE_INIT_FROM)."""
    weights = state["model"]
    model.bert.load_state_dict(encoder_weights(weights))
    model.heads["kmou"].load_state_dict({k.split(".", 1)[1]: v for k, v in weights.items() if k.startswith("position_wise_ff.")})
    model.crfs["kmou"].load_state_dict({k.split(".", 1)[1]: v for k, v in weights.items() if k.startswith("crf.")})
    if "klue" in model.heads:
        src = {l: i for i, l in enumerate(LABELS)}
        rows = [src["O"] if l == "O" else src[f"{l[:2]}{KLUE_INIT_FROM[l[2:]]}"] for l in KLUE_LABELS]
        idx = torch.tensor(rows)
        with torch.no_grad():
            model.heads["klue"].weight.copy_(model.heads["kmou"].weight[idx])
            model.heads["klue"].bias.copy_(model.heads["kmou"].bias[idx])
            kc, qc = model.crfs["kmou"], model.crfs["klue"]
            qc.transitions.copy_(kc.transitions[idx][:, idx])
            qc.start_transitions.copy_(kc.start_transitions[idx])
            qc.end_transitions.copy_(kc.end_transitions[idx])
    return f"step {state.get('step')}, valid F1 {state.get('valid_f1')}"


def init_from_mlm(model: JointBertCRF, state: dict) -> str:
    """A kner.mlm encoder ({"mlm": weights, "config", "state"}): the encoder's weights (token types widened to
    the model's: the new rows start as type 0's); heads and CRFs start fresh."""
    weights = encoder_weights(state["mlm"])
    key = "embeddings.token_type_embeddings.weight"
    widen_token_types(weights, key, model.bert.embeddings.token_type_embeddings.weight.shape[0])
    model.bert.load_state_dict(weights)
    s = state.get("state", {})
    return f"masked-LM encoder, step {s.get('step')}, {s.get('tokens', 0):,} tokens"


def encoder_from(model: JointBertCRF, path: str) -> str:
    """--encoder-from: after --init, the encoder's weights from a kner.mlm run that began from that same
    checkpoint's encoder (`kner.mlm --init`); the heads and CRFs stay --init's. Shapes must match."""
    state = torch.load(path, map_location="cpu", weights_only=False)
    if "mlm" not in state:
        raise SystemExit(f"--encoder-from {path}: not a kner.mlm encoder file")
    init_from_mlm(model, state)  # the same loading; the token types already match --init's
    s = state.get("state", {})
    return f"masked-LM step {s.get('step')}, {s.get('tokens', 0):,} tokens"


def wait_for(path: str, run: str, limit_s: float = 3600) -> None:
    """--wait-for: block until another process has written `path` (a GPU shot starts its fine-tuning runs
    with their data ready, and lets them begin together when the pretraining ends)."""
    t0 = time.time()
    while not os.path.exists(path):
        if time.time() - t0 > limit_s:
            raise SystemExit(f"--wait-for {path}: not there after {limit_s:.0f} s")
        time.sleep(1)
    log(run, f"{path} is there after {time.time() - t0:.0f} s of waiting")


def load_joint(path: str) -> JointBertCRF:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    model = JointBertCRF(BertConfig(**ck["config"]), ck["tag_sets"])
    model.load_state_dict(ck["model"])
    model.eval()
    return model


class Corpus:
    """One tag set's sentences, levers and validation examples."""

    def __init__(self, name: str, splits: dict, tok: SyllableTokenizer, a, gazetteer: GazetteerNames | None):
        self.name, self.labels, self.splits, self.tok, self.a = name, TAG_SETS[name], splits, tok, a
        pool_labels = KLUE_POOL_LABELS if name == "klue" else {}
        relabel = [Sentence(s.id, s.text, [Entity(e.start, e.end, pool_labels.get(e.label, e.label)) for e in s.entities])
                   for s in splits["train"]] if pool_labels else splits["train"]
        self.pool = NamePool(MentionPool(relabel), gazetteer, GAZETTEER_KINDS[name], a.gazetteer_share, pool_labels)
        self.valid = make_examples(splits["valid"], tok, a.max_len, self.labels)
        self.valid_docs = make_examples(join_documents(splits["valid"], 4), tok, a.max_len, self.labels) if name == "kmou" else None
        self.seen = entity_surfaces(splits["train"])

    def epoch(self, epoch: int) -> list:
        a = self.a
        rng = random.Random(a.seed * 7919 + epoch * 31 + len(self.name))
        sents = [replace_mentions(s, self.pool, rng, a.replace_prob, a.synthetic_share, ("PER", "ORG", "LOC", "PS", "OG", "LC"),
                                  NAME_LABELS[self.name]) for s in self.splits["train"]]
        sents = pack_documents(sents, random.Random(a.seed * 1000 + epoch))
        return make_examples(sents, self.tok, a.max_len, self.labels)

    def score(self, model: JointBertCRF) -> tuple[float, str, dict]:
        head = model.head(self.name)
        predictions: dict = {}
        sc = evaluate(head, self.valid, predictions=predictions, labels=self.labels)
        p, r, f1 = sc.micro()
        macro = sc.macro_f1(TYPES[self.name])
        sentences = {e.sentence.id: e.sentence for e in self.valid}.values()
        names = ("PER", "ORG", "LOC") if self.name == "kmou" else ("PS", "OG", "LC")
        rec, n = unseen_recall(sentences, predictions, self.seen, names)
        note = f"{self.name}: micro P {p:.4f} R {r:.4f} F1 {f1:.4f} macro {macro:.4f}, unseen names recall {rec:.4f} of {n}"
        if self.name == "kmou":
            f1_docs = evaluate(head, self.valid_docs, labels=self.labels).micro()[2]
            note += f", 4-sentence texts F1 {f1_docs:.4f}"
            return (f1 + f1_docs) / 2, note, {"f1": f1, "docs_f1": f1_docs, "unseen_recall": rec}
        return macro, note, {"f1": f1, "macro_f1": macro, "unseen_recall": rec}


_CORPORA: dict = {}  # what a forked --prefetch worker prepares epochs from


def _prepare(job: tuple[str, int]) -> list:
    name, epoch = job
    return _CORPORA[name].epoch(epoch)


class Epochs:
    """Each corpus's examples for an epoch; with `workers` > 0 the next epoch is prepared in forked processes
    while this one trains (a GPU step is faster than the CPU's mention replacement of a whole epoch).
    The same examples either way: an epoch's levers are seeded by the epoch alone."""

    def __init__(self, corpora: dict, workers: int):
        self.corpora, self.pending = corpora, {}
        self.pool = None
        if workers > 0:
            _CORPORA.clear()
            _CORPORA.update(corpora)
            self.pool = multiprocessing.get_context("fork").Pool(workers)  # before CUDA starts in this process

    def get(self, epoch: int) -> dict:
        if self.pool is None:
            return {n: c.epoch(epoch) for n, c in self.corpora.items()}
        if epoch not in self.pending:
            self._submit(epoch)
        got = {n: r.get() for n, r in self.pending.pop(epoch).items()}
        self._submit(epoch + 1)
        return got

    def _submit(self, epoch: int) -> None:
        self.pending[epoch] = {n: self.pool.apply_async(_prepare, ((n, epoch),)) for n in self.corpora}

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()


def selection(corpora: dict, model: JointBertCRF) -> tuple[float, dict]:
    """What a run selects on: the mean of each corpus's validation score (Corpus.score); and each one's parts."""
    parts = {n: c.score(model) for n, c in corpora.items()}
    return sum(p[0] for p in parts.values()) / len(parts), parts


def joint_batch(examples, idx, unk_prob: float, source: bool):
    """kner.train's collate, --unk-prob input noise, and the source signal (KMOU) or none (KLUE)."""
    ids, mask, tags = collate(examples, idx)
    if unk_prob > 0:
        noise = (torch.rand(ids.shape) < unk_prob) & (mask > 0) & (ids > MASK)
        ids = ids.masked_fill(noise, UNK)
    return ids, mask, tags, (source_types(examples, idx, ids.shape[1]) if source else None)


class AuxMLM:
    """--mlm-weight W: masked-LM on the unlabeled text (kner.mlm's lines: KMOU and KLUE train sentences, NSMC,
    Wikinews; never a validation or dev sentence) as a second loss of every step, through the same encoder:
    loss = NER loss + W x masked-LM loss. Pretraining before fine-tuning gave NER nothing at equal steps
    (checkpoints/mlm.md); this keeps the context task alive while the encoder learns the tags. The head (BERT's
    MLM head, decoder tied to the word embeddings) is trained alongside and kept in last.pt only: best.pt,
    the bundle and the browser never see it. Each step's rows and mask follow from (seed, step), so a
    resumed run draws what it would have drawn."""

    def __init__(self, model: JointBertCRF, config: BertConfig, tok: SyllableTokenizer, a, opt, device):
        self.a, self.device = a, device
        self.rows = pack_rows(unlabeled_lines(a.data, a.quick), tok, 128)
        self.space_id, self.vocab_size = tok.index[SPACE], len(tok.vocab)
        self.head = MLMHead(config, model.bert.embeddings.word_embeddings).to(device)
        # the tied decoder is the encoder's own embedding (already in the optimizer): the head adds the rest,
        # grouped by param_groups' rule (decay on matrices only)
        tied = model.bert.embeddings.word_embeddings.weight
        own = [p for p in self.head.parameters() if p is not tied]
        opt.add_param_group({"params": [p for p in own if p.ndim >= 2], "weight_decay": 0.01, "lr": a.lr})
        opt.add_param_group({"params": [p for p in own if p.ndim < 2], "weight_decay": 0.0, "lr": a.lr})

    def loss(self, model: JointBertCRF, step: int, bf16: bool) -> torch.Tensor:
        gen = torch.Generator().manual_seed(self.a.seed * 1_000_003 + step)
        pick = torch.randint(0, len(self.rows), (self.a.mlm_rows,), generator=gen)
        inputs, labels = mask_words(torch.as_tensor(self.rows[pick.numpy()]), self.space_id, self.vocab_size,
                                    self.a.mlm_rate, gen)
        inputs, labels = inputs.to(self.device), labels.to(self.device)
        # the first --mlm-warmup steps the head learns on the encoder as it is: a fresh head's gradient would
        # reach the encoder's layers as noise
        encoder = model.bert if step >= self.a.mlm_warmup else _frozen(model.bert)
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=bf16):
            loss, _, _ = masked_lm_loss(encoder, self.head, inputs, labels)
        return loss.float()


def _frozen(bert: BertModel):
    """bert's forward with no gradient to its weights (AuxMLM's warm-up)."""
    def forward(input_ids, attention_mask=None):
        with torch.no_grad():
            return bert(input_ids, attention_mask)
    return forward


def tokenizer_for(a, splits: dict) -> SyllableTokenizer:
    """--vocab-from FILES: a vocabulary of the syllables in those files and the training sentences (a bundle
    whose every part comes from data of one license); otherwise the --tokenizer file."""
    if not a.vocab_from:
        with open(a.tokenizer, encoding="utf-8") as f:
            return SyllableTokenizer.from_hf_json(json.load(f))
    train_texts = [s.text for sp in splits.values() for s in sp["train"]]
    texts = list(train_texts)
    for path in a.vocab_from.split(","):
        with open(path, encoding="utf-8") as f:
            texts += f.read().splitlines()
    tok = SyllableTokenizer(build_vocab(texts, min_count=1 if a.quick else 3, always=set("".join(train_texts))))
    log(a.run, f"vocabulary of {len(tok.vocab):,} from {len(texts):,} lines ({a.vocab_from} and the training sentences)")
    return tok


def train(a) -> None:
    os.makedirs(a.run, exist_ok=True)
    torch.manual_seed(a.seed)
    names = [n for n in a.tag_sets.split(",") if n]
    unknown = [n for n in names if n not in TAG_SETS]
    if not names or unknown:
        raise SystemExit(f"--tag-sets: {','.join(unknown) or '(none)'} unknown; the tag sets are {', '.join(TAG_SETS)}")
    readers = {"kmou": read_corpus, "klue": read_klue}
    splits = {n: readers[n](a.data) for n in names}
    if a.quick:
        splits = {n: {k: v[:400] for k, v in sp.items()} for n, sp in splits.items()}
    tok = tokenizer_for(a, splits)
    tok.save(os.path.join(a.run, "tokenizer.json"))
    gaz = GazetteerNames(a.data) if a.gazetteer_share > 0 and available(a.data) else None
    if gaz:
        log(a.run, "gazetteer names: " + ", ".join(f"{k} {v:,}" for k, v in gaz.counts.items()))
    corpora = {n: Corpus(n, splits[n], tok, a, gaz) for n in names}
    epochs = Epochs(corpora, a.prefetch)
    if a.wait_for:
        wait_for(a.wait_for, a.run)
    state0 = torch.load(a.init, map_location="cpu", weights_only=False) if a.init else None
    if state0 is not None:
        config = BertConfig(**{**state0["config"], "hidden_dropout_prob": a.dropout, "attention_probs_dropout_prob": a.dropout})
        if "mlm" in state0:  # a masked-LM encoder has one token type; KMOU's source signal needs two
            config.type_vocab_size = max(config.type_vocab_size, 2 if "kmou" in names else 1)
    else:
        config = BertConfig(vocab_size=len(tok.vocab), hidden_size=a.hidden, num_hidden_layers=a.layers,
                            num_attention_heads=a.heads, intermediate_size=a.hidden * 4,
                            hidden_dropout_prob=a.dropout, attention_probs_dropout_prob=a.dropout,
                            type_vocab_size=2 if "kmou" in names else 1, pre_layer_norm=a.pre_ln)
    model = JointBertCRF(config, {n: TAG_SETS[n] for n in names}, dropout=a.dropout)
    if state0 is not None and "mlm" in state0:
        log(a.run, f"init from {a.init} ({init_from_mlm(model, state0)})")
    elif state0 is not None and "tag_sets" in state0:
        # a kner.joint checkpoint (best.pt, or the weights a card names): every part as it was saved
        model.load_state_dict(state0["model"])
        log(a.run, f"init from {a.init} (joint checkpoint, step {state0.get('step')}, valid {state0.get('valid')})")
    elif state0 is not None:
        log(a.run, f"init from {a.init} ({init_from_single(model, state0)})")
    if a.encoder_from:
        log(a.run, f"encoder from {a.encoder_from} ({encoder_from(model, a.encoder_from)})")
    device = torch.device(a.device)
    model.to(device)
    groups = param_groups(model, a.lr, 0.01)
    opt = torch.optim.AdamW(groups, lr=a.lr, **fused_adamw(device))
    aux = AuxMLM(model, config, tok, a, opt, device) if a.mlm_weight > 0 else None
    state = resume(a.run, model, opt, {"step": 0, "elapsed": 0.0, "best": -1.0, "epoch": 0, "batch_in_epoch": 0},
                   {"mlm_head": aux.head} if aux is not None else None)
    last = os.path.join(a.run, "last.pt")
    if aux is not None:
        log(a.run, f"masked-LM beside NER: weight {a.mlm_weight}, {a.mlm_rows} rows of 128 a step, "
                   f"{len(aux.rows):,} rows of unlabeled text")
    with open(os.path.join(a.run, "args.json"), "w") as f:
        json.dump({**vars(a), "config": config.to_dict(), "tag_sets": model.tag_sets}, f, indent=2)
    bf16 = use_bf16(a.bf16, device)
    log(a.run, "; ".join(f"{n} train {len(sp['train'])} valid {len(sp['valid'])}" for n, sp in splits.items())
        + f"; vocabulary {len(tok.vocab):,}; params {sum(p.numel() for p in model.parameters()):,}; bf16 {bf16}; device {device}"
        + (f" ({torch.cuda.get_device_name()})" if device.type == "cuda" else "") + f"; clock {a.clock}")
    budget = a.minutes * 60
    # --clock wall: the schedule runs on wall time (evaluations and data preparation included), so a run
    # given N minutes ends in N minutes with its learning rate decayed; step (default): step time only
    wall0, elapsed0 = time.time(), state["elapsed"]
    model.train()
    while True:
        # this epoch's batches: each corpus's own, interleaved at random in proportion to their counts
        examples, plan = epochs.get(state["epoch"]), []
        for name in corpora:
            plan += [(name, g) for g in batches(examples[name], a.batch_tokens, True, random.Random(a.seed + state["epoch"]))]
        random.Random(a.seed * 17 + state["epoch"]).shuffle(plan)
        for bi in range(state["batch_in_epoch"], len(plan)):
            name, idx = plan[bi]
            t0 = time.time()
            ids, mask, tags, types = (t.to(device) if t is not None else None
                                      for t in joint_batch(examples[name], idx, a.unk_prob, name == "kmou"))
            f = lr_factor(state["elapsed"] / budget, a.warmup)
            for g in opt.param_groups:
                g["lr"] = a.lr * f
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
                em = model.emissions(ids, mask, types, name)
            loss = model.crfs[name].neg_log_likelihood(em.float(), tags, mask) / ids.shape[0]
            mlm_loss = aux.loss(model, state["step"], bf16) if aux is not None else None
            optimizer_step(model, opt, loss if mlm_loss is None else loss + a.mlm_weight * mlm_loss)
            advance(state, bi, t0)
            if a.clock == "wall":
                state["elapsed"] = elapsed0 + time.time() - wall0
            if state["step"] % 50 == 0:
                log(a.run, f"step {state['step']} epoch {state['epoch']} {name} loss {loss.item():.3f} lr {a.lr * f:.2e} "
                           + (f"masked-LM {mlm_loss.item():.3f} " if mlm_loss is not None else "")
                           + f"{state['elapsed'] / 60:.1f}/{a.minutes} min")
            finished = state["elapsed"] >= budget
            if state["step"] % a.eval_every == 0 or finished:
                model.eval()
                sel, parts = selection(corpora, model)
                model.train()
                best = sel > state["best"]
                if best:
                    state["best"] = sel
                    torch.save({"model": model.state_dict(), "config": config.to_dict(), "tag_sets": model.tag_sets,
                                "step": state["step"], "valid": {n: p[2] for n, p in parts.items()}, "selection": sel},
                               os.path.join(a.run, "best.pt"))
                torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "state": state,
                            "torch_rng": torch.get_rng_state(),
                            **({"mlm_head": aux.head.state_dict()} if aux is not None else {})}, last + ".tmp")
                os.replace(last + ".tmp", last)
                log(a.run, f"eval step {state['step']}: selection {sel:.4f}; " + "; ".join(p[1] for p in parts.values())
                    + (" *best*" if best else ""))
            if finished:
                break
        else:
            state["epoch"] += 1
            state["batch_in_epoch"] = 0
            continue
        break
    epochs.close()
    model = load_joint(os.path.join(a.run, "best.pt")).to(device)
    for name, c in corpora.items():
        sc = evaluate(model.head(name), c.valid, labels=c.labels)
        log(a.run, f"{name} valid table (best checkpoint), macro F1 {sc.macro_f1(TYPES[name]):.4f}:\n"
                   + format_table(sc.table(TYPES[name])))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--data", default=DATA)
    p.add_argument("--init", help="a kner.joint checkpoint (every part), or a kner.train checkpoint (KMOU head) to start from")
    p.add_argument("--encoder-from", help="a kner.mlm encoder file begun from --init's encoder (kner.mlm --init): its encoder "
                   "weights replace --init's, the heads and CRFs stay")
    p.add_argument("--tag-sets", default="kmou,klue", help="which corpora and heads: kmou,klue (default), klue or kmou")
    p.add_argument("--vocab-from", help="comma-separated text files: build the vocabulary from them and the training sentences")
    p.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "..", "checkpoints", "kmou-syllable-tokenizer.json"))
    p.add_argument("--quick", action="store_true", help="400 sentences a corpus, one minute")
    p.add_argument("--minutes", type=float, default=90, help="step time of the whole schedule (warm-up, linear decay)")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--warmup", type=float, default=0.05)
    p.add_argument("--batch-tokens", type=int, default=4000)
    p.add_argument("--max-len", type=int, default=256)
    p.add_argument("--eval-every", type=int, default=600)
    p.add_argument("--unk-prob", type=float, default=0.03)
    p.add_argument("--replace-prob", type=float, default=0.4)
    p.add_argument("--synthetic-share", type=float, default=0.25)
    p.add_argument("--gazetteer-share", type=float, default=0.5, help="share of the non-synthetic replacements drawn from the gazetteers")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--bf16", choices=["auto", "on", "off"], default="auto")
    p.add_argument("--device", default="cpu", help="cpu, or cuda (bf16 autocast, fused AdamW)")
    p.add_argument("--clock", choices=["step", "wall"], default="step", help="what --minutes counts: step time, or wall time")
    p.add_argument("--wait-for", help="a file to wait for after the data is ready and before the model is built")
    p.add_argument("--prefetch", type=int, default=0, help="processes that prepare the next epoch while this one trains")
    p.add_argument("--mlm-weight", type=float, default=0.0, help="masked-LM on the unlabeled text beside NER, this "
                   "weight on its loss (0: off)")
    p.add_argument("--mlm-rows", type=int, default=16, help="--mlm-weight: rows of 128 tokens a step")
    p.add_argument("--mlm-rate", type=float, default=0.2, help="--mlm-weight: share of the words masked")
    p.add_argument("--mlm-warmup", type=int, default=500, help="--mlm-weight: steps in which the masked-LM trains its head "
                   "only (the encoder's layers untouched by it; the tied decoder moves the word embeddings)")
    p.add_argument("--pre-ln", action="store_true", help="a fresh encoder with pre-LN layers (what kner.mlm pretrains)")
    a = p.parse_args(argv)
    if a.quick:
        a.minutes, a.eval_every = min(a.minutes, 1.0), 40
    torch.set_num_threads(a.threads)
    train(a)


if __name__ == "__main__":
    main()
