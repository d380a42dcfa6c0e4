#!/bin/bash
# A short pass of every libFuzzer target (make fuzz) on an already
# configured tree: FUZZ_SECONDS each, 10 by default. make fuzz runs them
# longer (60 s each by default).
set -euo pipefail
cd "$(dirname "$0")/.."
make fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}"
