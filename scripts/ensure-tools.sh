#!/usr/bin/env bash
# Make sure TeX Live (and, for tests, poppler-utils) is installed, from Debian's packages.
# Usage: scripts/ensure-tools.sh [--test]
# As root it installs what is missing; otherwise it prints the exact command and fails.
# Never installs texlive-fonts-extra (1.4 GB): the default theme does not need it.
set -euo pipefail

packages=(texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended lmodern)
# Files that prove each package is really there (a partial TeX install fails late and badly).
probes=(pdflatex:cmd lmodern.sty latexmk:skip lastpage.sty needspace.sty enumitem.sty pifont.sty uzdr.pfb glyphtounicode.tex)
if [[ "${1:-}" == "--test" ]]; then
  # The tests also cover the Unicode engines and their fonts (Greek, Cyrillic, CJK, symbols).
  packages+=(poppler-utils texlive-luatex texlive-xetex fonts-cmu fonts-noto-cjk fonts-dejavu-core)
  probes+=(pdftotext:cmd pdffonts:cmd lualatex:cmd xelatex:cmd fontspec.sty)
  families=$(fc-list : family 2>/dev/null || true)
  for font in "CMU Serif" "Noto Serif CJK SC" "DejaVu Sans"; do
    grep -qF "$font" <<<"$families" || probes+=(missing-font:cmd)
  done
fi

missing=0
for probe in "${probes[@]}"; do
  case "$probe" in
    *:skip) ;;
    *:cmd) command -v "${probe%:cmd}" >/dev/null 2>&1 || missing=1 ;;
    *) if ! command -v kpsewhich >/dev/null 2>&1 || [[ -z "$(kpsewhich "$probe" 2>/dev/null)" ]]; then missing=1; fi ;;
  esac
done
[[ $missing == 0 ]] && exit 0

cmd="apt-get install -y --no-install-recommends ${packages[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "cvgen needs TeX Live from Debian's packages. Run:" >&2
  echo "  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "Installing TeX Live from Debian's packages (one time): ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd -qq >/dev/null
