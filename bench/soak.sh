#!/bin/bash
# bench/soak.sh (make soak): a bounded soak of an armed server with mixed
# verdicts. Every connection takes the next of 24 combinations of client
# certificate (valid, none, expired, revoked, from another CA, self-signed),
# TLS 1.2/1.3 and HTTP/1.1/2, and asks each of five locations with
# different policies (require, optional, optional_no_ca, none,
# report-only) in turn; every answer's status and decision (X-Verdict:
# action and verdict) is checked against the expected one.
#
# Reports crashes (server processes that died or changed, signals in the
# error log), wrong answers, failed requests and the growth of the server
# processes' memory after a warm-up. Exits non-zero on any crash, wrong
# answer or failed request; memory growth is reported, not judged.
#
# Environment (defaults in brackets):
#   SOAK_CONNECTIONS [20000]  connections after the warm-up
#   SOAK_CONCURRENCY [32]     connections in flight
#   SOAK_STREAMS [5]          HTTP/2 streams in flight per connection
#   SOAK_MAX_SECONDS [900]    bound on the main run
#   MTLS_BENCH_PORT           first of 10 ports on 127.0.0.1
set -euo pipefail

srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${builddir:-$PWD}
. "$srcdir/bench/lib.sh"

conns=${SOAK_CONNECTIONS:-20000}
conc=${SOAK_CONCURRENCY:-32}
streams=${SOAK_STREAMS:-5}
max_secs=${SOAK_MAX_SECONDS:-900}
warm=$((conns / 10 > 500 ? conns / 10 : 500))

t0=$(date +%s)
bench_setup
port=$((bench_port_base + 5))
bench_conf soak "$port" armed
bench_start soak
pid=$bench_pid
log=$run/soak/logs/error_log

# expect CERT LOCATION: "STATUS:ACTION VERDICT" for that certificate on
# that policy (README, "Verdicts" and MTLSExplainVerifyClient).
expect() {
    local cert=$1 loc=$2 verdict
    case $cert in
    valid) echo "200:allow ok"; return ;;
    none) verdict=none ;;
    expired|revoked) verdict=$cert ;;
    otherca|selfsigned) verdict=untrusted ;;
    esac
    case $loc/$verdict in
    none/*) echo "200:allow $verdict" ;;
    report/*) echo "200:report $verdict" ;;
    noca/none|opt/none) echo "200:allow none" ;;
    noca/untrusted) echo "200:allow generous" ;;
    *) echo "403:deny $verdict" ;;
    esac
}

targets=()
for cert in valid none expired revoked otherca selfsigned; do
    for tls in 1.2 1.3; do
        for http in 1.1 2; do
            t="url=https://127.0.0.1:$port,tls=$tls,http=$http,header=X-Verdict"
            if [ "$cert" != none ]; then
                t+=",cert=$pki/client-$cert.crt,key=$pki/client-$cert.key"
            fi
            for loc in req opt noca none report; do
                e=$(expect "$cert" "$loc")
                t+=",get=${e%%:*}:${e#*:}:/soak/$loc/index.html"
            done
            targets+=(-t "$t")
        done
    done
done

# soak_run CONNECTIONS: five requests per connection; prints the result.
soak_run() {
    "$bench_load" -C "$pki/ca.crt" -c "$conc" -s "$streams" -r 5 \
        -n $(($1 * 5)) -d "$max_secs" "${targets[@]}" || true
}

echo "soak: warm-up, $warm connections" >&2
warm_line=$(soak_run "$warm")
rss_before=$(bench_rss "$pid")
procs_before=$(bench_procs "$pid" | sort | tr '\n' ' ')
# In quarters, with the memory after each: a leak grows in a straight
# line, pools and allocator arenas filling up level off.
echo "soak: $conns connections, $conc in flight" >&2
line= rss_series=$rss_before
for quarter in 1 2 3 4; do
    l=$(soak_run $(((conns + 3) / 4)))
    rss_series+=" $(bench_rss "$pid")"
    for k in requests ok wrong errors connections; do
        v=$(( $(bench_field "$k" "$line") + $(bench_field "$k" "$l") ))
        line=$(sed -E "s/(^| )$k=[0-9]*//" <<<"$line")
        line="$line $k=$v"
    done
done
line=${line# }
rss_after=${rss_series##* }
procs_after=$(bench_procs "$pid" | sort | tr '\n' ' ')

crashes=0
if ! kill -0 "$pid" 2>/dev/null; then
    echo "soak: the server's parent process $pid is gone" >&2
    crashes=$((crashes + 1))
elif [ "$procs_before" != "$procs_after" ]; then
    echo "soak: server processes changed: [$procs_before] -> [$procs_after]" >&2
    crashes=$((crashes + 1))
fi
signals=$(grep -cE 'exit signal|AH00052|segfault|Segmentation|Aborted' \
              "$log" || true)
crashes=$((crashes + signals))
# mod_ssl logs each failed certificate at error (AH02039), and Debian's
# mod_ssl warns at startup that it was built against a newer OpenSSL
# (AH01882): both expected. Anything else error-level is shown.
expected_logged=$(grep -cE 'AH02039|AH01882' "$log" || true)
unexpected=$(grep -E '\[[a-z_0-9]*:(error|crit|alert|emerg)\]' "$log" |
                 grep -vE 'AH02039|AH01882' || true)

requests=0 wrong=0 failed=0
for l in "$warm_line" "$line"; do
    requests=$((requests + $(bench_field requests "$l")))
    wrong=$((wrong + $(bench_field wrong "$l")))
    failed=$((failed + $(bench_field errors "$l")))
done
planned=$(((warm + (conns + 3) / 4 * 4) * 5))
growth=$((rss_after - rss_before))

echo "soak: warm-up: $warm_line"
echo "soak: main:    $line"
echo "soak: $requests of $planned requests on" \
     "$(( $(bench_field connections "$warm_line") + $(bench_field connections "$line") ))" \
     "connections in $(( $(date +%s) - t0 )) s"
echo "soak: server memory (KiB) after warm-up and each quarter:" \
     "$rss_series; growth $growth KiB" \
     "($(awk -v g="$growth" -v b="$rss_before" \
           'BEGIN { printf "%.1f", b ? 100 * g / b : 0 }') %)"
echo "soak: error log: $expected_logged expected lines (AH02039, AH01882)," \
     "$(grep -c . <<<"$unexpected" || true) others"
if [ -n "$unexpected" ]; then
    head -5 <<<"$unexpected"
fi
echo "soak: crashes=$crashes wrong=$wrong failed=$failed"

status=0
if [ "$crashes" -ne 0 ] || [ "$wrong" -ne 0 ] || [ "$failed" -ne 0 ]; then
    status=1
fi
if [ "$requests" -ne "$planned" ]; then
    echo "soak: only $requests of $planned requests within ${max_secs} s" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    MTLS_BENCH_KEEP=1
    echo "soak: FAILED; server files kept in $run" >&2
fi
exit "$status"
