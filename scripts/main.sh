#!/usr/bin/env bash
# The main job: set up, build, and run the default simulation of the paper's synthetic setup.
# Extra arguments go to `lnsgd simulate` (e.g. scripts/main.sh --steps 20000 --out runs/short).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
exec build/release/cli/lnsgd simulate "$@"
