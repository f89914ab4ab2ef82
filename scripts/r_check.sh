#!/usr/bin/env bash
# R CMD check of the R package (bindings/r/coterm) against an installed
# libcoterm, then a look at what it loads:   bash scripts/r_check.sh PREFIX
# The source package is built in a temporary directory (the tree stays
# clean); the check runs without the PDF manual and without network (an
# empty local CRAN). The tests that need the CLI or the source tree skip
# here: meson test runs them all against the build tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$(realpath "$1")
pc=$(find "$prefix" -name coterm.pc -print -quit)
[ -n "$pc" ] || { echo "r_check: no coterm.pc under $prefix" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/src/contrib"
: > "$work/repo/src/contrib/PACKAGES"
echo "options(repos = c(CRAN = 'file://$work/repo'))" > "$work/Rprofile"
unset COTERM_LIBRARY COTERM_DATA COTERM_BIN COTERM_SOURCE_ROOT
export PKG_CONFIG_PATH=$(dirname "$pc") R_PROFILE_USER=$work/Rprofile \
  _R_CHECK_FUTURE_FILE_TIMESTAMPS_=false
cd "$work"
R CMD build --no-build-vignettes "$root/bindings/r/coterm" >build.log 2>&1 || { cat build.log; exit 1; }
R CMD check --no-manual coterm_*.tar.gz >check.log 2>&1 || true
status=$(grep '^Status:' check.log || echo "Status: ERROR (no status)")
# the installed package loads the prefix's library and finds its data
loads=$(R_LIBS=$work/coterm.Rcheck Rscript -e 'library(coterm); p <- commandArgs(TRUE)[1]
  cat(startsWith(coterm_library(), p) && startsWith(layers()$source[1], p))' "$prefix" 2>&1 ||
  true)
if grep -q -e ERROR -e WARNING <<<"$status" || [ "$loads" != TRUE ]; then
  cat check.log
  cat coterm.Rcheck/tests/testthat.Rout.fail 2>/dev/null || true
  echo "R package loads $prefix: $loads"
  echo "r check: 0 passed, 1 failed"
  exit 1
fi
echo "R CMD check: $status; the installed package loads $prefix's libcoterm and data"
echo "r check: 1 passed, 0 failed"
