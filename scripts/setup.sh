#!/usr/bin/env bash
# Install coterm's build and test dependencies from Debian bookworm packages.
set -euo pipefail
pkgs=(meson ninja-build pkg-config gcc libgdal-dev gdal-bin libgeos-dev libproj-dev
      libcmocka-dev libjansson-dev python3 python3-pytest python3-pandas python3-geopandas
      python3-shapely python3-numpy binutils locales strace util-linux
      clang libclang-rt-14-dev)
# the oracles of the Python suite (tests/python/oracle): k-d tree, NNLS, spatial joins
pkgs+=(python3-scipy python3-rtree)
# coterm report: the browser test and --pdf use headless Chromium
pkgs+=(chromium)
# Python bindings: pip installs them from the source tree without network
pkgs+=(python3-pip python3-setuptools python3-wheel python3-venv)
# R bindings (bindings/r/coterm): compiler headers, sf, jsonlite, testthat
pkgs+=(r-base-dev r-cran-sf r-cran-jsonlite r-cran-testthat)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# the locale tests run under a German LC_NUMERIC (decimal comma)
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
