#!/usr/bin/env bash
# Outputs are all or nothing: a run killed by SIGTERM or SIGINT while it
# writes, or stopped by a file-size limit or a full file system, exits with
# the signal's status or 2 (naming the file) and leaves the output directory
# as it was (no partial file, no temporary file, no new directory); a signal
# during the final renames waits for them (the whole new set). --out never
# replaces an input. Signals are delivered at an exact system call with
# strace's fault injection (Debian strace); the full file system is a 256 KB
# tmpfs in a private mount namespace (root: unshare -m).
# usage: outputs.sh COTERM CASES_DIR
COTERM=$1
C=$(cd "$2/fit" && pwd)
. "$(dirname "$0")/lib.sh"

# grid N SIZE PREFIX: an N x N grid of SIZE m squares in EPSG:27700
grid() {
    /usr/bin/python3 - "$@" <<'EOF'
import json, sys
n, size, code = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
feats = [{"type": "Feature", "properties": {"code": f"{code}{i}_{j}"},
          "geometry": {"type": "Polygon", "coordinates": [[
              [400000 + i * size, 300000 + j * size], [400000 + (i + 1) * size, 300000 + j * size],
              [400000 + (i + 1) * size, 300000 + (j + 1) * size],
              [400000 + i * size, 300000 + (j + 1) * size], [400000 + i * size, 300000 + j * size]]]}}
         for i in range(n) for j in range(n)]
json.dump({"type": "FeatureCollection", "features": feats,
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}},
          sys.stdout)
EOF
}
grid 40 100 s >"$work/small.geojson"
grid 4 1000 b >"$work/big.geojson"
grid 2 2000 c >"$work/big2.geojson"
FIT=(fit "$work/small.geojson" "$work/big.geojson" --no-pop -q)

run "${FIT[@]}" --out "$work/new"
expect_rc 0
run fit "$work/small.geojson" "$work/big2.geojson" --no-pop -q --out "$work/old"
expect_rc 0
checks=$((checks + 1))
! diff -q "$work/old/pairs.csv" "$work/new/pairs.csv" >/dev/null || fail "old and new results are the same"

# same_dir GOT WANT: identical trees (hidden temporary files included)
same_dir() {
    checks=$((checks + 1))
    diff -r "$2" "$1" >"$work/diff" 2>&1 || { fail "$1 differs from $2"; cat "$work/diff"; }
}

# killed SIGNAL SYSCALL N DIR: run FIT --out DIR, delivering SIGNAL at the
# Nth SYSCALL; status in $rc
killed() {
    strace -f -qq -o /dev/null -e trace="$2" -e inject="$2:signal=$1:when=$3" \
        "$COTERM" "${FIT[@]}" --out "$4" >"$work/out" 2>"$work/err"
    rc=$?
    last="coterm ${FIT[*]} --out $4 ($1 at $2 $3)"
}
strace -o /dev/null true 2>/dev/null ||
    { echo "FAIL: strace cannot trace here (install Debian strace: scripts/setup.sh)"; exit 1; }

# ---- SIGTERM in the middle of writing the files: the old set, untouched
cp -r "$work/old" "$work/run1"
killed SIGTERM write 10 "$work/run1"
expect_rc 143
same_dir "$work/run1" "$work/old"
# ---- SIGINT likewise
cp -r "$work/old" "$work/run2"
killed SIGINT write 20 "$work/run2"
expect_rc 130
same_dir "$work/run2" "$work/old"
# ---- SIGTERM at the second of the four renames: it waits for the other
# renames, so the whole new set is in place
cp -r "$work/old" "$work/run3"
killed SIGTERM rename 2 "$work/run3"
expect_rc 143
same_dir "$work/run3" "$work/new"
# ---- a new --out directory is not left behind, empty or not
killed SIGTERM write 10 "$work/run4/deeper"
expect_rc 143
checks=$((checks + 1))
[ ! -e "$work/run4" ] || fail "left $(ls -AR "$work/run4")"

# ---- a file-size limit (a full disk for one file): exit 2 naming the file
cp -r "$work/old" "$work/run5"
(ulimit -f 8 && "$COTERM" "${FIT[@]}" --out "$work/run5" >"$work/out" 2>"$work/err")
rc=$?
last="coterm fit ... --out run5 (ulimit -f 8)"
expect_rc 2
expect_err "coterm: error: $work/run5/"
expect_err ": File too large"
same_dir "$work/run5" "$work/old"

# ---- a full file system: a 256 KB tmpfs holding the old results
if unshare -m true 2>/dev/null; then
    mkdir "$work/full"
    unshare -m bash -c '
        mount -t tmpfs -o size=256k tmpfs "$1" || exit 9
        cp -r "$2" "$1/out" || exit 9
        head -c 150000 /dev/zero >"$1/filler"
        "${@:4}" --out "$1/out" >/dev/null 2>"$3/err"
        rc=$?
        diff -r "$2" "$1/out" >"$3/diff" 2>&1 || rc=8
        exit $rc' _ "$work/full" "$work/old" "$work" "$COTERM" "${FIT[@]}"
    rc=$?
    last="coterm fit ... --out FULL_TMPFS/out"
    expect_rc 2
    expect_err "/out/"
    expect_err "No space left on device"
else
    echo "FAIL: unshare -m is not permitted here (run as root)"
    fails=$((fails + 1))
fi

# ---- --out never replaces an input: a CSV layer named pairs.csv in the
# output directory, and bestfit --out naming its own input
mkdir "$work/in"
cp "$C/nocrs.csv" "$work/in/pairs.csv"
cp -r "$work/in" "$work/in.before"
run fit "$work/in/pairs.csv" "$C/a.geojson" --assume-crs EPSG:27700 --no-pop --out "$work/in"
expect_rc 2
expect_err "coterm: error: $work/in/pairs.csv: refusing to write over an input of this run ($work/in/pairs.csv)"
same_dir "$work/in" "$work/in.before"
cp "$C/pop.geojson" "$work/pop.geojson"
ln -s "$work/pop.geojson" "$work/link.csv"
run bestfit "$work/pop.geojson" "$C/b.geojson" --pop "$work/pop.geojson" --pop-field pop \
    --out "$work/link.csv"
expect_rc 2
expect_err "refusing to write over an input of this run ($work/pop.geojson)"
checks=$((checks + 1))
cmp -s "$work/pop.geojson" "$C/pop.geojson" || fail "pop.geojson was changed"

finish
