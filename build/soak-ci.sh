#!/bin/bash
# CI's short pass over bench/: the load generator's own test, then a
# bounded soak (2,000 connections of mixed verdicts; make soak runs
# 20,000). Run after build/test-all.sh has built the module.
set -euo pipefail
cd "$(dirname "$0")/.."

make bench/mtls-load
make check-load
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-2000} SOAK_MAX_SECONDS=120 make soak
