#!/bin/bash
# Install what is missing, build, and run the whole test suite.
# For a fresh Debian 12 checkout, as root; .ci/run is just this.
set -euo pipefail
cd "$(dirname "$0")/.."

build/install-deps.sh

# CI installs Chromium: the browser test must run, not skip.
export MTLS_TEST_NEED_BROWSER=1

# gcc -O2 with httpd's mod_ssl_openssl.h (apache2-ssl-dev); the suite runs
# on this build. build/test-builds.sh below builds the other ways.
./autogen.sh
./configure --enable-werror --with-mod-ssl-openssl-h
make

# The accessibility audit's tools (t/21_a11y.t), from the npm registry;
# here the audit must run, not be skipped.
npm install --prefix build/a11y --no-audit --no-fund --no-package-lock

log=$(mktemp)
trap 'rm -f "$log"' EXIT
MTLS_A11Y_REQUIRED=1 make check 2>&1 | tee "$log"

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

# The connection-handling tests again under the worker and prefork MPMs.
build/test-mpms.sh

# gcc and clang at -O2 and -O3, with and without mod_ssl_openssl.h, all
# -Werror, and configure's refusal of an httpd older than 2.4.48.
build/test-builds.sh

# The suite against an httpd built from source with every module shared.
build/test-shared-httpd.sh

# Memory checks, each its own script: valgrind over the verdict matrix and
# the handshake failures (make valgrind runs every file), a 10-second pass
# of every fuzz target (make fuzz: 60 s), and the whole suite again with
# ASan and UBSan in a fresh copy of the tree.
build/valgrind.sh t/01_matrix.t t/06_unarmed.t t/09_checks.t
build/test-fuzz.sh
build/test-sanitizers.sh

# Load generator test and a short soak (bench/, make soak).
build/soak-ci.sh

# The release tarball, the Debian package and the system apache2
# (build/test-install.sh says what it checks).
build/test-install.sh

# The suite again inside fresh Debian 13 (trixie) and unstable (sid)
# systems, each with its own Apache, OpenSSL and gcc.
build/test-distros.sh
