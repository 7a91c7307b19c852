"""Masked-LM pretraining of the encoder, the one loop for the CPU and a GPU; resumable.

    cd tools && /usr/bin/python3 -m kner.mlm --run runs/mlm --minutes 600      # stop and start at will
    cd tools && /usr/bin/python3 -m kner.mlm --run runs/mlm --quick            # the whole path in a minute

The recipe (what small encoders need to leave the unigram plateau, after Cramming, Geiping &
Goldstein 2022, and the pre-LN analyses of Xiong et al. 2020):
- pre-LN layers (BertConfig.pre_layer_norm): no long warm-up needed;
- whole-word masking of 20% of the words (a word: a run of syllables between spaces), 80/10/10
  [MASK]/random/kept, spaces and special tokens never a target: with syllable tokens the space is
  the most frequent token, and predicting it is how a model sits at the plateau;
- no dropout while pretraining; AdamW (0.9, 0.98), weight decay 0.01, gradient clipping 0.5;
- the loss only on masked positions (sparse prediction); packed rows of 128 tokens, the length
  the browser's windows have;
- bf16 autocast where there is a GPU or the CPU has AMX / AVX512-BF16 (`--bf16 auto`): on the 2-core
  Xeon with AMX a step of 32 x 128 tokens takes 0.20 s against 0.82-0.96 s in fp32 (before 2026-12-06
  the CPU loop ran in fp32: the sessions' CPU figures in checkpoints/mlm.md are fp32 steps);
- learning rate: linear warm-up, then linear decay to zero at the time budget (--minutes counts
  step time over every resumed session, so a budget spans sessions).

Logged every --log-every steps: training loss and masked accuracy; every --eval-every steps the
same on held-out rows with a fixed mask, against the unigram entropy of the targets (the loss of a
model that ignores context) and the majority share. The first step whose held-out loss is below
the unigram entropy is logged once ("left the unigram plateau").

Checkpoints: RUN/last.pt (everything, to resume), RUN/encoder.pt (the encoder for `kner.train ner
--init`), RUN/encoder-fp16.pt (small enough to keep in git between sessions: `--resume-from`).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
import unicodedata

import numpy as np
import torch

from .model import BertConfig, BertModel, MLMHead, encoder_weights, init_weights
from .train import fused_adamw, lr_factor, param_groups, step_seconds, use_bf16
from .tokenizer import CLS, MASK, SEP, SPACE, UNK, WS_CLASS, SyllableTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "data")
TOKENIZER = os.path.join(HERE, "..", "checkpoints", "kmou-syllable-tokenizer.json")
IGNORE = -100


# ---------------------------------------------------------------------------------------------
# data

def pack_rows(lines: list[str], tok: SyllableTokenizer, seq_len: int) -> np.ndarray:
    """Lines tokenized as SyllableTokenizer.encode does, each ended by [SEP], packed into rows of
    seq_len that start with [CLS]. shape: (rows, seq_len) int64"""
    big = unicodedata.normalize("NFKC", "\n".join(l.strip() for l in lines if l.strip()))
    # the tokenizer's whitespace rule (runs -> one SPACE), line breaks kept as separators
    big = re.sub(WS_CLASS.replace("\n", "") + "+", SPACE, big) + "\n"
    cps = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    lut = np.full(0x110000, UNK, dtype=np.int64)
    for piece, i in tok.index.items():
        if len(piece) == 1:
            lut[ord(piece)] = i
    lut[10] = SEP
    stream = lut[cps]
    body = seq_len - 1
    rows = len(stream) // body
    seqs = np.empty((rows, seq_len), dtype=np.int64)
    seqs[:, 0] = CLS
    seqs[:, 1:] = stream[: rows * body].reshape(rows, body)
    return seqs


def content_mask(ids: torch.Tensor, space_id: int) -> torch.Tensor:
    """True where a token may be a target: not a special token, not the space. shape: as ids"""
    return (ids > MASK) & (ids != space_id)


def corrupt(ids: torch.Tensor, target: torch.Tensor, vocab_size: int, gen: torch.Generator):
    """BERT's input corruption of the targets: 80% [MASK], 10% a random token, 10% kept. Returns (inputs,
    labels), labels IGNORE where not a target."""
    labels = torch.where(target, ids, torch.full_like(ids, IGNORE))
    r = torch.rand(ids.shape, generator=gen)
    inputs = ids.masked_fill(target & (r < 0.8), MASK)
    random_ids = torch.randint(MASK + 1, vocab_size, ids.shape, generator=gen)
    inputs = torch.where(target & (r >= 0.8) & (r < 0.9), random_ids, inputs)
    return inputs, labels


def mask_words(ids: torch.Tensor, space_id: int, vocab_size: int, rate: float, gen: torch.Generator):
    """Whole-word masking: each word (a run of content tokens) is chosen with probability `rate`;
    its tokens become targets, and in the input 80% of them [MASK], 10% a random token, 10% kept.

    ids: (batch, seq) int64. Returns (inputs, labels), labels IGNORE where not a target.
    """
    content = content_mask(ids, space_id)
    prev = torch.zeros_like(content)
    prev[:, 1:] = content[:, :-1]
    starts = content & ~prev  # first token of each word
    # a unique word number per (row, word): cumulative count of word starts over the flattened batch
    word = torch.cumsum(starts.reshape(-1).long(), 0).reshape(ids.shape)
    chosen_word = torch.rand(int(word.max()) + 1, generator=gen) < rate
    target = content & chosen_word[word]
    return corrupt(ids, target, vocab_size, gen)


def mask_spans(ids: torch.Tensor, space_id: int, vocab_size: int, rate: float, gen: torch.Generator):
    """Syllable-span masking: spans of 1-3 tokens (uniform) start at content tokens with probability
    rate / 2, so that about `rate` of the content tokens become targets; a span may run over a space,
    which itself is never a target. Unlike whole words, a span often leaves part of its word visible:
    the model learns how words are built (stems, particles, name syllables) as well as what the context
    says. Input corruption 80/10/10 as mask_words. ids: (batch, seq) int64. Returns (inputs, labels)."""
    content = content_mask(ids, space_id)
    starts = content & (torch.rand(ids.shape, generator=gen) < rate / 2)
    lengths = torch.randint(1, 4, ids.shape, generator=gen)
    target = torch.zeros_like(content)
    for k in range(3):
        reach = starts & (lengths > k)
        target[:, k:] |= reach[:, : ids.shape[1] - k]
    target &= content
    return corrupt(ids, target, vocab_size, gen)


MASKERS = {"word": mask_words, "span": mask_spans}


def unigram_entropy(rows: np.ndarray, space_id: int) -> tuple[float, float]:
    """Entropy (nats) of the target tokens' unigram distribution and the majority token's share:
    the loss and the accuracy of a model that ignores context."""
    flat = rows.reshape(-1)
    flat = flat[(flat > MASK) & (flat != space_id)]
    counts = np.bincount(flat).astype(np.float64)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum()), float(p.max())


# ---------------------------------------------------------------------------------------------
# model and one step

# gradient-norm clip of every masked-LM step (CPU loop here, GPU loop in kner.gpu)
CLIP = 0.5


def masked_lm_loss(bert: torch.nn.Module, head: torch.nn.Module, inputs: torch.Tensor, labels: torch.Tensor,
                   attention_mask=None):
    """Cross-entropy over the target positions only (labels != IGNORE), and the count of correct
    predictions and of targets. The head sees only the targets (a fraction of the positions)."""
    pick = labels != IGNORE
    h = bert(inputs, attention_mask)[pick]  # (targets, hidden)
    logits = head(h).float()
    gold = labels[pick]
    return torch.nn.functional.cross_entropy(logits, gold), (logits.argmax(-1) == gold).sum(), gold.numel()


class MaskedLM(torch.nn.Module):
    def __init__(self, config: BertConfig):
        super().__init__()
        self.bert = BertModel(config)
        self.head = MLMHead(config, self.bert.embeddings.word_embeddings)
        self.bert.apply(init_weights)

    def loss(self, inputs: torch.Tensor, labels: torch.Tensor, attention_mask=None):
        return masked_lm_loss(self.bert, self.head, inputs, labels, attention_mask)


def optimizer_for(model: torch.nn.Module, lr: float, **kw) -> torch.optim.AdamW:
    """AdamW (0.9, 0.98), weight decay 0.01 on matrices only (kner.train's groups)."""
    return torch.optim.AdamW(param_groups(model, lr, 0.01), lr=lr, betas=(0.9, 0.98), eps=1e-6, **kw)


def train_steps(model: MaskedLM, opt, rows: np.ndarray, steps: int, batch_rows: int, lr: float,
                space_id: int, vocab_size: int, rate: float = 0.2, seed: int = 0, warmup: float = 0.1):
    """A plain fixed-step run (tests and small checks): returns the last step's (loss, accuracy)."""
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    loss = acc = None
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = lr * lr_factor(step / steps, warmup)
        batch = torch.as_tensor(rows[rng.integers(0, len(rows), batch_rows)])
        inputs, labels = mask_words(batch, space_id, vocab_size, rate, gen)
        loss, correct, n = model.loss(inputs, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        acc = correct.item() / max(1, n)
    return loss.item(), acc


@torch.no_grad()
def held_out(model: MaskedLM, rows: np.ndarray, space_id: int, vocab_size: int, rate: float,
             masker=mask_words) -> tuple[float, float]:
    """Loss and masked accuracy on fixed rows with a fixed mask (the same every evaluation)."""
    model.eval()
    gen = torch.Generator().manual_seed(1234)
    device = next(model.parameters()).device
    total, correct, count = 0.0, 0, 0
    for i in range(0, len(rows), 64):
        inputs, labels = masker(torch.as_tensor(rows[i:i + 64]), space_id, vocab_size, rate, gen)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            loss, c, n = model.loss(inputs.to(device), labels.to(device))
        total += loss.item() * n
        correct += c.item()
        count += n
    model.train()
    return total / max(1, count), correct / max(1, count)


# ---------------------------------------------------------------------------------------------
# the long run

def unlabeled_lines(data: str, quick: bool) -> list[str]:
    from .corpus import read_corpus
    lines = [s.text for s in read_corpus(data)["train"]]  # train split only: never valid or dev
    for name in ("klue_train_sentences.txt", "nsmc_reviews.txt", "wikinews_ko.txt"):
        path = os.path.join(data, "corpora", name)
        if name == "wikinews_ko.txt" and not os.path.exists(path):
            continue  # newer in ../shared/data than the other two
        with open(path, encoding="utf-8") as f:
            lines += [l.strip() for l in f if l.strip()]
    if quick:
        lines = lines[:: max(1, len(lines) // 4000)]
    random.Random(0).shuffle(lines)
    return lines


def log_to(path: str):
    def log(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    return log


def save_encoder(model: MaskedLM, config: BertConfig, state: dict, path: str, half: bool) -> None:
    weights = {k: (v.half() if half and v.is_floating_point() else v).clone() for k, v in model.state_dict().items()}
    torch.save({"mlm": weights, "config": config.to_dict(), "state": state}, path + ".tmp")
    os.replace(path + ".tmp", path)


def run(a) -> None:
    os.makedirs(a.run, exist_ok=True)
    log = log_to(os.path.join(a.run, "mlm.log"))
    torch.manual_seed(a.seed)
    with open(a.tokenizer, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    space_id, vocab = tok.index[SPACE], len(tok.vocab)
    rows = pack_rows(unlabeled_lines(a.data, a.quick), tok, a.seq_len)
    hold = rows[-256:]
    rows = rows[:-256]
    entropy, majority = unigram_entropy(rows[:20000], space_id)
    init = torch.load(a.init, map_location="cpu", weights_only=False) if a.init else None
    if init is not None:  # a trained NER encoder (kner.joint or kner.train checkpoint): its shape and layer norm
        config = BertConfig(**{**init["config"], "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0})
    else:
        config = BertConfig(vocab_size=vocab, hidden_size=a.hidden, num_hidden_layers=a.layers,
                            num_attention_heads=a.heads, intermediate_size=a.hidden * 4,
                            hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, pre_layer_norm=True)
    device = torch.device(a.device)
    model = MaskedLM(config)
    if init is not None:
        model.bert.load_state_dict(encoder_weights(init["model"]))
    model.to(device)
    opt = optimizer_for(model, a.lr, **fused_adamw(device))
    state = {"step": 0, "elapsed": 0.0, "tokens": 0, "crossed": None}
    last = os.path.join(a.run, "last.pt")
    if os.path.exists(last):
        ck = torch.load(last, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["mlm"])
        opt.load_state_dict(ck["optimizer"])
        state = ck["state"]
        log(f"resumed at step {state['step']} ({state['elapsed'] / 60:.1f} min of step time)")
    elif a.resume_from:  # weights kept in git between sessions (fp16, no optimizer state)
        ck = torch.load(a.resume_from, map_location="cpu", weights_only=False)
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ck["mlm"].items()})
        state = dict(ck["state"])
        state["rewarm_from"] = state["step"]  # a fresh optimizer: warm up again for a few hundred steps
        log(f"resumed weights from {a.resume_from} at step {state['step']} (fresh optimizer)")
    params = sum(p.numel() for p in model.bert.parameters())
    bf16 = use_bf16(a.bf16, device)
    masker = MASKERS[a.mask_unit]
    if state.get("mask_unit", "word") != a.mask_unit:
        log(f"masking changes at step {state['step']}: {state.get('mask_unit', 'word')} -> {a.mask_unit} "
            "(held-out figures after this are of the new task)")
    state["mask_unit"] = a.mask_unit
    log(f"device {device}" + (f" ({torch.cuda.get_device_name()})" if device.type == "cuda" else "")
        + f", clock {a.clock}, bf16 {bf16}, masking {a.mask_unit} {a.mask_rate}")
    if init is not None and state["step"] == 0:
        log(f"encoder from {a.init} (step {init.get('step')}, selection {init.get('selection')}); the MLM head starts fresh")
    log(f"encoder {config.num_hidden_layers}x{config.hidden_size}, {params:,} parameters, "
        f"{'pre' if config.pre_layer_norm else 'post'}-LN; {len(rows):,} rows of {a.seq_len} "
        f"({rows.size:,} tokens); targets' unigram entropy {entropy:.3f} nats, majority share {majority:.3f}")
    gen = torch.Generator().manual_seed(a.seed + state["step"])
    rng = np.random.default_rng(a.seed + state["step"])
    budget = a.minutes * 60
    wall0, elapsed0 = time.time(), state["elapsed"]
    model.train()
    while state["elapsed"] < budget:
        t0 = time.time()
        f = lr_factor(state["elapsed"] / budget, a.warmup)
        if "rewarm_from" in state:
            f *= min(1.0, (state["step"] - state["rewarm_from"] + 1) / 200)
        for g in opt.param_groups:
            g["lr"] = a.lr * f
        batch = torch.as_tensor(rows[rng.integers(0, len(rows), a.batch_rows)])
        inputs, labels = masker(batch, space_id, vocab, a.mask_rate, gen)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16):
            loss, correct, n = model.loss(inputs.to(device, non_blocking=True), labels.to(device, non_blocking=True))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        state["step"] += 1
        state["tokens"] += batch.numel()
        state["elapsed"] += step_seconds(state, time.time() - t0)
        if a.clock == "wall":
            state["elapsed"] = elapsed0 + time.time() - wall0
        step = state["step"]
        if step % a.log_every == 0:
            log(f"step {step} loss {loss.item():.3f} masked acc {correct.item() / max(1, n):.3f} lr {a.lr * f:.2e} "
                f"{state['tokens']:,} tokens {state['elapsed'] / 60:.1f}/{a.minutes:g} min")
        finished = state["elapsed"] >= budget
        if step % a.eval_every == 0 or finished:
            vloss, vacc = held_out(model, hold, space_id, vocab, a.mask_rate, masker)
            note = ""
            if state["crossed"] is None and vloss < entropy:
                state["crossed"] = step
                note = f" -- left the unigram plateau (held-out loss below {entropy:.3f})"
            log(f"eval step {step}: held-out loss {vloss:.3f} masked acc {vacc:.3f} "
                f"(unigram entropy {entropy:.3f}, majority {majority:.3f}){note}")
            torch.save({"mlm": model.state_dict(), "optimizer": opt.state_dict(), "state": state,
                        "config": config.to_dict()}, last + ".tmp")
            os.replace(last + ".tmp", last)
            save_encoder(model, config, state, os.path.join(a.run, "encoder-fp16.pt"), half=True)
            save_encoder(model, config, state, os.path.join(a.run, "encoder.pt"), half=False)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--data", default=DATA)
    p.add_argument("--tokenizer", default=TOKENIZER)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--minutes", type=float, default=600, help="step-time budget over all sessions")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--seq-len", type=int, default=128)
    p.add_argument("--batch-rows", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=float, default=0.02, help="fraction of the budget")
    p.add_argument("--mask-rate", type=float, default=0.2)
    p.add_argument("--mask-unit", choices=sorted(MASKERS), default="word",
                   help="word: whole words (mask_words); span: syllable spans of 1-3 (mask_spans)")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--init", help="start from a trained NER encoder (a kner.joint or kner.train checkpoint): its weights, shape "
                   "and layer norm; a fresh encoder learns positional attention slowly (checkpoints/mlm.md)")
    p.add_argument("--resume-from", default=None, help="an encoder-fp16.pt kept from an earlier session")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="cpu, or cuda (bf16 autocast, fused AdamW)")
    p.add_argument("--clock", choices=["step", "wall"], default="step", help="what --minutes counts: step time, or wall time")
    p.add_argument("--bf16", choices=["auto", "on", "off"], default="auto",
                   help="bf16 autocast for the training steps (auto: a GPU, or a CPU with AMX / AVX512-BF16); held-out loss in fp32 on a CPU")
    a = p.parse_args(argv)
    if a.quick:
        a.hidden, a.layers, a.heads, a.minutes, a.eval_every, a.log_every = 64, 2, 2, min(a.minutes, 0.5), 50, 10
    torch.set_num_threads(a.threads)
    run(a)


if __name__ == "__main__":
    main()
