#!/bin/bash
# bench/test-load.sh (make check-load): bench/mtls-load against a real
# armed apache2: its counts are exact, it reports wrong answers and failed
# requests and then exits non-zero, it keeps to its requests per connection
# and takes targets in turn. TAP on stdout.
set -euo pipefail

srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${builddir:-$PWD}
. "$srcdir/bench/lib.sh"

bench_setup
port=$((bench_port_base + 4))
bench_conf load "$port" armed
bench_start load
base=https://127.0.0.1:$port
valid="cert=$pki/client-valid.crt,key=$pki/client-valid.key"
expired="cert=$pki/client-expired.crt,key=$pki/client-expired.key"

n=0 failed=0
# is NAME WANT_EXIT "key=value ..." -- mtls-load arguments
is() {
    local name=$1 want_exit=$2 want=$3 out rc=0 kv
    shift 3
    out=$("$bench_load" -C "$pki/ca.crt" "$@" 2>/dev/null) || rc=$?
    n=$((n + 1))
    local bad=
    [ "$rc" = "$want_exit" ] || bad="exit $rc, want $want_exit"
    for kv in $want; do
        case " $(tr '\n' ' ' <<<"$out")" in
        *" $kv "*) ;;
        *) bad="$bad${bad:+; }no $kv" ;;
        esac
    done
    if [ -z "$bad" ]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name ($bad)"
        echo "# output: $out"
        failed=$((failed + 1))
    fi
}

echo "1..9"
is "HTTP/1.1: every answer counted, 10 requests per connection" 0 \
   "requests=100 ok=100 wrong=0 errors=0 connections=10" \
   -c 4 -r 10 -n 100 \
   -t "url=$base,$valid,header=X-Verdict,get=200:allow ok:/soak/req/index.html"
is "HTTP/2: three streams per connection, 30 requests per connection" 0 \
   "requests=60 ok=60 wrong=0 errors=0 connections=2" \
   -c 2 -s 3 -r 30 -n 60 \
   -t "url=$base,$valid,http=2,tls=1.3,header=X-Verdict,get=200:allow ok:/soak/req/index.html"
is "a refused certificate is checked: status and verdict, TLS 1.2" 0 \
   "requests=20 ok=20 wrong=0" \
   -c 2 -n 20 \
   -t "url=$base,$expired,tls=1.2,header=X-Verdict,get=403:deny expired:/soak/req/index.html,get=200:allow expired:/soak/none/index.html"
is "a wrong status is a wrong answer, and fails the run" 1 \
   "requests=20 ok=0 wrong=20 errors=0" \
   -c 2 -n 20 \
   -t "url=$base,$expired,get=200:*:/soak/req/index.html"
is "a wrong header value is a wrong answer" 1 \
   "requests=10 ok=0 wrong=10" \
   -n 10 \
   -t "url=$base,$valid,header=X-Verdict,get=200:allow generous:/soak/req/index.html"
is "a missing header is a wrong answer" 1 \
   "requests=10 ok=0 wrong=10" \
   -n 10 \
   -t "url=$base,$valid,header=X-Not-Sent,get=200:x:/soak/req/index.html"
is "targets are taken in turn, one per connection" 0 \
   "requests=12 ok=12 connections=6 target=1 requests=6 target=2 requests=6" \
   -v -r 2 -n 12 \
   -t "url=$base,$valid,header=X-Verdict,get=200:allow ok:/soak/req/index.html" \
   -t "url=$base,header=X-Verdict,get=403:deny none:/soak/req/index.html"
# A port in our range where nothing listens.
is "a failed request is an error, and fails the run" 1 \
   "requests=5 ok=0 wrong=0 errors=5" \
   -n 5 -t "url=https://127.0.0.1:$((port + 1)),$valid,get=200:*:/"
is "a run bounded by time stops by itself" 0 \
   "wrong=0 errors=0" \
   -c 2 -d 1 -t "url=$base,$valid,get=200:*:/index.html"
echo "test-load: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
