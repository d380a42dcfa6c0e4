#!/bin/bash
# Run the part of the Apache::Test suite that depends on how connections
# are served (verdicts, keep-alive, resumption, SNI, pipelining, HTTP/2,
# hostile certificates, graceful restarts, the error log) again under the
# worker and prefork MPMs; make check runs everything under event. Needs a
# configured and built tree; called at the end of build/test-all.sh.
#
#   build/test-mpms.sh [MPM ...]     (default: worker prefork)
#   MTLS_MPM_TESTS="t/a.t t/b.t"     other test files; "all" for the suite
set -euo pipefail
cd "$(dirname "$0")/.."

apxs=$(sed -n 's/^APXS = //p' Makefile)
so=$PWD/mod_mtls_explain/.libs/mod_mtls_explain.so
log=$(mktemp)
trap 'rm -f "$log"' EXIT

mpms=("$@")
((${#mpms[@]})) || mpms=(worker prefork)

tests=${MTLS_MPM_TESTS:-t/01_matrix.t t/02_keepalive.t t/03_resume.t t/15_sni.t
    t/16_pipeline.t t/17_http2.t t/18_hostile.t t/19_graceful.t
    t/zz_error_log.t}
tests=$(printf '%s ' $tests)
[[ $tests == 'all ' ]] && tests=

for mpm in "${mpms[@]}"; do
    echo "test-mpms.sh: ${tests:-the suite} under the $mpm MPM"
    # t/TEST.PL regenerates the configuration when the MPM changes.
    MTLS_TEST_MPM=$mpm MTLS_EXPLAIN_SO=$so \
        perl t/TEST.PL -apxs "$apxs" $tests 2>&1 | tee "$log"
    if ! grep -q '^Result: PASS$' "$log"; then
        echo "test-mpms.sh: the tests did not pass under $mpm" >&2
        exit 1
    fi
    grep -q "^using Apache/.* ($mpm MPM)" "$log" || {
        echo "test-mpms.sh: the server did not run the $mpm MPM" >&2
        exit 1
    }
done
echo "test-mpms.sh: passed under ${mpms[*]}"
