#!/usr/bin/env bash
# Make sure the Debian packages cvgen needs are installed: those a PDF build needs, and with
# --test all of them (the Unicode engines and fonts, poppler, sudo for the workflow test).
# The list itself is cvgen/data/debian-packages.tsv (`cvgen doctor` reads it too); the Makefile,
# the GitHub workflow and the action call this script. --print prints the packages instead.
# Usage: scripts/ensure-tools.sh [--test] [--print]
# As root it installs what is missing; as a user with password-less sudo (a GitHub runner) it
# installs through sudo; otherwise it prints the exact command and fails.
set -euo pipefail

test_too=0 print=0
for arg in "$@"; do
  case "$arg" in
    --test) test_too=1 ;;
    --print) print=1 ;;
    *) echo "usage: scripts/ensure-tools.sh [--test] [--print]" >&2; exit 2 ;;
  esac
done

list="$(dirname "$0")/../cvgen/data/debian-packages.tsv"
packages=() missing=()
while IFS=$'\t' read -r package needed_for proofs; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  [[ $test_too == 1 || "$needed_for" == pdf ]] || continue
  packages+=("$package")
  [[ $print == 1 ]] && continue
  IFS=';' read -ra checks <<<"$proofs"
  for check in "${checks[@]}"; do
    case "$check" in
      cmd:*)
        found=0
        IFS='|' read -ra commands <<<"${check#cmd:}"
        for command in "${commands[@]}"; do command -v "$command" >/dev/null 2>&1 && found=1; done
        [[ $found == 1 ]] || { missing+=("$package"); break; } ;;
      font:*)
        [[ -n "$(fc-list "${check#font:}" file 2>/dev/null)" ]] || { missing+=("$package"); break; } ;;
      *) if ! command -v kpsewhich >/dev/null 2>&1 || [[ -z "$(kpsewhich "$check" 2>/dev/null)" ]]; then
           missing+=("$package"); break
         fi ;;
    esac
  done
done <"$list"
if [[ $print == 1 ]]; then
  echo "${packages[*]}"
  exit 0
fi
[[ ${#missing[@]} == 0 ]] && exit 0

install="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)  # a GitHub runner: not root, password-less sudo
else
  echo "cvgen needs these Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo $install" >&2
  exit 1
fi
echo "Installing Debian's packages (one time): ${missing[*]}" >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive $install -qq >/dev/null
