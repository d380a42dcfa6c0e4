#!/bin/bash
# Install what is missing, build, and run the whole test suite.
# For a fresh Debian 12 checkout, as root; .ci/run is just this.
set -euo pipefail
cd "$(dirname "$0")/.."

build/install-deps.sh

./autogen.sh
./configure --enable-werror
make

log=$(mktemp)
trap 'rm -f "$log"' EXIT
make check 2>&1 | tee "$log"

# Apache::Test can exit 0 having run nothing (t/TEST.PL guards against
# that too): demand a PASS from every harness, the unit tests' and the
# Apache::Test suite's.
want=1
if compgen -G 't/unit/test_*.c' >/dev/null; then want=2; fi
got=$(grep -c '^Result: PASS$' "$log" || true)
if ((got != want)); then
    echo "test-all.sh: $got of $want test harnesses reported PASS" >&2
    exit 1
fi
echo "test-all.sh: all $want test harnesses passed"

# Load generator test and a short soak (bench/, make soak).
build/soak-ci.sh
