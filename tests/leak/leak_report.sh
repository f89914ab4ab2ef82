#!/usr/bin/env bash
# A GEOS geometry that coterm code made and leaked is reported by
# LeakSanitizer through tests/lsan.supp: leak_probe builds a geometry set
# with the GEOS adapter and never frees it. The report must show the
# polygons GEOS allocated for it, not only coterm's own struct. As a
# control, the old suppressions (every stack through libgeos) hid them.
# usage: leak_report.sh LEAK_PROBE LSAN_SUPP
probe=$1
supp=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/coterm-leak-XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0

# report SUPP OUT: run the probe under LeakSanitizer; exit status in $rc
report() {
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 LSAN_OPTIONS="suppressions=$1:exitcode=23" \
        "$probe" >"$2.out" 2>"$2"
    rc=$?
}
check() { # check DESCRIPTION COMMAND...
    if ! "${@:2}"; then
        echo "FAIL: $1"
        fails=$((fails + 1))
    fi
}

report "$supp" "$work/narrow"
check "leak reported with lsan.supp (exit $rc, want 23)" [ "$rc" -eq 23 ]
check "coterm's own allocation in ct__geoms_build reported" \
    grep -q 'in ct__geoms_build .*ct_geos.c' "$work/narrow"
check "the polygon GEOS made for coterm reported" \
    grep -q 'geos::geom::GeometryFactory::createPolygon' "$work/narrow"
check "no leak suppressed" \
    bash -c "! grep -q 'Suppressions used' '$work/narrow'"

printf 'leak:libgeos.so\nleak:libgeos_c.so\n' >"$work/broad.supp"
report "$work/broad.supp" "$work/broad"
check "control: the broad suppressions hid the GEOS polygon" \
    bash -c "! grep -q 'GeometryFactory::createPolygon' '$work/broad'"

[ "$fails" -eq 0 ] || { echo "--- report with lsan.supp:"; head -40 "$work/narrow"; }
echo "5 checks, $fails failed"
[ "$fails" -eq 0 ]
