#!/usr/bin/env bash
# The gallery in docs/gallery/: the first page of each theme built from content/ (70 dpi), the
# HTML page in Chromium in the light and the dark scheme (its top, 1000 px wide), the
# Word document's first page (through LibreOffice, when installed), and contacts.png: the
# header of a new CV with every kind of contact, in each theme (the reference CV has only
# e-mail and a homepage), to see the icons. Run after changing a
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
.venv/bin/cvgen new "Ada Lovelace" "$out/ada" >/dev/null
# every kind of contact, as the contact tests fill them in (tests/data/contacts.yaml)
python3 - "$out/ada/cv.yaml" tests/data/contacts.yaml <<'PY'
import sys
path, contacts = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("settings:\n", contacts + "settings:\n", 1))
PY
for theme in classic modern compact sidebar; do
  .venv/bin/cvgen build "$out/ada/cv.yaml" --theme "$theme" -o "$out/ada-$theme.pdf" >/dev/null
  # the header down to its rule (sidebar: the side column's contacts), at 100 dpi
  case $theme in classic) crop=(-y 30 -H 110) ;; modern) crop=(-y 40 -H 120) ;; compact) crop=(-y 20 -H 100) ;;
    *) crop=(-y 30 -H 290) ;; esac
  pdftoppm -png -r 100 -f 1 -l 1 -W 827 "${crop[@]}" -singlefile "$out/ada-$theme.pdf" "$out/ada-$theme"
done
convert "$out"/ada-classic.png "$out"/ada-modern.png "$out"/ada-compact.png "$out"/ada-sidebar.png \
  -bordercolor '#dddddd' -border 0x1 -append -define png:exclude-chunks=date,time \
  docs/gallery/contacts.png
ls -l docs/gallery
