#!/bin/bash
# Run the Apache::Test suite again under the worker and prefork MPMs (make
# check runs it under event). Needs a configured and built tree; called at
# the end of build/test-all.sh.
#
#   build/test-mpms.sh [MPM ...]     (default: worker prefork)
set -euo pipefail
cd "$(dirname "$0")/.."

apxs=$(sed -n 's/^APXS = //p' Makefile)
so=$PWD/mod_mtls_explain/.libs/mod_mtls_explain.so
log=$(mktemp)
trap 'rm -f "$log"' EXIT

mpms=("$@")
((${#mpms[@]})) || mpms=(worker prefork)

for mpm in "${mpms[@]}"; do
    echo "test-mpms.sh: the suite under the $mpm MPM"
    # t/TEST.PL regenerates the configuration when the MPM changes.
    MTLS_TEST_MPM=$mpm MTLS_EXPLAIN_SO=$so \
        perl t/TEST.PL -apxs "$apxs" 2>&1 | tee "$log"
    if ! grep -q '^Result: PASS$' "$log"; then
        echo "test-mpms.sh: the suite did not pass under $mpm" >&2
        exit 1
    fi
    grep -q "^using Apache/.* ($mpm MPM)" "$log" || {
        echo "test-mpms.sh: the server did not run the $mpm MPM" >&2
        exit 1
    }
done
echo "test-mpms.sh: passed under ${mpms[*]}"
