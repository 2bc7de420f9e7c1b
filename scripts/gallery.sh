#!/usr/bin/env bash
# The gallery in docs/gallery/: the first page of each theme built from content/, at 70 dpi.
# Run after changing a theme; the PNGs are committed and shown in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p docs/gallery
for theme in classic modern compact sidebar; do
  .venv/bin/cvgen build content/cv.yaml --theme "$theme" -o "$out/$theme.pdf" >/dev/null
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/$theme.pdf" "docs/gallery/$theme"
done
ls -l docs/gallery
