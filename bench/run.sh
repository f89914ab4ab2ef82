#!/bin/bash
# Time `coterm fit ccg21 ltla21` against the GeoPandas and PostGIS baselines.
#
#   bench/run.sh [TOOL...]     TOOL: coterm geopandas areal postgis (default all)
#
# Env: COTERM_BIN (default build/cli/coterm), COTERM_DATA (data dir,
# default the repository's data/england), RUNS (default 3).
# Each tool runs RUNS times under GNU /usr/bin/time; we report the best wall
# time (least disturbed by the machine) and the largest peak RSS seen (the
# max resident set size of the largest single process, from getrusage).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${COTERM_BIN:-$(cd "$(dirname "$0")/.." && pwd)/build/cli/coterm}
runs=${RUNS:-3}
export COTERM_DATA=${COTERM_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data/england}
tools=${*:-coterm geopandas areal postgis}
tmp=$(mktemp -d /tmp/coterm-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

declare -A wall rss note

# measure NAME CMD...: best wall (s) and max peak RSS (MB) over $runs runs.
# An argument OUT (OUTDIR) becomes a fresh output file (directory) per run.
measure() {
    local name=$1; shift
    local best= peak=0 i w m
    for i in $(seq "$runs"); do
        rm -rf "$tmp/out"; mkdir -p "$tmp/out"
        local args=() a
        for a in "$@"; do
            case $a in
                OUT) args+=("$tmp/out/result.csv") ;;
                OUTDIR) args+=("$tmp/out") ;;
                *) args+=("$a") ;;
            esac
        done
        if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "${args[@]}" \
                >"$tmp/stdout" 2>"$tmp/stderr"; then
            echo "$name: run $i failed:" >&2; tail -5 "$tmp/stderr" >&2
            return 1
        fi
        read -r w m <"$tmp/time"
        if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN{exit !(a<b)}'; then
            best=$w; cp "$tmp/stdout" "$tmp/best.$name"
        fi
        [ "$m" -gt "$peak" ] && peak=$m
        echo "  $name run $i: ${w}s, $(awk -v k="$m" 'BEGIN{printf "%.0f", k/1024}') MB" >&2
    done
    wall[$name]=$best
    rss[$name]=$(awk -v k="$peak" 'BEGIN{printf "%.0f", k/1024}')
    # the baselines print their population check on stderr
    note[$name]=$(grep -m1 -E 'pairs:' "$tmp/stderr" || true)
}

for t in $tools; do
    case $t in
    coterm)
        if [ -x "$bin" ]; then
            measure coterm "$bin" fit ccg21 ltla21 --out OUTDIR
        else
            echo "coterm: $bin not found (build it or set COTERM_BIN); skipped" >&2
        fi ;;
    geopandas) measure geopandas /usr/bin/python3 "$here/geopandas_fit.py" OUT ;;
    areal) measure areal /usr/bin/python3 "$here/geopandas_fit.py" OUT --areal ;;
    postgis)
        if measure postgis "$here/postgis_fit.sh" OUT; then
            # load_s=X query_s=Y from the best run: the time without cluster
            # setup/teardown, as with a database that is already running
            wall[pg_work]=$(awk -F'[= ]' '{printf "%.2f", $2 + $4}' "$tmp/best.postgis")
            note[postgis]="${note[postgis]}; $(cat "$tmp/best.postgis") (best run)"
        fi ;;
    *) echo "unknown tool: $t" >&2; exit 2 ;;
    esac
done

ratio() {  # ratio A B -> "A/B" to 1 decimal, or "-" without coterm
    [ -n "$1" ] && [ -n "${2:-}" ] && awk -v a="$1" -v b="$2" \
        'BEGIN{if (b > 0) printf "%.1fx", a/b; else print "-"}' || echo -
}

echo
echo "coterm fit ccg21 ltla21: best of $runs runs, $(nproc) cores"
printf '%-22s %9s %9s %12s %12s\n' tool wall_s peak_MB wall/coterm rss/coterm
for t in coterm geopandas areal postgis pg_work; do
    [ -n "${wall[$t]:-}" ] || continue
    label=$t
    case $t in
        geopandas) label="geopandas (centroid)" ;;
        areal) label="geopandas --areal" ;;
        postgis) label="postgis (total)" ;;
        pg_work) label="postgis (load+query)" ;;
    esac
    printf '%-22s %9s %9s %12s %12s\n' "$label" "${wall[$t]}" "${rss[$t]:--}" \
        "$(ratio "${wall[$t]}" "${wall[coterm]:-}")" \
        "$(ratio "${rss[$t]:-}" "${rss[coterm]:-}")"
done
echo
for t in geopandas areal postgis; do
    [ -n "${note[$t]:-}" ] && echo "$t: ${note[$t]}"
done
[ -n "${wall[coterm]:-}" ] || echo "(no coterm timing: ratios omitted)"
