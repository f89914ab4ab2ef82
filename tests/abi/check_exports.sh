#!/bin/sh
# The ABI check: libcoterm exports only ct_ symbols, exactly the functions
# declared CT_EXTERN in the public headers (plus the linker's own markers).
# usage: check_exports.sh LIBCOTERM.so INCLUDE_DIR
set -eu
lib=$1 inc=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '{print $NF}' |
  grep -v -x -e __bss_start -e _edata -e _end -e _init -e _fini | sort -u > "$tmp/exported"
cat "$inc"/coterm.h "$inc"/coterm/*.h "$inc"/coterm/*.h.in | tr '\n' ' ' |
  grep -o 'CT_EXTERN[^;(]*(' | grep -o 'ct_[A-Za-z0-9_]*[ ]*($' | tr -d ' (' |
  sort -u > "$tmp/declared"
status=0
if grep -v '^ct_' "$tmp/exported" > "$tmp/bad"; then
  echo "exported without the ct_ prefix:"; cat "$tmp/bad"; status=1
fi
if ! diff "$tmp/declared" "$tmp/exported" > "$tmp/diff"; then
  echo "exports differ from the CT_EXTERN declarations (< declared only, > exported only):"
  cat "$tmp/diff"; status=1
fi
[ "$status" = 0 ] && echo "ok: $(wc -l < "$tmp/exported") ct_ symbols, all declared"
exit $status
