#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the end-to-end tests, and Debian's Python
# stack for the model tools (torch, onnx, sentencepiece, numpy, pytest; OpenBLAS makes torch's
# CPU training ~26x faster than the reference BLAS), and a Korean font (fonts-nanum) so Chromium
# lays out and screenshots Korean text with real glyphs, not boxes. Installs what is missing when run as root
# with apt-get; otherwise prints the one line to run and fails.
set -euo pipefail
packages=(chromium fonts-nanum python3-torch python3-onnx python3-sentencepiece python3-numpy python3-pytest libopenblas0-pthread)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
else
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
