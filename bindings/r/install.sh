#!/usr/bin/env bash
# Install the R package into a library in the build tree, compiled against
# the uninstalled libcoterm (pkg-config's coterm-uninstalled.pc):
#   install.sh PACKAGE_DIR LIBRARY_DIR UNINSTALLED_PC_DIR STAMP
# It builds from a copy (cleaned of any in-place build) so that the source
# tree stays clean.
set -euo pipefail
pkg=$1 lib=$2 pcdir=$3 stamp=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$pkg" "$work/coterm"
mkdir -p "$lib"
if ! PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    R CMD INSTALL --preclean --no-test-load -l "$lib" "$work/coterm" >"$work/log" 2>&1; then
  cat "$work/log" >&2
  exit 1
fi
touch "$stamp"
