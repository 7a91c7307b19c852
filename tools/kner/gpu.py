"""One time-boxed shot on a GPU: masked-LM pretraining, then NER fine-tuning, for one or more model
sizes at once (each in its own process; small models leave most of an H100 idle).

Here (prepares the data the GPU machine cannot reach: ../shared does not travel):

    cd tools && /usr/bin/python3 -m kner.gpu prepare --out ../.gpu

There (the `device` tool; `.gpu` carried, results under $OUT):

    cd tools && python3 -m kner.gpu run --data ../.gpu --out $OUT --seconds 480 \
        --arch small:4:256:4:5e-4 --arch base:6:384:6:3e-4 --docs --replace-prob 0.3 --source-signal

The NER phase uses kner.train's data levers and selection (epoch_examples, ner_batch, selection_f1),
so a GPU run and a CPU run of the same flags train on the same kind of batches.

Back here, each `NAME.pt` (fp16 weights, split in parts under 16 MB) becomes a run folder that
`kner.build --skip-train` exports:

    cd tools && /usr/bin/python3 -m kner.gpu unpack --from DIR --name small --run runs/gpu-small

Everything is also runnable on the CPU (`--device cpu --tiny`), which is how it is tested.
"""
from __future__ import annotations

import argparse
import copy
import json
import lzma
import os
import random
import subprocess
import sys
import time

import numpy as np
import torch

from .corpus import LABELS, Entity, Sentence
from .augment import MentionPool
from .data import join_documents, make_examples
from .metrics import format_table
from .mlm import CLIP, log_to, mask_words, masked_lm_loss, pack_rows
from .model import BertConfig, BertCRF, MLMHead, use_fast_attention
from .tokenizer import SPACE, UNK, SyllableTokenizer
from .train import (batches, entity_surfaces, epoch_examples, evaluate, fused_adamw, lr_factor, ner_batch, param_groups,
                    selection_f1, unlabeled_texts, widen_token_types)

HERE = os.path.dirname(os.path.abspath(__file__))
TOKENIZER = os.path.join(HERE, "..", "checkpoints", "kmou-syllable-tokenizer.json")
PART_BYTES = 15_000_000  # files coming back from the GPU machine must stay under 16 MiB each


# ---------------------------------------------------------------------------------------------
# prepare (here)

def prepare(a) -> None:
    from .corpus import read_corpus
    os.makedirs(a.out, exist_ok=True)
    splits = read_corpus(a.data)
    packed = {k: [[s.id, s.text, [[e.start, e.end, e.label] for e in s.entities]] for s in v] for k, v in splits.items()}
    with lzma.open(os.path.join(a.out, "kmou.json.xz"), "wt", encoding="utf-8", preset=6) as f:
        json.dump(packed, f, ensure_ascii=False)
    # unlabeled text for pretraining: train sentences (never valid or dev) + the unlabeled corpora
    path = os.path.join(a.out, "pretrain.txt")
    with open(path, "w", encoding="utf-8") as f:
        for s in splits["train"]:
            f.write(s.text.strip() + "\n")
        for t in unlabeled_texts(a.data):
            f.write(t + "\n")
    subprocess.run(["xz", "-6", "-T0", "-f", path], check=True)
    print({k: len(v) for k, v in splits.items()}, os.path.getsize(path + ".xz"), "bytes of pretraining text (xz)")


# ---------------------------------------------------------------------------------------------
# data (there)

def load_splits(data: str, tiny: bool) -> dict[str, list[Sentence]]:
    with lzma.open(os.path.join(data, "kmou.json.xz"), "rt", encoding="utf-8") as f:
        packed = json.load(f)
    out = {k: [Sentence(i, t, [Entity(s, e, l) for s, e, l in ents]) for i, t, ents in v] for k, v in packed.items()}
    if tiny:
        out = {"train": out["train"][:400], "valid": out["valid"][:100], "dev": out["dev"][:100]}
    return out


def pretrain_sequences(data: str, tok: SyllableTokenizer, seq_len: int, seed: int, tiny: bool) -> np.ndarray:
    """The unlabeled lines, shuffled, tokenized as SyllableTokenizer.encode does, each ended by [SEP],
    packed into rows of seq_len that start with [CLS]. shape: (rows, seq_len) int64"""
    with lzma.open(os.path.join(data, "pretrain.txt.xz"), "rt", encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    lines = [l for l in lines if l]
    if tiny:
        lines = lines[:3000]
    random.Random(seed).shuffle(lines)
    return pack_rows(lines, tok, seq_len)


# ---------------------------------------------------------------------------------------------
# training (there)

def save_parts(obj: dict, path: str) -> list[str]:
    """torch.save obj (its "model" state dict in fp16) in files under PART_BYTES each."""
    state = {k: v.detach().to("cpu", torch.float16 if v.is_floating_point() else v.dtype).clone()
             for k, v in obj["model"].items()}
    meta = {k: v for k, v in obj.items() if k != "model"}
    parts, cur, size = [], {}, 0
    for k, v in state.items():
        n = v.numel() * v.element_size()
        if cur and size + n > PART_BYTES:
            parts.append(cur)
            cur, size = {}, 0
        cur[k] = v
        size += n
    parts.append(cur)
    names = []
    for i, p in enumerate(parts):
        name = path if i == 0 else f"{path}.{i}"
        body = {"model": p, "parts": len(parts), **meta} if i == 0 else {"model": p}
        torch.save(body, name + ".tmp")
        os.replace(name + ".tmp", name)
        names.append(name)
    return names


def load_parts(path: str) -> dict:
    first = torch.load(path, map_location="cpu", weights_only=False)
    state = dict(first["model"])
    for i in range(1, first.get("parts", 1)):
        state.update(torch.load(f"{path}.{i}", map_location="cpu", weights_only=False)["model"])
    first["model"] = {k: v.float() if v.is_floating_point() else v for k, v in state.items()}
    return first


def one(a) -> None:
    fields = a.arch[-1].split(":")
    name, layers, hidden, heads, lr = fields[:5]
    layers, hidden, heads, lr = int(layers), int(hidden), int(heads), float(lr)
    mlm_lr = float(fields[5]) if len(fields) > 5 else lr * 2
    init = dict(x.split("=", 1) for x in a.init).get(name)
    os.makedirs(a.out, exist_ok=True)
    log = log_to(os.path.join(a.out, f"{name}.log"))
    device = torch.device(a.device)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    start = time.time()
    deadline = start + a.seconds
    with open(a.tokenizer, encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    config = BertConfig(vocab_size=len(tok.vocab), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=hidden * 4, pre_layer_norm=not init,
                        type_vocab_size=2 if a.source_signal else 1)
    model = BertCRF(config, len(LABELS)).to(device)
    head = MLMHead(config, model.bert.embeddings.word_embeddings).to(device)
    if init:  # continue fine-tuning a whole BertCRF checkpoint (best.pt layout); no pretraining
        weights = dict(torch.load(init, map_location="cpu", weights_only=False)["model"])
        widen_token_types(weights, "bert.embeddings.token_type_embeddings.weight", config.type_vocab_size)
        model.load_state_dict(weights)
    params = sum(p.numel() for p in model.parameters())
    log(f"{name}: {layers} layers, hidden {hidden}, heads {heads}, {params:,} parameters, device {device}"
        f" ({torch.cuda.get_device_name() if device.type == 'cuda' else 'cpu'}), torch {torch.__version__}")
    splits = load_splits(a.data, a.tiny)
    train = make_examples(splits["train"], tok, a.max_len)
    valid = make_examples(splits["valid"], tok, a.max_len)
    dev = make_examples(splits["dev"], tok, a.max_len)
    seqs = pretrain_sequences(a.data, tok, a.max_len, a.seed, a.tiny)
    log(f"data: {len(train)} train windows, {len(valid)} valid, {len(dev)} dev; pretraining {seqs.shape[0]:,} rows "
        f"of {a.max_len} ({seqs.size:,} tokens, {float((seqs == UNK).mean()):.4f} [UNK]); {time.time() - start:.0f} s")
    amp = dict(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")
    fused = fused_adamw(device)

    # fused attention if this torch has it and it runs; else the plain formula
    fast = hasattr(torch.nn.functional, "scaled_dot_product_attention")
    use_fast_attention(model, fast)
    try:
        probe = torch.as_tensor(seqs[:2]).to(device)
        with torch.autocast(**amp):
            head(model.bert(probe, None)).float().sum().backward()
            pad = torch.ones_like(probe)
            pad[0, probe.shape[1] // 2:] = 0  # the NER batches' padding mask goes through the same kernel
            model.emissions(probe, pad).float().sum().backward()
        model.zero_grad(set_to_none=True)
        head.zero_grad(set_to_none=True)
    except Exception as e:  # noqa: BLE001 - any failure of the fast path falls back to the exported formula
        log(f"fused attention off: {e!r}")
        fast = False
        use_fast_attention(model, False)
    log(f"fused attention: {fast}")

    # ---- masked-LM pretraining
    mlm_seconds = 0.0 if init else a.seconds * a.pretrain_share
    log(f"init {init}" if init else f"masked-LM peak lr {mlm_lr:g}, warm-up {a.mlm_warmup:g} of {mlm_seconds:.0f} s")
    opt = torch.optim.AdamW(param_groups(torch.nn.ModuleList([model.bert, head]), mlm_lr, 0.01), lr=mlm_lr,
                            betas=(0.9, 0.98), eps=1e-6, **fused)
    space_id = tok.index[SPACE]
    gen = torch.Generator().manual_seed(a.seed)
    model.bert.eval()  # no dropout while pretraining (autograd is unaffected)
    rows = a.mlm_batch_tokens // a.max_len
    perm = np.random.permutation(seqs.shape[0])
    t0, step, pos, seen = time.time(), 0, 0, 0
    while True:
        elapsed = time.time() - t0
        if elapsed >= mlm_seconds:
            break
        if pos + rows > len(perm):
            perm, pos = np.random.permutation(seqs.shape[0]), 0
        # kner.mlm's recipe: whole words, 20%, spaces never a target (masked here, on the CPU)
        cpu_ids = torch.as_tensor(seqs[perm[pos:pos + rows]])
        pos += rows
        inp, labels = mask_words(cpu_ids, space_id, len(tok.vocab), 0.2, gen)
        inp, labels = inp.to(device), labels.to(device)
        for g in opt.param_groups:
            g["lr"] = mlm_lr * lr_factor(elapsed / mlm_seconds, a.mlm_warmup)
        with torch.autocast(**amp):  # kner.mlm's loss: only the targets go through the head
            loss, correct, n = masked_lm_loss(model.bert, head, inp, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(model.bert.parameters()) + list(head.parameters()), CLIP)
        opt.step()
        step += 1
        seen += cpu_ids.numel()
        if step % 200 == 0 or step == 1:
            acc = correct.item() / max(1, n)
            log(f"mlm step {step} loss {loss.item():.3f} masked acc {acc:.3f} epoch {seen / seqs.size:.2f} "
                f"{seen / max(time.time() - t0, 1e-9):,.0f} tok/s {time.time() - t0:.0f}/{mlm_seconds:.0f} s")
    mlm_steps = step
    model.train()
    log(f"mlm done: {step} steps, {seen:,} tokens ({seen / seqs.size:.2f} epochs), {time.time() - t0:.0f} s")
    if name in a.save_encoder:
        save_parts({"model": model.bert.state_dict(), "config": config.to_dict(), "mlm_steps": step}, os.path.join(a.out, f"{name}_mlm.pt"))
    del opt, seqs, head

    # ---- NER fine-tuning with kner.train's data levers (epoch_examples, ner_batch) and its selection
    # (selection_f1: with --docs the mean of sentences and 4-sentence texts), best kept
    pool = MentionPool(splits["train"])
    seen_names = entity_surfaces(splits["train"])
    valid_docs = make_examples(join_documents(splits["valid"], 4), tok, a.max_len) if a.docs else None
    ner_seconds = max(10.0, deadline - time.time() - a.reserve)
    crf_params = list(model.crf.parameters())
    groups = param_groups(model, lr, 0.01)
    for g in groups:
        g["params"] = [p for p in g["params"] if all(p is not c for c in crf_params)]
    groups.append({"params": crf_params, "weight_decay": 0.0, "lr": lr * 10})
    base_lrs = [g["lr"] for g in groups]
    opt = torch.optim.AdamW(groups, lr=lr, **fused)
    rng = random.Random(a.seed)
    best_f1, best_state, best_step = -1.0, None, 0
    t0, step, epoch = time.time(), 0, 0
    done = False
    while not done:
        if a.replace_prob > 0 or a.docs:
            train = epoch_examples(splits["train"], pool, tok, a, epoch)
        for idx in batches(train, a.ner_batch_tokens, True, rng):
            elapsed = time.time() - t0
            if elapsed >= ner_seconds:
                done = True
                break
            ids, mask, tags, types = ner_batch(train, idx, a)
            ids, mask, tags = ids.to(device), mask.to(device), tags.to(device)
            types = types.to(device) if types is not None else None
            f = lr_factor(elapsed / ner_seconds, 0.1)
            for g, b in zip(opt.param_groups, base_lrs):
                g["lr"] = b * f
            with torch.autocast(**amp):
                em = model.emissions(ids, mask, types)
            loss = model.crf.neg_log_likelihood(em.float(), tags, mask) / ids.shape[0]
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
        epoch += 1
        f1, note = selection_f1(model, valid, valid_docs, seen_names)
        better = f1 > best_f1
        if better:
            best_f1, best_step = f1, step
            best_state = copy.deepcopy(model.state_dict())
        log(f"ner epoch {epoch} step {step} loss {loss.item():.3f} valid F1 {f1:.4f}{note}"
            f"{' *best*' if better else ''} {time.time() - t0:.0f}/{ner_seconds:.0f} s")
        if better and epoch % 3 == 0:  # something to take home even if the machine goes away
            save_parts({"model": best_state, "config": config.to_dict(), "labels": LABELS, "step": best_step,
                        "valid_f1": best_f1}, os.path.join(a.out, f"{name}.pt"))
    model.load_state_dict(best_state)
    dev_score = evaluate(model, dev, 32000)
    log(f"best valid F1 {best_f1:.4f} at step {best_step}; dev (report only, not used for any choice):\n"
        + format_table(dev_score.table()))
    names = save_parts({"model": best_state, "config": config.to_dict(), "labels": LABELS, "step": best_step,
                        "valid_f1": best_f1, "dev_f1": dev_score.micro()[2], "mlm_steps": mlm_steps}, os.path.join(a.out, f"{name}.pt"))
    log(f"saved {names}; {time.time() - start:.0f} s in all")


def run(a) -> None:
    """Each --arch in its own process, all at once; killed at the deadline if still running."""
    a.data, a.out, a.tokenizer = os.path.abspath(a.data), os.path.abspath(a.out), os.path.abspath(a.tokenizer)
    os.makedirs(a.out, exist_ok=True)
    procs = []
    for arch in a.arch:
        cmd = [sys.executable, "-m", "kner.gpu", "one", "--arch", arch, "--data", a.data, "--out", a.out,
               "--seconds", str(a.seconds), "--device", a.device, "--max-len", str(a.max_len),
               "--pretrain-share", str(a.pretrain_share), "--reserve", str(a.reserve),
               "--mlm-batch-tokens", str(a.mlm_batch_tokens), "--ner-batch-tokens", str(a.ner_batch_tokens),
               "--tokenizer", a.tokenizer, "--mlm-warmup", str(a.mlm_warmup),
               "--replace-prob", str(a.replace_prob), "--synthetic-share", str(a.synthetic_share),
               "--synthetic-types", a.synthetic_types]
        cmd += (["--docs"] if a.docs else []) + (["--source-signal"] if a.source_signal else [])
        cmd += [x for i in a.init for x in ("--init", i)] + (["--tiny"] if a.tiny else [])
        cmd += [x for n in a.save_encoder for x in ("--save-encoder", n)]
        procs.append(subprocess.Popen(cmd, cwd=os.path.join(HERE, "..")))
    hard = time.time() + a.seconds + a.grace
    for p in procs:
        try:
            p.wait(timeout=max(1.0, hard - time.time()))
        except subprocess.TimeoutExpired:
            p.kill()
    print("exit codes:", [p.returncode for p in procs], flush=True)


def unpack(a) -> None:
    """NAME.pt (+ parts) from the GPU machine -> RUN/best.pt + RUN/tokenizer.json + RUN/train.log."""
    ck = load_parts(os.path.join(a.src, f"{a.name}.pt"))
    os.makedirs(a.run, exist_ok=True)
    torch.save({k: ck[k] for k in ("model", "config", "labels", "step", "valid_f1")}, os.path.join(a.run, "best.pt"))
    with open(a.tokenizer, encoding="utf-8") as f, open(os.path.join(a.run, "tokenizer.json"), "w", encoding="utf-8") as g:
        g.write(f.read())
    logp = os.path.join(a.src, f"{a.name}.log")
    if os.path.exists(logp):
        with open(logp, encoding="utf-8") as f, open(os.path.join(a.run, "train.log"), "w", encoding="utf-8") as g:
            g.write(f.read())
    print(f"{a.run}/best.pt: step {ck['step']} valid F1 {ck['valid_f1']:.4f}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["prepare", "run", "one", "unpack"])
    p.add_argument("--data", default=None, help="prepare: ../shared/data; run: the prepared folder")
    p.add_argument("--out", default=None)
    p.add_argument("--arch", action="append", default=[], help="NAME:LAYERS:HIDDEN:HEADS:LR[:MLM_LR] (run: repeatable)")
    p.add_argument("--seconds", type=float, default=480, help="wall-clock budget per model, data loading included")
    p.add_argument("--grace", type=float, default=40, help="run: kill a process this long after its budget")
    p.add_argument("--reserve", type=float, default=25, help="seconds kept for the final dev evaluation and saving")
    p.add_argument("--pretrain-share", type=float, default=0.55)
    p.add_argument("--mlm-warmup", type=float, default=0.06, help="fraction of the pretraining time")
    p.add_argument("--init", action="append", default=[], help="NAME=PATH: that model starts from a whole checkpoint, no pretraining")
    p.add_argument("--max-len", type=int, default=512)
    p.add_argument("--mlm-batch-tokens", type=int, default=65536)
    p.add_argument("--ner-batch-tokens", type=int, default=16000)
    p.add_argument("--unk-prob", type=float, default=0.03)
    # the generalisation levers, as in kner.train
    p.add_argument("--docs", action="store_true", help="multi-sentence training texts; select on sentences and 4-sentence texts")
    p.add_argument("--replace-prob", type=float, default=0.0, help="mention replacement probability per entity and epoch")
    p.add_argument("--synthetic-share", type=float, default=0.5, help="share of the replacements that are synthetic names")
    p.add_argument("--synthetic-types", default="PER",
                   help="comma-separated types whose replacements may be synthetic names: PER, ORG, LOC (default PER)")
    p.add_argument("--source-signal", action="store_true", help="token type = the text's source; the export runs with 0")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--tiny", action="store_true", help="small slices (a CPU test of the whole path)")
    p.add_argument("--save-encoder", action="append", default=[], help="NAME: also keep this model's pretrained encoder")
    p.add_argument("--tokenizer", default=TOKENIZER)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--from", dest="src", default=None, help="unpack: folder with NAME.pt")
    p.add_argument("--name", default=None)
    p.add_argument("--run", default=None)
    a = p.parse_args(argv)
    if a.mode == "prepare":
        a.data = a.data or os.path.join(HERE, "..", "..", "..", "shared", "data")
        prepare(a)
    elif a.mode == "unpack":
        unpack(a)
    else:
        if a.device == "cpu":
            torch.set_num_threads(2)
        (run if a.mode == "run" else one)(a)


if __name__ == "__main__":
    main()
