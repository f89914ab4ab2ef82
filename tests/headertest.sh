#!/usr/bin/env bash
# Every public header compiles alone with -std=c11 -pedantic -Werror (and
# as C99), and the umbrella coterm.h includes every module header.
# usage: headertest.sh CC SOURCE_INCLUDE_DIR BUILD_INCLUDE_DIR headertest.c
set -u
cc=$1 src=$2 bld=$3 unit=$4
fails=0 n=0
headers=$( (cd "$src" && find . -name '*.h'); (cd "$bld" && find . -name '*.h') )
headers=$(echo "$headers" | sed 's|^\./||' | sort -u)
for h in $headers; do
    for std in c11 c99; do
        n=$((n + 1))
        if ! "$cc" -std=$std -pedantic -Werror -Wall -Wextra -fsyntax-only -I"$src" -I"$bld" \
            "-DCT_HEADER=<$h>" "$unit" 2>"${TMPDIR:-/tmp}/headertest.$$"; then
            echo "FAIL: $h does not compile alone with -std=$std -pedantic -Werror:"
            cat "${TMPDIR:-/tmp}/headertest.$$"
            fails=$((fails + 1))
        fi
    done
    case $h in
    coterm/*)
        n=$((n + 1))
        grep -q "#include \"$h\"" "$src/coterm.h" ||
            { echo "FAIL: coterm.h does not include $h"; fails=$((fails + 1)); }
        ;;
    esac
done
rm -f "${TMPDIR:-/tmp}/headertest.$$"
echo "$(echo "$headers" | wc -w) headers, $n checks, $fails failed"
[ "$fails" -eq 0 ] && [ -n "$headers" ]
