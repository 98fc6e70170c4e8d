#!/usr/bin/env bash
# Set up, build and run the whole test suite (Catch2 through CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
ctest --preset release -j "${LNSGD_JOBS:-$(nproc)}"
