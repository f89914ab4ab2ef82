#!/usr/bin/env bash
# The shared library exports only public ct_ symbols: each one declared with
# CT_EXTERN in include/, and each CT_EXTERN function exported.
# usage: exports.sh LIBCOTERM_SO INCLUDE_DIR
set -u
lib=$1 inc=$2
# linker-defined symbols every shared object has
linker='^(_init|_fini|_edata|_end|__bss_start)$'
exported=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -Ev "$linker" | sort -u)
declared=$(grep -rh 'CT_EXTERN' "$inc" | grep -o '\bct_[a-z0-9_]*[[:space:]]*(' | tr -d '( \t' | sort -u)
fails=0
[ -n "$exported" ] || { echo "FAIL: no symbols read from $lib"; exit 1; }
for s in $exported; do
    case $s in
    ct__*) echo "FAIL: internal symbol exported: $s"; fails=$((fails + 1)) ;;
    ct_*) echo "$declared" | grep -qx "$s" ||
              { echo "FAIL: $s exported but not declared CT_EXTERN in include/"; fails=$((fails + 1)); } ;;
    *) echo "FAIL: non-ct_ symbol exported: $s"; fails=$((fails + 1)) ;;
    esac
done
for s in $declared; do
    echo "$exported" | grep -qx "$s" ||
        { echo "FAIL: $s declared CT_EXTERN but not exported"; fails=$((fails + 1)); }
done
echo "$(echo "$exported" | wc -l) symbols exported, $(echo "$declared" | wc -l) declared, $fails failed"
[ "$fails" -eq 0 ]
