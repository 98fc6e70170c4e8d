#!/usr/bin/env bash
# Installs the Debian 12 packages lnsgd needs, only those that are missing (a second run takes seconds).
# Usage: scripts/setup.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
  cmake ninja-build g++ git ccache pkg-config
  libboost-dev          # Multiprecision, Odeint, Math (header-only, 1.74)
  libmpfi-dev           # certified enclosures (MPFI over MPFR and GMP): theory/certified/
  libeigen3-dev         # Eigen 3.4
  zlib1g-dev            # gzipped IDX files (sim/data/)
  dataset-fashion-mnist # Fashion-MNIST, /usr/share/datasets/fashion-mnist (--data fashion-mnist)
  libopenblas0-pthread  # NumPy's BLAS for the baselines of scripts/bench_ratios.py (Debian's default is the reference BLAS)
  librandom123-dev      # Philox counter-based RNG
  libcli11-dev          # command-line parsing
  nlohmann-json3-dev    # JSON config and metadata
  catch2                # test runner (v2)
  libbenchmark-dev      # Google Benchmark
  libopenmpi-dev openmpi-bin  # lnsgd sweep across MPI ranks (optional at build time; tests/cli/test_sweep_mpi.cpp)
  python3 python3-matplotlib  # the report's figures (Debian's /usr/bin/python3)
  python3-html5lib python3-jsonschema  # the report's tests: strict HTML parsing, results.json schema
  python3-scipy  # the implicit Lasso's test: an independent Lasso solution
  pybind11-dev python3-dev python3-numpy python3-pytest  # the Python module lnsgd (docs/python.md) and its tests
  python3-pandas  # the module's tables as DataFrames, tested with and without it
  chromium-headless-shell  # the report's test in a real browser (tests/report/browser_report.py)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
