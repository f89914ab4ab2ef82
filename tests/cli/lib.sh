# Helpers for the CLI tests: source with COTERM (the binary) and CASES set.
# Each check prints what failed and counts it; finish() sets the exit status.
set -u
COTERM=$(cd "$(dirname "$COTERM")" && pwd)/$(basename "$COTERM")
fails=0
checks=0
work=$(mktemp -d "${TMPDIR:-/tmp}/coterm-cli-XXXXXX")
trap 'rm -rf "$work"' EXIT

# run ARGS...: run coterm, keeping status in $rc, streams in $work/out, $work/err
run() {
    "$COTERM" "$@" >"$work/out" 2>"$work/err"
    rc=$?
    last="coterm $*"
}

fail() {
    fails=$((fails + 1))
    echo "FAIL: $last: $*"
    echo "  stderr: $(head -c 600 "$work/err")"
}

expect_rc() {
    checks=$((checks + 1))
    [ "$rc" -eq "$1" ] || fail "exit status $rc, want $1"
}

# expect_err TEXT: stderr contains TEXT (fixed string)
expect_err() {
    checks=$((checks + 1))
    grep -qF -- "$1" "$work/err" || fail "stderr lacks '$1'"
}

# expect_lines FILE PATTERN N: FILE has N lines matching PATTERN (extended regex)
expect_lines() {
    checks=$((checks + 1))
    local n
    n=$(grep -cE -- "$2" "$1")
    [ "$n" -eq "$3" ] || fail "$(basename "$1") has $n lines matching '$2', want $3"
}

expect_empty() {
    checks=$((checks + 1))
    [ ! -s "$1" ] || fail "$(basename "$1") is not empty: $(head -c 300 "$1")"
}

# expect_same GOT WANT: files identical (UPDATE_GOLDEN=1 rewrites WANT)
expect_same() {
    checks=$((checks + 1))
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$1" "$2"
        return
    fi
    diff -u "$2" "$1" >"$work/diff" || { fail "$(basename "$1") differs from $2"; cat "$work/diff"; }
}

finish() {
    echo "$checks checks, $fails failed"
    [ "$fails" -eq 0 ]
}
