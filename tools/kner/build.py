"""From ../shared/data to a model bundle in one command.

    /usr/bin/python3 -m kner.build --out ../public/models/default            # full: trains ~2 h on 2 CPU cores
    /usr/bin/python3 -m kner.build --out /tmp/quick-bundle --quick           # whole path on a slice, ~2 min
    /usr/bin/python3 -m kner.build --out DIR --run runs/full --skip-train    # export an existing run

Steps: train (kner.train, resumable), pick the best validation checkpoint, evaluate on the KMOU dev
split (strict entity P/R/F1 per type, and the reference's per-tag token F1), export ONNX + CRF +
tokenizer + config + MODEL_CARD.md.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import time

import torch

from . import train as trainer
from .corpus import LABELS, read_corpus
from .data import join_documents, make_examples
from .calibrate import DEFAULT_TEXTS, calibration_rows, train_texts
from .export import write_bundle
from .metrics import TokenTagScore, format_table
from .model import BertConfig, BertCRF, bio_constrained
from .tokenizer import SyllableTokenizer


def dev_metrics(model: BertCRF, tok: SyllableTokenizer, data_dir: str, quick: bool, max_len: int = 512,
                docs: int = 1) -> dict:
    """docs > 1: texts of that many consecutive dev sentences, cut into windows of max_len."""
    dev = read_corpus(data_dir)["dev"]
    if quick:
        dev = dev[:150]
    if docs > 1:
        dev = join_documents(dev, docs)
    examples = make_examples(dev, tok, max_len)
    # decode as the shipped TypeScript pipeline does: BIO-constrained Viterbi
    model = copy.deepcopy(model)
    model.crf = bio_constrained(model.crf, LABELS)
    tag = TokenTagScore()
    ent = trainer.evaluate(model, examples, on_paths=lambda e, path: tag.add(
        [LABELS[t] for t in path[1:-1]], [LABELS[t] for t in e.tags[1:-1]]))
    return {"entity": ent.table(), "token_tag": tag.summary(), "sentences": len(dev)}


CARD = """# {name}

**License: non-commercial use only.** Trained on the KMOU Korean NER corpus (kmounlp/NER), whose
license forbids commercial use; this model inherits that restriction. The tokenizer and the
weights were produced by this project's own tools (`tools/`), from scratch, with no pretrained
weights.

## Model
- Architecture: KoBERT-CRF layout (BERT encoder, {layer_norm}, GELU -> dropout -> linear emissions ->
  linear-chain CRF, kmkurn/pytorch-crf semantics), sized for the browser:
  {layers} layers, hidden {hidden}, {heads} heads, FFN {ffn}, {params:,} parameters.
- Tokenizer: syllable level (one token per code point after NFKC, whitespace runs as one " "
  token), {vocab} tokens, built from the KMOU train split, KLUE-NER train sentences and NSMC.
- Labels: 21 BIO tags over PER ORG LOC POH DAT TIM DUR MNY PNT NOH.
- Training: {train_info}
- Windows: {windows}

## KMOU dev split (EXOBRAIN_NE_CORPUS_009/010, {dev_sentences} sentences), Python pipeline, BIO-constrained Viterbi
Strict entity scores (start, end and type all equal the gold character span):

```
{table}
```
Per-tag token F1 (B-/I- tags, sklearn style, over syllable tokens): micro {tok_micro:.4f},
macro {tok_macro:.4f} (the reference KoBERT-CRF reports 0.897 / 0.8756 over KoBERT subword tokens;
the units differ, so compare the entity F1 above).

On texts of 8 consecutive dev sentences (a pasted article), cut here into consecutive windows of
{max_seq} tokens: micro F1 {docs_f1:.4f} (`npm run eval -- --docs 8` runs the same texts through the
TypeScript pipeline, whose windows are cut at sentence ends or overlap).

`npm run eval` scores this bundle through the TypeScript pipeline the browser runs (it agrees with
the figure above within 0.5 points; a test checks it).

## Tokenizer choice
A token-level tagger can only find an entity whose start and end fall on token boundaries.
`tools/tokenizer_boundaries.py` measures that ceiling on the dev split: KoBERT's SentencePiece
(8,002 pieces) 0.884 of dev entities, a SentencePiece unigram 8k trained here on our corpora 0.940,
syllables 1.000 (a particle glued to a name, `김병현은`, is the usual cause). Syllables lose nothing,
and cost about 1.3x the tokens of the 8k pieces. (Measured earlier on these machines, a 4-layer
model on SentencePiece-8k pieces plateaued at 0.71 dev F1.)

## Pretraining
{pretraining}
{generalisation}
## Limits
Trained on news-style text (the KMOU corpus); expect lower accuracy on chat, reviews or other
domains, and on LOC versus ORG (the corpus guideline tags a country as ORG when it acts, LOC when it is
a place; the two sources of the training files apply it differently).

## Reproduce
    sudo apt-get install -y python3-torch python3-onnx python3-numpy libopenblas0-pthread
    cd tools && /usr/bin/python3 -m kner.build --out ../public/models/default --minutes 110
"""


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--run", default=None, help="run folder (default runs/full, or runs/quick with --quick)")
    p.add_argument("--data", default=trainer.DATA)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--skip-train", action="store_true")
    p.add_argument("--minutes", type=float, default=110)
    p.add_argument("--id", default="kmou-syllable-bert-crf")
    p.add_argument("--max-seq-length", type=int, default=None,
                   help="the windows the app cuts (default: the run's training --max-len, else 256)")
    p.add_argument("--history", default=None, help="a file whose text replaces the card's training line")
    p.add_argument("--pretraining", default=None, help="a file whose text replaces the card's pretraining section")
    p.add_argument("--windows", default=None, help="a file whose text replaces the card's windows line")
    p.add_argument("--generalisation", default=None, help="a file whose text becomes the card's generalisation section")
    p.add_argument("--version", default="1.0.0", help="the bundle's version (config.json)")
    p.add_argument("--hidden-output", action="store_true",
                   help="the ONNX file also outputs the encoder's last hidden states (ner.hidden_output), for on-device adaptation")
    a = p.parse_args(argv)
    run = a.run or ("runs/quick" if a.quick else "runs/full")
    if not a.skip_train:
        trainer.main(["ner", "--run", run, "--data", a.data, "--minutes", str(a.minutes)] + (["--quick"] if a.quick else []))
    torch.set_num_threads(2)
    ck = torch.load(os.path.join(run, "best.pt"), map_location="cpu", weights_only=False)
    config = BertConfig(**ck["config"])
    model = BertCRF(config, len(LABELS))
    model.load_state_dict(ck["model"])
    model.eval()
    with open(os.path.join(run, "tokenizer.json"), encoding="utf-8") as f:
        tok = SyllableTokenizer.from_hf_json(json.load(f))
    max_seq = a.max_seq_length
    if max_seq is None:
        args_path = os.path.join(run, "args.json")
        max_seq = 256
        if os.path.exists(args_path):
            with open(args_path) as f:
                max_seq = json.load(f).get("max_len", 256)
    t0 = time.time()
    m = dev_metrics(model, tok, a.data, a.quick, max_seq)
    m["docs8"] = dev_metrics(model, tok, a.data, a.quick, max_seq, docs=8)["entity"]["micro"]
    micro = m["entity"]["micro"]
    print(format_table(m["entity"]))
    print(f"token tag F1 micro {m['token_tag']['micro_f1']:.4f} macro {m['token_tag']['macro_f1']:.4f}; "
          f"8-sentence texts entity F1 {m['docs8']['f1']:.4f} ({time.time() - t0:.0f}s)")
    params = sum(p.numel() for p in model.parameters())
    log_tail = ""
    log_path = os.path.join(run, "train.log")
    if os.path.exists(log_path):
        with open(log_path, encoding="utf-8") as f:
            lines = [l for l in f if l.strip()]
        steps = [l for l in lines if " step " in l and "loss" in l]
        log_tail = steps[-1].strip() if steps else ""
    train_info = (f"from scratch on the KMOU train split (validation: 5% of train files, by name hash), "
                  f"best validation checkpoint at step {ck['step']} (valid F1 {ck['valid_f1']:.4f}); "
                  f"last log line: `{log_tail}`; CPU, 2 cores, Debian torch {torch.__version__}.")
    if a.history:
        with open(a.history, encoding="utf-8") as f:
            train_info = f.read().strip()
    pretraining = ("Masked-LM pretraining on the unlabeled corpora is implemented (`kner.mlm`, "
                   "`kner.gpu`) but this model was not pretrained.")
    if a.pretraining:
        with open(a.pretraining, encoding="utf-8") as f:
            pretraining = f.read().strip()
    windows = (f"texts longer than {max_seq} tokens are cut into windows of at most {max_seq} tokens "
               "([CLS] and [SEP] included): at a sentence end where one is near (no overlap), else overlapping.")
    if a.windows:
        with open(a.windows, encoding="utf-8") as f:
            windows = f.read().strip()
    generalisation = ""
    if a.generalisation:
        with open(a.generalisation, encoding="utf-8") as f:
            generalisation = "\n## Generalisation\n" + f.read().strip() + "\n"
    name = "Korean NER, syllable BERT-CRF (KMOU)" + (" [QUICK TEST BUILD]" if a.quick else "")
    card = CARD.format(name=name, layers=config.num_hidden_layers, hidden=config.hidden_size,
                       heads=config.num_attention_heads, ffn=config.intermediate_size, params=params,
                       vocab=len(tok.vocab), train_info=train_info, dev_sentences=m["sentences"],
                       table=format_table(m["entity"]), tok_micro=m["token_tag"]["micro_f1"],
                       tok_macro=m["token_tag"]["macro_f1"], max_seq=max_seq, docs_f1=m["docs8"]["f1"],
                       pretraining=pretraining, windows=windows, generalisation=generalisation,
                       layer_norm="pre-LN" if config.pre_layer_norm else "post-LN")
    metrics = {"dev_entity_f1": round(micro["f1"], 4), "dev_entity_precision": round(micro["precision"], 4),
               "dev_entity_recall": round(micro["recall"], 4),
               "dev_token_tag_f1_micro": round(m["token_tag"]["micro_f1"], 4),
               "dev_token_tag_f1_macro": round(m["token_tag"]["macro_f1"], 4),
               "dev_docs8_entity_f1": round(m["docs8"]["f1"], 4),
               "dev_split": "KMOU EXOBRAIN_NE_CORPUS_009+010" + (" (first 150 sentences, quick)" if a.quick else ""),
               "evaluated_by": "python (tools/kner/build.py)"}
    write_bundle(a.out, model, LABELS, tok.to_hf_json(), tok.tokenizer_config(max_seq),
                 {"id": a.id + ("-quick" if a.quick else ""), "name": name, "version": a.version,
                  "license": "non-commercial only (KMOU corpus license); see MODEL_CARD.md",
                  "metrics": metrics}, card=card, max_seq_length=max_seq,
                 calibration_rows=calibration_rows(tok, train_texts(a.data, 30 if a.quick else DEFAULT_TEXTS), max_seq),
                 with_hidden=a.hidden_output)
    ts = typescript_docs_f1(a.out, a.data, 8, quick=a.quick)
    if ts is not None:  # the decoder users run: the TypeScript pipeline's windows, not the ones above
        m["docs8_typescript"] = ts
        config_path = os.path.join(a.out, "config.json")
        with open(config_path, encoding="utf-8") as f:
            bundle_config = json.load(f)
        bundle_config["ner"]["metrics"]["dev_docs8_entity_f1_typescript"] = round(ts, 4)
        with open(config_path, "w", encoding="utf-8") as f:
            json.dump(bundle_config, f, indent=2, ensure_ascii=False)
        with open(os.path.join(a.out, "MODEL_CARD.md"), "a", encoding="utf-8") as f:
            f.write(f"\nThe same 8-sentence texts through the TypeScript pipeline (`npm run eval -- --docs 8`, "
                    f"int8 where the bundle has it, the windows the app cuts): micro F1 {ts:.4f}.\n")
        print(f"8-sentence texts, TypeScript pipeline: entity F1 {ts:.4f}")
    with open(os.path.join(a.out, "metrics.json"), "w") as f:
        json.dump(m, f, indent=2)
    print("wrote", os.path.abspath(a.out))


def typescript_docs_f1(bundle: str, data: str, docs: int, quick: bool) -> float | None:
    """Micro F1 of `npm run eval -- --docs N` on the written bundle, or None where Node or the
    project's node_modules are absent (the Python figures above still stand)."""
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    if shutil.which("npx") is None or not os.path.isdir(os.path.join(root, "node_modules", "onnxruntime-node")):
        return None
    cmd = ["npx", "tsx", "src/cli/eval.ts", "--model", os.path.abspath(bundle), "--data", os.path.abspath(data),
           "--docs", str(docs)] + (["--limit", "150"] if quick else [])
    res = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=1800)
    line = next((l for l in res.stdout.splitlines() if l.startswith("micro")), None)
    if res.returncode != 0 or line is None:
        print(f"TypeScript evaluation failed ({res.returncode}): {res.stderr.strip()[-500:]}")
        return None
    return float(line.split()[3])


if __name__ == "__main__":
    main()
