#!/usr/bin/env bash
# One time-boxed GPU shot (the `device` tool; see kner/mlm.py and kner/joint.py):
#   1. masked-LM pretraining of a pre-LN 4x256 encoder on all unlabeled text (KMOU and KLUE train text,
#      NSMC reviews, Wikinews) for MLM_MIN minutes of wall time;
#   2. then, side by side on the same GPU for FT_MIN minutes each, joint KMOU+KLUE fine-tuning:
#        pre    from the pretrained encoder, lr 5e-4
#        pre1e3 from the pretrained encoder, lr 1e-3
#        scratch the same architecture from random weights, lr 5e-4 (the control)
#      Their data is prepared while the pretraining runs; they start together when it ends.
# Each run selects on the validation splits only (kner.joint); nothing here reads a dev or test split.
#
# Here, once (../shared does not travel):
#   cd ../shared/data && tar -cf - kmou-ner/raw klue-ner/klue_ner_train.jsonl gazetteers/*.txt corpora \
#       | xz -6 -T2 > /work/main/.gpu/data.tar.xz        # .gpu is in .git/info/exclude
# There:  bash tools/gpu_shot.sh .gpu/data.tar.xz "$OUT"            (DEVICE=cpu MLM_MIN=0.3 FT_MIN=0.5 QUICK=--quick to test here)
set -u
PACK=$(realpath "$1"); OUT=$(realpath "$2")
DEVICE=${DEVICE:-cuda}; MLM_MIN=${MLM_MIN:-3.6}; FT_MIN=${FT_MIN:-4.2}; QUICK=${QUICK:-}
# hard limits (wall seconds from the start), so that the weights are always packed before the call's own limit:
# every run has written its best checkpoint by then (the encoder at each evaluation, the NER runs at each selection)
MLM_LIMIT=$(python3 -c "print(int($MLM_MIN * 60 + 35))"); FT_LIMIT=$(python3 -c "print(int($MLM_LIMIT + $FT_MIN * 60 + 45))")
W=${WORK:-/tmp/shot}
rm -rf "$W"; mkdir -p "$W/data" "$OUT"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-4}
PY=${PY:-python3}
cd "$(dirname "$0")"
t0=$(date +%s)
tar -xJf "$PACK" -C "$W/data" || exit 3
echo "unpacked in $(( $(date +%s) - t0 )) s"; nvidia-smi -L 2>/dev/null; $PY -c 'import torch; print("torch", torch.__version__)'

MLM_BATCH=${MLM_BATCH:-512}; FT_TOKENS=${FT_TOKENS:-16000}
{ timeout -s INT "$MLM_LIMIT" $PY -m kner.mlm --run "$W/mlm" --data "$W/data" --device "$DEVICE" --clock wall --minutes "$MLM_MIN" \
    --batch-rows "$MLM_BATCH" --lr 1e-3 --warmup 0.05 --eval-every 500 --log-every 200 $QUICK > "$W/mlm.out" 2>&1
  echo "pretraining exit $?"
  # the encoder of its last evaluation (even if the limit stopped it); moved into place whole
  if [ -s "$W/mlm/encoder.pt" ]; then cp "$W/mlm/encoder.pt" "$W/encoder.tmp" && mv "$W/encoder.tmp" "$W/encoder-final.pt"
  else echo "MLM failed"; tail -20 "$W/mlm.out"; touch "$W/mlm-failed"; fi
} &
MLM=$!

ft() {  # name, lr, init-or-empty
    local init=()
    [ -n "$3" ] && init=(--init "$3")
    timeout -s INT "$FT_LIMIT" $PY -m kner.joint --run "$W/$1" --data "$W/data" --device "$DEVICE" --clock wall --minutes "$FT_MIN" \
        --lr "$2" --batch-tokens "$FT_TOKENS" --eval-every 800 --prefetch 2 --pre-ln --warmup 0.06 \
        --wait-for "$W/encoder-final.pt" "${init[@]}" $QUICK > "$W/$1.out" 2>&1 || { echo "$1 failed"; tail -20 "$W/$1.out"; }
}
ft pre 5e-4 "$W/encoder-final.pt" &
P1=$!
ft pre1e3 1e-3 "$W/encoder-final.pt" &
P2=$!
ft scratch 5e-4 "" &
P3=$!
wait $MLM
[ -e "$W/mlm-failed" ] && touch "$W/encoder-final.pt"  # let the control run on; the two others fail on the empty file
echo "pretraining done at $(( $(date +%s) - t0 )) s"
wait $P1 $P2 $P3
echo "fine-tuning done at $(( $(date +%s) - t0 )) s"

# what comes back: fp16 weights (each under 16 MiB), the encoder, and every log in one archive
$PY - "$W" "$OUT" <<'EOF'
import os, sys, torch
w, out = sys.argv[1:]
for name in ("pre", "pre1e3", "scratch"):
    p = os.path.join(w, name, "best.pt")
    if os.path.exists(p):
        ck = torch.load(p, map_location="cpu", weights_only=False)
        ck["model"] = {k: v.half() if v.is_floating_point() else v for k, v in ck["model"].items()}
        ck["weights_dtype"] = "float16"
        torch.save(ck, os.path.join(out, f"{name}-best-fp16.pt"))
        print(name, "step", ck["step"], "selection", ck.get("selection"))
p = os.path.join(w, "mlm", "encoder-fp16.pt")
if os.path.exists(p):
    os.replace(p, os.path.join(out, "mlm-encoder-fp16.pt"))
EOF
tar -czf "$OUT/logs.tgz" -C "$W" $(cd "$W" && ls -d *.out mlm/mlm.log */train.log */args.json 2>/dev/null)
ls -la "$OUT"
grep -h "eval step\|valid table" -A0 "$W"/*/train.log | tail -30
echo "all done at $(( $(date +%s) - t0 )) s"
