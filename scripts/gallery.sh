#!/usr/bin/env bash
# The gallery in docs/gallery/: the first page of each theme built from content/ (70 dpi), the
# HTML page in Chromium in the light and the dark scheme (its top, 1000 px wide), and the
# Word document's first page (through LibreOffice, when installed). Run after changing a
# theme or a backend; the PNGs are committed and shown in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p docs/gallery
for theme in classic modern compact sidebar; do
  .venv/bin/cvgen build content/cv.yaml --theme "$theme" -o "$out/$theme.pdf" >/dev/null
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/$theme.pdf" "docs/gallery/$theme"
done
.venv/bin/cvgen build content/cv.yaml --format html,docx -o "$out/cv.pdf" >/dev/null
chromium=$(command -v chromium || command -v google-chrome || true)
if [ -n "$chromium" ]; then
  for scheme in light dark; do
    flag=()
    [ "$scheme" = dark ] && flag=(--force-dark-mode)
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1300 "${flag[@]}" \
      --screenshot="docs/gallery/html-$scheme.png" "file://$out/cv.html" 2>/dev/null
  done
fi
if command -v soffice >/dev/null; then
  soffice --headless --convert-to pdf --outdir "$out/docx" "$out/cv.docx" >/dev/null 2>&1
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$out/docx/cv.pdf" docs/gallery/docx
fi
ls -l docs/gallery
