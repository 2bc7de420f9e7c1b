#!/usr/bin/env bash
# Make sure the Debian packages cvgen needs are installed: TeX Live for `make pdf`, and for
# `make test` also poppler-utils, the Unicode engines and their fonts, and sudo (the workflow
# test runs the GitHub workflow's steps as a non-root user).
# This file is the one list of Debian packages: the Makefile, the GitHub workflow and the
# action call it; `--print` prints the list instead of installing.
# Usage: scripts/ensure-tools.sh [--test] [--print]
# As root it installs what is missing; as a user with password-less sudo (a GitHub runner) it
# installs through sudo; otherwise it prints the exact command and fails.
# Never installs texlive-fonts-extra (1.4 GB): no theme needs it.
set -euo pipefail

test_too=0 print=0
for arg in "$@"; do
  case "$arg" in
    --test) test_too=1 ;;
    --print) print=1 ;;
    *) echo "usage: scripts/ensure-tools.sh [--test] [--print]" >&2; exit 2 ;;
  esac
done

packages=(texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended lmodern)
# Files that prove each package is really there (a partial TeX install fails late and badly).
probes=(pdflatex:cmd lmodern.sty lastpage.sty needspace.sty enumitem.sty pifont.sty uzdr.pfb glyphtounicode.tex)
if [[ $test_too == 1 ]]; then
  # The tests also cover the Unicode engines and their fonts (Greek, Cyrillic, CJK, symbols).
  packages+=(poppler-utils texlive-luatex texlive-xetex fonts-cmu fonts-noto-cjk fonts-dejavu-core sudo)
  probes+=(pdftotext:cmd pdffonts:cmd lualatex:cmd xelatex:cmd sudo:cmd fontspec.sty)
fi
if [[ $print == 1 ]]; then
  echo "${packages[*]}"
  exit 0
fi
if [[ $test_too == 1 ]]; then
  families=$(fc-list : family 2>/dev/null || true)
  for font in "CMU Serif" "Noto Serif CJK SC" "DejaVu Sans"; do
    grep -qF "$font" <<<"$families" || probes+=(missing-font:cmd)
  done
fi

missing=0
for probe in "${probes[@]}"; do
  case "$probe" in
    *:cmd) command -v "${probe%:cmd}" >/dev/null 2>&1 || missing=1 ;;
    *) if ! command -v kpsewhich >/dev/null 2>&1 || [[ -z "$(kpsewhich "$probe" 2>/dev/null)" ]]; then missing=1; fi ;;
  esac
done
[[ $missing == 0 ]] && exit 0

install="apt-get install -y --no-install-recommends ${packages[*]}"
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)  # a GitHub runner: not root, password-less sudo
else
  echo "cvgen needs these Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo $install" >&2
  exit 1
fi
echo "Installing Debian's packages (one time): ${packages[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive $install -qq >/dev/null
