#!/usr/bin/env bash
# The main job: set up, build, and write the default report (every claim at the paper's setup, with figures) to
# lnsgd-report/; it ends by printing the path of lnsgd-report/index.html.
# Extra arguments go to `lnsgd report` (e.g. scripts/main.sh --profile quick --out runs/report).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
exec build/release/cli/lnsgd report "$@"
