#!/usr/bin/env bash
# Replay a fuzz target over its seeds and its regression inputs.
# usage: replay.sh REPLAY_BINARY TARGET SOURCE_ROOT
set -euo pipefail
bin=$1 target=$2 root=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/coterm-replay-XXXXXX")
trap 'rm -rf "$work"' EXIT
bash "$root/tests/fuzz/make_seeds.sh" "$target" "$work"
shopt -s nullglob
inputs=("$work"/* "$root/tests/fuzz/regress/$target"/*)
"$bin" "${inputs[@]}"
