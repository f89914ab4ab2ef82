#!/usr/bin/env bash
# Set up, build and run the whole test suite: a normal build, then again under
# AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
meson test -C build --print-errorlogs
# the naive methods' figures against the official lookup (~20 s, ~1 GB)
meson test -C build --setup full --suite slow --print-errorlogs
bash scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  meson test -C build-asan --print-errorlogs
# libFuzzer targets (clang, ASan + UBSan), a minute each: a crash, leak or hang fails
bash scripts/fuzz.sh 60
# Installed layout: built-in layers resolve to the installed data copy.
inst=$(mktemp -d); trap 'rm -rf "$inst"' EXIT
meson setup "$inst/build" --prefix="$inst/prefix" >/dev/null
ninja -C "$inst/build" >/dev/null && meson install -C "$inst/build" >/dev/null
"$inst/prefix/bin/coterm" layers | grep -q "^data: $inst/prefix/share/coterm/england" \
  && echo "install check: 1 passed, 0 failed" \
  || { echo "install check: 0 passed, 1 failed"; exit 1; }
# R package: R CMD check against the installed libcoterm (pkg-config)
bash scripts/r_check.sh "$inst/prefix"
