#!/bin/bash
# Run test files against one httpd process (apache2 -X, the suite's own
# configuration) under valgrind's memcheck, then fail on any memcheck
# error or definite leak. Run after "make" on a normal (not sanitized)
# build; "make valgrind" does that.
#
#   build/valgrind.sh [t/01_matrix.t ...]
#
# With no test files: every file that talks to the server. Environment:
# APXS (default apxs), MTLS_EXPLAIN_SO (default: the module in this tree),
# APACHE_TEST_PORT like make check. The valgrind log is kept in
# t/logs/valgrind.log.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

apxs=${APXS:-apxs}
so=${MTLS_EXPLAIN_SO:-$top/mod_mtls_explain/.libs/mod_mtls_explain.so}
export MTLS_EXPLAIN_SO=$so
if (($#)); then
    tests=("$@")
else
    # Not t/07_config.t, which starts its own servers, t/docs.t, nor
    # t/zz_error_log.t: under -X the warnings that the test configuration
    # provokes on purpose at startup land in the error log too.
    tests=(t/0[0-689]_*.t)
fi

[ -e "$so" ] || { echo "valgrind.sh: $so does not exist: run make" >&2; exit 1; }
if ldd "$so" | grep -q 'libasan'; then
    echo "valgrind.sh: $so is built with sanitizers; valgrind needs a" \
         "normal build" >&2
    exit 1
fi

# The suite's configuration, as make check writes it, without a server.
perl t/TEST.PL -apxs "$apxs" -configure >/dev/null
port=$(sed -n 's/^Listen[[:space:]]*127\.0\.0\.1:\([0-9]*\).*/\1/p' \
       t/conf/httpd.conf | head -1)
[ -n "$port" ] || { echo "valgrind.sh: no Listen in t/conf/httpd.conf" >&2; exit 1; }
httpd="$("$apxs" -q SBINDIR)/$("$apxs" -q TARGET)"

vglog=t/logs/valgrind.log
rm -f "$vglog"
: > t/logs/error_log
# -X: one process, no children, so valgrind sees every request. The server
# switches to nobody: --vgdb=no keeps valgrind from making files in /tmp
# it could then not remove. httpd unloads the module before the leak
# check: --keep-debuginfo names its functions all the same.
valgrind --tool=memcheck --vgdb=no --keep-debuginfo=yes --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --num-callers=40 --log-file="$vglog" \
    "$httpd" -X -d "$top/t" -f "$top/t/conf/httpd.conf" \
    -D APACHE2 -D APACHE2_4 &
pid=$!
stop_server() {
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        wait "$pid" || true
    fi
}
trap stop_server EXIT

# Up means answering, not only accepting: the port is bound in the first
# configuration pass, and under valgrind the second one and mod_ssl's
# start take long enough for the first test's client to give up.
up=
for _ in $(seq 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
           "http://127.0.0.1:$port/" || true)
    if [ -n "$code" ] && [ "$code" != 000 ]; then
        up=1
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
done
[ -n "$up" ] || { echo "valgrind.sh: the server did not start" >&2; exit 1; }

status=0
start=$SECONDS
perl t/TEST.PL -run-tests "${tests[@]}" || status=1
echo "valgrind.sh: ${#tests[@]} test files in $((SECONDS - start)) s"
trap - EXIT
stop_server

summary=$(grep -E 'ERROR SUMMARY|definitely lost' "$vglog" || true)
echo "$summary" | sed 's/^==[0-9]*== */valgrind: /'
# One summary per process valgrind followed (mod_cgid forks its daemon).
errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$vglog" |
         awk '{ n += $1; seen = 1 } END { if (seen) print n }')
if [ -z "$errors" ]; then
    echo "valgrind.sh: no ERROR SUMMARY in $vglog (did the server crash?)" >&2
    exit 1
fi
if ((errors > 0)); then
    echo "valgrind.sh: $errors memcheck errors or definite leaks" \
         "(the whole report is in $vglog):" >&2
    awk '/^==[0-9]+== (Invalid|Conditional|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument|[0-9,]+ .*definitely lost)/ { p = 1 }
         p { print }
         /^==[0-9]+== $/ { p = 0 }' "$vglog" | head -80 >&2
    exit 1
fi
if ((status)); then
    echo "valgrind.sh: tests failed under valgrind" >&2
    exit 1
fi
echo "valgrind.sh: no memcheck errors, no definite leaks"
