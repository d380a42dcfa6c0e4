#!/bin/bash
# Bring up a demonstration: a self-contained Apache on 127.0.0.1 with the
# module from this checkout, generated demo certificates, and the commands
# to try each case. For a fresh Debian 12 machine, as root.
#
#   build/demo.sh          install what is missing, build, start
#   build/demo.sh stop     stop the demo server
#
# DEMO_PORT (default 8443) and DEMO_DIR (default /tmp/mtls-explain-demo)
# override where it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
port=${DEMO_PORT:-8443}
dir=${DEMO_DIR:-/tmp/mtls-explain-demo}

stop() {
    if [ -s "$dir/logs/httpd.pid" ]; then
        pid=$(cat "$dir/logs/httpd.pid")
        kill "$pid" 2>/dev/null && echo "stopped the demo server (pid $pid)"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        rm -f "$dir/logs/httpd.pid"
    fi
}

if [ "${1:-}" = stop ]; then
    stop
    exit 0
fi

build/install-deps.sh
so=$top/mod_mtls_explain/.libs/mod_mtls_explain.so
if [ ! -e "$so" ]; then
    [ -x configure ] || ./autogen.sh
    [ -e Makefile ] || ./configure
    make
fi

stop
rm -rf "$dir"
mkdir -p "$dir/logs" "$dir/htdocs/secure" "$dir/htdocs/trial"
sh t/make-pki.sh "$dir/pki"
echo "Public page: anyone may read it." > "$dir/htdocs/index.html"
echo "Secret page: your certificate was verified." > "$dir/htdocs/secure/index.html"
echo "Trial page: enforcement is being rolled out (report-only)." \
    > "$dir/htdocs/trial/index.html"
mods=$(apxs -q LIBEXECDIR)
user=www-data
id "$user" >/dev/null 2>&1 || user=nobody

cat > "$dir/httpd.conf" <<CONF
ServerRoot $dir
ServerName localhost
PidFile $dir/logs/httpd.pid
Listen 127.0.0.1:$port
User $user
Group $(id -gn "$user")
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule mime_module $mods/mod_mime.so
LoadModule dir_module $mods/mod_dir.so
LoadModule socache_shmcb_module $mods/mod_socache_shmcb.so
LoadModule ssl_module $mods/mod_ssl.so
LoadModule mtls_explain_module $so
TypesConfig /etc/mime.types
ErrorLog $dir/logs/error_log
LogLevel warn mtls_explain:info
LogFormat "%h \"%r\" %>s mode=%{MTLS_EXPLAIN_MODE}e action=%{MTLS_EXPLAIN_ACTION}e verdict=%{MTLS_EXPLAIN_VERDICT}e %{MTLS_EXPLAIN_SUBSTATUS}e" mtls
CustomLog $dir/logs/access_log mtls
SSLSessionCache shmcb:$dir/logs/ssl_scache(512000)
DocumentRoot $dir/htdocs
<Directory $dir/htdocs>
    Require all granted
</Directory>

<VirtualHost 127.0.0.1:$port>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile $dir/pki/server.crt
    SSLCertificateKeyFile $dir/pki/server.key
    SSLCACertificateFile $dir/pki/ca.crt
    SSLCARevocationFile $dir/pki/crl.pem
    SSLCARevocationCheck chain
    # Keep the handshake alive whatever the certificate; decide per location.
    SSLVerifyClient optional_no_ca
    # The demo's client certificates may come from an intermediate CA.
    SSLVerifyDepth 2
    MTLSExplain On
    # The public part of the site needs no certificate at all.
    MTLSExplainVerifyClient none

    <Location /secure>
        MTLSExplainVerifyClient require
        MTLSExplainContact "mailto:pki-help@example.org"
    </Location>
    <Location /trial>
        MTLSExplainVerifyClient require
        MTLSExplainReportOnly On
    </Location>
</VirtualHost>
CONF
chmod -R o+rX "$dir"
p=$dir
while [ "$p" != / ]; do chmod o+x "$p"; p=$(dirname "$p"); done

/usr/sbin/apache2 -f "$dir/httpd.conf" -k start
for _ in $(seq 50); do [ -s "$dir/logs/httpd.pid" ] && break; sleep 0.1; done
echo "demo server running on https://localhost:$port/ (pid $(cat "$dir/logs/httpd.pid"))"

try="curl -s --cacert $dir/pki/ca.crt --resolve localhost:$port:127.0.0.1 -w 'HTTP %{http_code}\n'"
show="| grep -E '<title>|^HTTP|page'"
cat <<TRY

Try each case (the page title names the problem and its IIS sub-status):

  no certificate:      $try https://localhost:$port/secure/ $show
  valid certificate:   $try --cert $dir/pki/client-valid.pem https://localhost:$port/secure/ $show
  expired:             $try --cert $dir/pki/client-expired.pem https://localhost:$port/secure/ $show
  revoked:             $try --cert $dir/pki/client-revoked.pem https://localhost:$port/secure/ $show
  untrusted issuer:    $try --cert $dir/pki/client-otherca.pem https://localhost:$port/secure/ $show
  expired issuing CA:  $try --cert $dir/pki/client-viaexpiredint.pem https://localhost:$port/secure/ $show
  public page:         $try --cert $dir/pki/client-expired.pem https://localhost:$port/ $show
  report-only:         $try --cert $dir/pki/client-expired.pem https://localhost:$port/trial/ $show

The whole page:        curl -s --cacert $dir/pki/ca.crt --resolve localhost:$port:127.0.0.1 --cert $dir/pki/client-expired.pem https://localhost:$port/secure/
In Japanese:           curl -s --cacert $dir/pki/ca.crt --resolve localhost:$port:127.0.0.1 --cert $dir/pki/client-expired.pem -H 'Accept-Language: ja' https://localhost:$port/secure/
For an API client:     curl -s --cacert $dir/pki/ca.crt --resolve localhost:$port:127.0.0.1 --cert $dir/pki/client-expired.pem -H 'Accept: application/problem+json' https://localhost:$port/secure/
In a terminal:         curl -s --cacert $dir/pki/ca.crt --resolve localhost:$port:127.0.0.1 --cert $dir/pki/client-expired.pem -H 'Accept: text/plain' https://localhost:$port/secure/
What was decided:      tail $dir/logs/error_log $dir/logs/access_log
Stop the server:       DEMO_DIR=$dir DEMO_PORT=$port $top/build/demo.sh stop
TRY
