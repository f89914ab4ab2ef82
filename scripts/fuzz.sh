#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) into build-fuzz/ and run
# each on a corpus seeded from the test cases (tests/fuzz/make_seeds.sh) and
# its regression inputs (tests/fuzz/regress/TARGET). A crash, leak or hang
# leaves its input in build-fuzz/artifacts/ and fails the script.
# usage: scripts/fuzz.sh [SECONDS | --runs N] [TARGET...]
#   SECONDS: time per target (CI: 60); --runs N: executions per target
#   (offline: 1000000, run niced: nice -n 19 bash scripts/fuzz.sh --runs 1000000),
#   in runs of FUZZ_CHUNK seconds (default 120) that each continue the corpus:
#   an ASan process slows as it ages (fuzz_bands: 53 executions a second in
#   a 37-minute run, 92 in 5-minute runs, 122 in 2-minute runs), so long
#   runs restart it
# A timed run (CI) uses a fixed seed (FUZZ_SEED, default 1), so CI replays the
# start of a sequence already run here and fails only on what a change broke;
# --runs explores with a random seed (FUZZ_SEED=0) unless FUZZ_SEED is set.
# FUZZ_CORPUS: where the corpora live (default build-fuzz/corpus).
# A leak report is replayed with ASan's slow unwinder before it fails the run:
# the fast one loses the frames inside Debian's libgeos (no frame pointers), so
# a GEOS leak tests/lsan.supp suppresses can surface unmatched (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time=60)
seed=${FUZZ_SEED:-1}
rss=2048
want=0 # --runs N: executions per target, in chunks
if [ "${1:-}" = --runs ]; then
    want=$2; shift 2
    seed=${FUZZ_SEED:-0}
    # ASan's own retained memory grows over a long run: fuzz_wkb passed 2 GB
    # after 51,708 inputs with 31 MB of live heap (docs/testing.md)
    rss=4096
elif [ -n "${1:-}" ] && [ "$1" -eq "$1" ] 2>/dev/null; then
    limit=(-max_total_time="$1"); shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config flows pcn options spec bands wkb)
dir=$PWD/build-fuzz # absolute: fuzz_spec changes directory
[ -f "$dir/build.ninja" ] || CC=clang meson setup "$dir" -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
ninja -C "$dir" $(printf 'tests/fuzz/fuzz_%s ' "${targets[@]}") >/dev/null
mkdir -p "$dir/artifacts"
export COTERM_DATA=$PWD/data/england
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
# limits every libFuzzer process of a target shares: fuzzing, minimising (a
# merge with a smaller -max_len would cut the corpus's longer inputs), replays
limits=(-timeout=20 -rss_limit_mb=$rss -max_len=4096)
# --runs: the corpus grows with every run, and each run starts by executing all
# of it (fuzz_wkb's reached 760 inputs, 3.1 MB, and took 80 s of a 5-minute
# run to load); libFuzzer's -merge keeps one input per feature, so the corpus
# is minimised first and again whenever it has grown by half
minimise() {
    rm -rf "$corpus.min"; mkdir "$corpus.min"
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$dir/tests/fuzz/fuzz_$t" -merge=1 \
        "${limits[@]}" "$corpus.min" "$corpus" >"$dir/fuzz_$t.merge.log" 2>&1 ||
        { tail -20 "$dir/fuzz_$t.merge.log"; echo "fuzz_$t: minimising the corpus FAILED"; exit 1; }
    echo "fuzz_$t: corpus minimised from $(ls "$corpus" | wc -l) to $(ls "$corpus.min" | wc -l) inputs"
    rm -rf "$corpus"; mv "$corpus.min" "$corpus"
    merged=$(ls "$corpus" | wc -l)
}
# A failed run's leak report is the fast unwinder's only if the input alone
# leaks with it and not with the slow one; a leak that needs the run's earlier
# inputs does not replay, and fails the run.
unwinder_only_leak() { # UNIT
    grep -q 'LeakSanitizer: detected memory leaks' "$dir/fuzz_$t.log" && [ -f "$1" ] &&
        ! "$dir/tests/fuzz/fuzz_$t" "${limits[@]}" "$1" >"$dir/fuzz_$t.replay.log" 2>&1 &&
        grep -q 'LeakSanitizer: detected memory leaks' "$dir/fuzz_$t.replay.log" &&
        ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 "$dir/tests/fuzz/fuzz_$t" "${limits[@]}" "$1" \
            >>"$dir/fuzz_$t.replay.log" 2>&1
}
for t in "${targets[@]}"; do
    corpus=${FUZZ_CORPUS:-$dir/corpus}/$t
    bash tests/fuzz/make_seeds.sh "$t" "$corpus"
    cp tests/fuzz/regress/"$t"/* "$corpus"/ 2>/dev/null || true
    start=$(date +%s) runs=0 secs=${limit[0]#-max_total_time=} merged=0
    while :; do
        if [ "$want" -gt 0 ]; then
            [ "$(ls "$corpus" | wc -l)" -le $(( merged * 3 / 2 )) ] || minimise
            limit=(-runs=$(( want - runs )) -max_total_time="${FUZZ_CHUNK:-120}")
        fi
        ok=1
        "$dir/tests/fuzz/fuzz_$t" "$corpus" "${limit[@]}" -seed="$seed" "${limits[@]}" \
            -artifact_prefix="$dir/artifacts/$t-" -print_final_stats=1 \
            >"$dir/fuzz_$t.log" 2>&1 || ok=0
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz_$t.log")
        runs=$(( runs + ${n:-0} ))
        if [ $ok = 0 ]; then
            unit=$(sed -n 's/.*Test unit written to //p' "$dir/fuzz_$t.log" | tail -1)
            if unwinder_only_leak "$unit"; then
                # out of the corpus too (named by the same hash), or every
                # later run would stop on it while loading
                mkdir -p "$dir/artifacts/unwinder"; mv "$unit" "$dir/artifacts/unwinder/"
                rm -f "$corpus/${unit##*-}"
                echo "fuzz_$t: leak report on $(basename "$unit") was the fast unwinder's: replayed with full stacks it is a suppressed leak (kept in artifacts/unwinder/); going on"
            else
                tail -40 "$dir/fuzz_$t.log"; echo "fuzz_$t: FAILED"; exit 1
            fi
        fi
        if [ "$want" -gt 0 ]; then
            [ "${n:-0}" -gt 0 ] && [ "$runs" -lt "$want" ] || break
        else # timed: only a replayed false report ends a run early; use the time left
            left=$(( secs - ($(date +%s) - start) ))
            [ $ok = 0 ] && [ "$left" -gt 5 ] || break
            limit=(-max_total_time="$left")
        fi
    done
    cov=$(grep -o 'cov: [0-9]*' "$dir/fuzz_$t.log" | tail -1)
    echo "fuzz_$t: $runs executions in $(( $(date +%s) - start )) s, $cov, corpus $(ls "$corpus" | wc -l)"
done
