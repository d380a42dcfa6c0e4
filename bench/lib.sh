# Shell functions shared by bench/bench.sh, bench/soak.sh and
# bench/test-load.sh: a test PKI, apache2 instances of our own on
# 127.0.0.1 (not Apache::Test: the benchmark needs several servers side by
# side, started and measured the same way), and their memory.
#
# Sourced, not run. The caller sets:
#   srcdir   the source tree (for t/make-pki.sh)
#   builddir where the module and bench/mtls-load were built
# and may set MTLS_BENCH_PORT (default: APACHE_TEST_PORT, else 8600); the
# servers use ports base+0 .. base+9.

bench_port_base=${MTLS_BENCH_PORT:-${APACHE_TEST_PORT:-8600}}
bench_so=${MTLS_EXPLAIN_SO:-$builddir/mod_mtls_explain/.libs/mod_mtls_explain.so}
bench_load=$builddir/bench/mtls-load
bench_apache=${APACHE2:-$(command -v apache2 || command -v httpd || true)}
bench_libexec=$( (apxs -q LIBEXECDIR || apxs2 -q LIBEXECDIR) 2>/dev/null ||
                 echo /usr/lib/apache2/modules)
bench_pids=()

bench_die() {
    echo "$(basename "$0"): $*" >&2
    exit 2
}

# bench_setup: a private run directory with the test PKI and documents.
bench_setup() {
    [ -x "$bench_apache" ] || bench_die "apache2 not found"
    [ -f "$bench_so" ] || bench_die "$bench_so missing: run make first"
    [ -x "$bench_load" ] || bench_die "$bench_load missing: make bench/mtls-load"
    run=$(mktemp -d "${TMPDIR:-/tmp}/mtls-bench.XXXXXX")
    # The server's children run as nobody and must reach the documents.
    chmod 755 "$run"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    "$srcdir/t/make-pki.sh" "$run/pki" || bench_die "make-pki.sh failed"
    pki=$run/pki
    mkdir -p "$run/htdocs/denied"
    # A small static page, the same in every configuration.
    printf '<!DOCTYPE html>\n<title>ok</title>\n<p>ok</p>\n' \
        >"$run/htdocs/index.html"
    for loc in req opt noca none report; do
        mkdir -p "$run/htdocs/soak/$loc"
        cp "$run/htdocs/index.html" "$run/htdocs/soak/$loc/index.html"
    done
    chmod -R a+rX "$run/htdocs"
}

bench_cleanup() {
    local pid
    for pid in "${bench_pids[@]}"; do
        bench_stop_pid "$pid"
    done
    if [ -n "${run:-}" ] && [ -z "${MTLS_BENCH_KEEP:-}" ]; then
        rm -rf "$run"
    fi
}

# bench_conf NAME PORT KIND [EXTRA_MPM_LINES]: writes $run/NAME/httpd.conf.
# KIND is one of
#   plain   mod_ssl alone, SSLVerifyClient require          (a), (e)
#   loaded  the module loaded, the virtual host not armed     (b)
#   armed   MTLSExplain On, MTLSExplainVerifyClient require   (c), (d)
# Every kind serves /index.html; plain also /denied/ (a static
# ErrorDocument 403), armed also /soak/<policy>/ with the decision in an
# X-Verdict header.
bench_conf() {
    local name=$1 port=$2 kind=$3 mpm=${4:-}
    local dir=$run/$name module=
    mkdir -p "$dir/logs"
    if [ "$kind" != plain ]; then
        module="LoadModule mtls_explain_module \"$bench_so\""
    fi
    {
        cat <<EOF
ServerRoot "$dir"
DefaultRuntimeDir "$dir/logs"
PidFile "$dir/logs/httpd.pid"
ErrorLog "$dir/logs/error_log"
LogLevel warn
ServerName 127.0.0.1
Listen 127.0.0.1:$port

LoadModule mpm_event_module "$bench_libexec/mod_mpm_event.so"
LoadModule authz_core_module "$bench_libexec/mod_authz_core.so"
LoadModule mime_module "$bench_libexec/mod_mime.so"
LoadModule headers_module "$bench_libexec/mod_headers.so"
LoadModule socache_shmcb_module "$bench_libexec/mod_socache_shmcb.so"
LoadModule ssl_module "$bench_libexec/mod_ssl.so"
LoadModule http2_module "$bench_libexec/mod_http2.so"
$module
EOF
        if [ "$(id -u)" = 0 ]; then
            printf 'User nobody\nGroup nogroup\n'
        fi
        cat <<EOF
TypesConfig /etc/mime.types

# Fixed processes and threads: no child is started or reaped during a
# run, so the set of server processes (and their memory) is comparable,
# and a child that disappears has crashed.
StartServers 2
ServerLimit 2
ThreadsPerChild 64
MaxRequestWorkers 128
MinSpareThreads 1
MaxSpareThreads 128
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
H2MaxSessionStreams 100
$mpm

SSLSessionCache "shmcb:$dir/logs/ssl_scache(512000)"
Protocols h2 http/1.1
DocumentRoot "$run/htdocs"
<Directory "$run/htdocs">
    Require all granted
</Directory>

<VirtualHost 127.0.0.1:$port>
    SSLEngine on
    SSLCertificateFile "$pki/server.crt"
    SSLCertificateKeyFile "$pki/server.key"
    SSLCACertificateFile "$pki/ca.crt"
    SSLCARevocationFile "$pki/crl.pem"
    SSLCARevocationCheck chain
    SSLVerifyDepth 3
EOF
        case $kind in
        plain|loaded)
            cat <<EOF
    SSLVerifyClient require
    <Location /denied/>
        Require all denied
        ErrorDocument 403 /403.html
    </Location>
EOF
            ;;
        armed)
            cat <<EOF
    SSLVerifyClient optional_no_ca
    MTLSExplain On
    MTLSExplainVerifyClient require
    <Location /soak/>
        Header always set X-Verdict "%{MTLS_EXPLAIN_ACTION}e %{MTLS_EXPLAIN_VERDICT}e"
    </Location>
    <Location /soak/opt/>
        MTLSExplainVerifyClient optional
    </Location>
    <Location /soak/noca/>
        MTLSExplainVerifyClient optional_no_ca
    </Location>
    <Location /soak/none/>
        MTLSExplainVerifyClient none
    </Location>
    <Location /soak/report/>
        MTLSExplainReportOnly On
    </Location>
EOF
            ;;
        *) bench_die "unknown server kind $kind" ;;
        esac
        echo "</VirtualHost>"
    } >"$dir/httpd.conf"
}

# bench_start NAME: starts the server configured by bench_conf and waits
# until it answers TLS; sets bench_pid to its parent's pid.
bench_start() {
    local dir=$run/$1 port i
    port=$(sed -n 's/^Listen 127.0.0.1:\([0-9]*\)$/\1/p' "$dir/httpd.conf")
    # Something else answering there would be measured instead.
    if bench_answers "$port"; then
        bench_die "127.0.0.1:$port is in use; set MTLS_BENCH_PORT"
    fi
    "$bench_apache" -f "$dir/httpd.conf" -k start ||
        bench_die "$1: apache2 did not start (see $dir/logs/error_log)"
    bench_pid=
    for i in $(seq 100); do
        if [ -z "$bench_pid" ] && [ -s "$dir/logs/httpd.pid" ]; then
            bench_pid=$(cat "$dir/logs/httpd.pid")
            bench_pids+=("$bench_pid")
        fi
        if [ -n "$bench_pid" ]; then
            kill -0 "$bench_pid" 2>/dev/null ||
                bench_die "$1: apache2 exited (see $dir/logs/error_log)"
            if bench_answers "$port"; then
                return 0
            fi
        fi
        sleep 0.1
    done
    bench_die "$1: no TLS answer on 127.0.0.1:$port within 10 s"
}

# bench_answers PORT: a TLS handshake with a valid client certificate
# succeeds there (unarmed servers require one).
bench_answers() {
    openssl s_client -connect "127.0.0.1:$1" -brief \
        -cert "$pki/client-valid.crt" -key "$pki/client-valid.key" \
        </dev/null >/dev/null 2>&1
}

bench_stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# bench_procs PID: PID and its children, one per line.
bench_procs() {
    echo "$1"
    cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . || true
}

# bench_rss PID: resident memory of PID and its children, in KiB.
bench_rss() {
    local files=() p
    for p in $(bench_procs "$1"); do
        files+=("/proc/$p/status")
    done
    awk '/^VmRSS:/ { kb += $2 } END { print kb + 0 }' "${files[@]}" \
        2>/dev/null
}

# bench_field KEY LINE: the value of KEY=... in mtls-load's result line.
bench_field() {
    local kv
    for kv in $2; do
        case $kv in "$1"=*) echo "${kv#*=}"; return 0 ;; esac
    done
    echo 0
}
