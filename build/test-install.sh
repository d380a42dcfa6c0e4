#!/bin/bash
# Install the module the ways the README tells administrators to, and
# check each end to end. For Debian 12, as root; run by build/test-all.sh.
#
#  1. The release tarball (make dist) builds and installs with
#     ./configure && make && make install DESTDIR=... while every autotools
#     program fails if called, as on a machine without them.
#  2. The Debian package builds from it with dpkg-buildpackage; lintian
#     finds no error.
#  3. On this machine's stock apache2: the package is installed,
#     "a2enmod mtls_explain" enables ssl too, the shipped example site runs
#     on 127.0.0.1 with the test PKI under the system configuration and the
#     system apache2 binary, an expired certificate gets the 403.17 page and
#     a valid one the content. The package is then purged, and Apache must
#     still pass apache2ctl -t and start.
#
# The system apache2 must not be running (the test would take over its
# configuration), and the package must not be installed. Everything the
# test changes in /etc/apache2 and /var/lib/apache2 is put back and checked
# to be byte for byte as found; the server's pid, lock and log files live
# in a temporary directory, not in /run or /var/log.
#
# MTLS_INSTALL_TEST_PORT: the loopback port to use (default
# APACHE_TEST_PORT + 90, else 8619). MTLS_INSTALL_TEST_KEEP=1 keeps the
# temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
port=${MTLS_INSTALL_TEST_PORT:-$((${APACHE_TEST_PORT:-8529} + 90))}
pkg=libapache2-mod-mtls-explain
conf=/etc/apache2
state=/var/lib/apache2
site=mtls-explain-install-test

say() { echo "test-install.sh: $*"; }
die() { echo "test-install.sh: FAIL: $*" >&2; exit 1; }
pass=0
ok() { pass=$((pass + 1)); echo "ok $pass - $*"; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs a package)"
for f in "$conf/ports.conf" /usr/sbin/apache2 /usr/sbin/a2enmod; do
    [ -e "$f" ] || die "$f missing: the stock apache2 package is needed"
done
if [ -s /run/apache2/apache2.pid ] &&
    kill -0 "$(cat /run/apache2/apache2.pid)" 2>/dev/null; then
    die "the system apache2 is running; stop it first (the test rewrites its configuration)"
fi
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    die "$pkg is installed already; the test would purge it"
fi
if (: >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "127.0.0.1:$port is in use; set MTLS_INSTALL_TEST_PORT"
fi

work=$(mktemp -d /tmp/mtls-install-test.XXXXXX)
chmod 755 "$work"
httpd_pid=
installed=
policy_rcd=
changed_config=
made_tarball=

apachectl_() { APACHE_ENVVARS=$work/envvars apache2ctl "$@"; }
start_httpd() {
    (set +u && . "$work/envvars" && exec /usr/sbin/apache2 -k start) ||
        die "the system apache2 does not start"
    for _ in $(seq 100); do
        [ -s "$work/run/apache2.pid" ] && break
        sleep 0.1
    done
    [ -s "$work/run/apache2.pid" ] || die "apache2 wrote no pid file"
    httpd_pid=$(cat "$work/run/apache2.pid")
}
stop_httpd() {
    [ -n "$httpd_pid" ] || return 0
    kill "$httpd_pid" 2>/dev/null
    for _ in $(seq 100); do
        kill -0 "$httpd_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$httpd_pid" 2>/dev/null; then
        kill -9 "$httpd_pid" 2>/dev/null
    fi
    httpd_pid=
}

# Put back what the test changed, whatever stage it stopped at.
cleanup() {
    local rc=$?
    set +e
    stop_httpd
    if [ -n "$installed" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$pkg" >/dev/null
    fi
    if [ -n "$changed_config" ]; then
        restore_config
    fi
    if [ -n "$policy_rcd" ]; then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [ -n "$made_tarball" ]; then
        rm -f "$tarball"
    fi
    if ((rc != 0)) && [ -d "$work/log" ]; then
        for f in "$work"/log/*; do
            [ -s "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }
        done
    fi
    if [ -n "${MTLS_INSTALL_TEST_KEEP:-}" ]; then
        say "kept $work"
    else
        rm -rf "$work"
    fi
    exit $rc
}
trap cleanup EXIT
# An interrupted run must put the machine back too.
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------
# 1. The release tarball, on a machine "without autotools".
[ -e Makefile ] || { ./autogen.sh && ./configure; }
version=$(sed -n 's/^PACKAGE_VERSION = //p' Makefile)
tarball=$top/mod_mtls_explain-$version.tar.gz
[ -e "$tarball" ] || made_tarball=1
make dist >"$work/dist.log" 2>&1 || { cat "$work/dist.log"; die "make dist"; }
[ -f "$tarball" ] || die "make dist made no $tarball"

mkdir -p "$work/noautotools"
for p in aclocal autoconf autoheader automake autom4te autoreconf \
    libtoolize aclocal-1.16 automake-1.16; do
    cat >"$work/noautotools/$p" <<STUB
#!/bin/sh
echo "$p called while building the release tarball" >>"$work/autotools-called"
exit 1
STUB
    chmod +x "$work/noautotools/$p"
done
mkdir "$work/dist" "$work/destdir"
tar -C "$work/dist" -xzf "$tarball"
(
    cd "$work/dist/mod_mtls_explain-$version"
    export PATH=$work/noautotools:$PATH
    ./configure && make && make install DESTDIR="$work/destdir"
) >"$work/dist-build.log" 2>&1 || {
    tail -n 40 "$work/dist-build.log"
    die "the release tarball does not build with ./configure && make && make install"
}
[ ! -e "$work/autotools-called" ] || {
    cat "$work/autotools-called"
    die "building the release tarball needed autotools"
}
ok "release tarball: configure, make, make install without autotools"

libexec=$(apxs -q LIBEXECDIR)
sysconf=$(apxs -q SYSCONFDIR)
so=$work/destdir$libexec/mod_mtls_explain.so
load=$work/destdir$sysconf/mods-available/mtls_explain.load
[ -f "$so" ] || die "make install DESTDIR put no module at $so"
[ -f "$load" ] && [ -f "${load%.load}.conf" ] ||
    die "make install DESTDIR put no mtls_explain.load/.conf in $(dirname "$load")"
grep -qx "LoadModule mtls_explain_module $libexec/mod_mtls_explain.so" "$load" ||
    die "$load does not load $libexec/mod_mtls_explain.so: $(cat "$load")"
grep -qx '# Depends: ssl' "$load" || die "$load does not make a2enmod enable ssl"
# The .conf must stay inert: comments only.
if grep -qv -e '^#' -e '^[[:space:]]*$' "${load%.load}.conf"; then
    die "mtls_explain.conf is not all comments"
fi
(cd "$work/dist/mod_mtls_explain-$version" &&
    make uninstall DESTDIR="$work/destdir") >>"$work/dist-build.log" 2>&1 ||
    die "make uninstall"
left=$(find "$work/destdir" -type f)
[ -z "$left" ] || die "make uninstall left: $left"
ok "make install DESTDIR: module, mods-available/mtls_explain.load and .conf; make uninstall removes them"

# ---------------------------------------------------------------------
# 2. The Debian package, from the release tarball.
mkdir "$work/deb"
tar -C "$work/deb" -xzf "$tarball"
(
    cd "$work/deb/mod_mtls_explain-$version"
    DEB_BUILD_OPTIONS="noautodbgsym nocheck" nice dpkg-buildpackage -us -uc -b
) >"$work/deb-build.log" 2>&1 || {
    tail -n 40 "$work/deb-build.log"
    die "dpkg-buildpackage -us -uc -b"
}
deb=$(echo "$work"/deb/${pkg}_*.deb)
[ -f "$deb" ] || die "dpkg-buildpackage made no $pkg .deb"
ok "dpkg-buildpackage -us -uc -b: $(basename "$deb")"

lintian --fail-on error "$deb" >"$work/lintian.log" 2>&1 || {
    cat "$work/lintian.log"
    die "lintian reports errors"
}
sed 's/^/    /' "$work/lintian.log"
ok "lintian: no errors"

# ---------------------------------------------------------------------
# 3. On the stock apache2.
snapshot() {
    (cd / && find "${conf#/}" "${state#/}" -printf '%y %m %p -> %l\n' | sort
     cd / && find "${conf#/}" "${state#/}" -type f -print0 | sort -z |
        xargs -0 md5sum)
}
snapshot >"$work/before"
cp -a "$conf/mods-enabled" "$work/mods-enabled.orig"
cp -a "$conf/sites-enabled" "$work/sites-enabled.orig"
cp -a "$conf/ports.conf" "$work/ports.conf.orig"
cp -a "$state" "$work/state.orig"

restore_config() {
    rm -f "$conf/sites-available/$site.conf"
    rm -rf "$conf/mods-enabled" "$conf/sites-enabled" "$state"
    cp -a "$work/mods-enabled.orig" "$conf/mods-enabled"
    cp -a "$work/sites-enabled.orig" "$conf/sites-enabled"
    cp -a "$work/state.orig" "$state"
    cp -a "$work/ports.conf.orig" "$conf/ports.conf"
}

# The package's maintainer scripts restart Apache through invoke-rc.d; on a
# machine without a policy that forbids it (Debian's container images have
# one), that would start the system server with its stock configuration.
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_rcd=1
fi

changed_config=1
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "$deb" >"$work/apt-install.log" 2>&1 || {
    cat "$work/apt-install.log"
    die "apt-get install $deb"
}
for f in "$libexec/mod_mtls_explain.so" "$conf/mods-available/mtls_explain.load" \
    "$conf/mods-available/mtls_explain.conf" \
    "/usr/share/doc/$pkg/examples/mtls-explain-site.conf" \
    "/usr/share/doc/$pkg/examples/explain-template.html"; do
    [ -f "$f" ] || die "the package did not install $f"
done
[ ! -e "$conf/mods-enabled/mtls_explain.load" ] ||
    die "installing the package enabled the module (and so ssl) by itself"
ok "apt-get install ./$(basename "$deb"): module installed, not enabled"

ssl_was_enabled=
[ -e "$conf/mods-enabled/ssl.load" ] && ssl_was_enabled=1
a2enmod mtls_explain >"$work/a2enmod.log" 2>&1 || {
    cat "$work/a2enmod.log"
    die "a2enmod mtls_explain"
}
[ -L "$conf/mods-enabled/mtls_explain.load" ] &&
    [ -L "$conf/mods-enabled/mtls_explain.conf" ] ||
    die "a2enmod mtls_explain enabled no mtls_explain.load and .conf"
[ -L "$conf/mods-enabled/ssl.load" ] || die "a2enmod mtls_explain did not enable ssl"
ok "a2enmod mtls_explain: enabled$([ -n "$ssl_was_enabled" ] || echo ", with ssl")"

# The test's PKI, site and server runtime, readable by www-data.
sh t/make-pki.sh "$work/pki"
mkdir -p "$work/htdocs/account" "$work/log" "$work/run" "$work/lock"
echo "public page" >"$work/htdocs/index.html"
echo "account page for verified certificates" >"$work/htdocs/account/index.html"
chmod -R o+rX "$work/htdocs"
chown www-data "$work/lock"

# The shipped example, with this test's names, paths and port in place of
# the example's; every placeholder must be there to be replaced.
example=/usr/share/doc/$pkg/examples/mtls-explain-site.conf
cp "$example" "$work/site.conf"
while IFS='|' read -r from to; do
    grep -qF -- "$from" "$work/site.conf" ||
        die "the example no longer contains '$from'; update this test"
    FROM=$from TO=$to perl -pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$work/site.conf"
    ! grep -qF -- "$from" "$work/site.conf" || die "could not replace '$from'"
done <<EOF
<VirtualHost *:443>|<VirtualHost 127.0.0.1:$port>
ServerName www.example.org|ServerName localhost
DocumentRoot /var/www/html|DocumentRoot $work/htdocs
/etc/ssl/certs/www.example.org.crt|$work/pki/server.crt
/etc/ssl/private/www.example.org.key|$work/pki/server.key
/etc/ssl/certs/client-ca.crt|$work/pki/ca.crt
/etc/ssl/crl/client-ca.crl|$work/pki/crl.pem
#MTLSExplainTemplate /etc/apache2/mtls-explain/explain-template.html|MTLSExplainTemplate /usr/share/doc/$pkg/examples/explain-template.html
EOF
cat >>"$work/site.conf" <<EOF

<Directory $work/htdocs>
    Require all granted
</Directory>
EOF
cp "$work/site.conf" "$conf/sites-available/$site.conf"
a2ensite "$site" >>"$work/a2enmod.log" 2>&1 || die "a2ensite $site"

# Loopback only, on the test's port: nothing on *:80 or *:443.
echo "Listen 127.0.0.1:$port" >"$conf/ports.conf"

# Debian's envvars, with the runtime files moved to the work directory.
cat >"$work/envvars" <<EOF
. $conf/envvars
export APACHE_PID_FILE=$work/run/apache2.pid
export APACHE_RUN_DIR=$work/run
export APACHE_LOCK_DIR=$work/lock
export APACHE_LOG_DIR=$work/log
EOF
apachectl_ -t >"$work/configtest.log" 2>&1 || {
    cat "$work/configtest.log"
    die "apache2ctl -t with the module and the example site"
}
apachectl_ -M 2>/dev/null | grep -q 'mtls_explain_module (shared)' ||
    die "apache2ctl -M does not list mtls_explain_module"
ok "apache2ctl -t passes, mtls_explain_module is loaded"

start_httpd
ok "system apache2 started (pid $httpd_pid) on 127.0.0.1:$port"

# fetch PATH [curl options]: prints the status, then the body.
fetch() {
    local path=$1
    shift
    curl -sS --max-time 10 --cacert "$work/pki/ca.crt" \
        --resolve "localhost:$port:127.0.0.1" -o "$work/body" \
        -w '%{http_code}' "$@" "https://localhost:$port$path" || true
}
expect() {
    local what=$1 want=$2 text=$3 path=$4
    shift 4
    local got
    got=$(fetch "$path" "$@")
    [ "$got" = "$want" ] || die "$what: HTTP $got, want $want"
    grep -qF -- "$text" "$work/body" || {
        head -c 600 "$work/body"
        die "$what: the response does not contain '$text'"
    }
    ok "$what: HTTP $got, '$text'"
}
expect "expired certificate on /account/" 403 "403.17" /account/ \
    --cert "$work/pki/client-expired.pem"
grep -q 'certificate has expired' "$work/body" ||
    die "the 403.17 page does not give OpenSSL's reason"
grep -q 'Example Corp secure portal' "$work/body" &&
    grep -q '<a href="mailto:pki-help@example.org">' "$work/body" ||
    die "the 403.17 page is not the shipped template with the contact"
ok "the shipped example template, with the example's contact"
expect "valid certificate on /account/" 200 "account page" /account/ \
    --cert "$work/pki/client-valid.pem"
expect "no certificate on /account/" 403 "403.7" /account/
expect "expired certificate on the public page" 200 "public page" / \
    --cert "$work/pki/client-expired.pem"
grep -q 'MTLS0010: .*verdict=expired substatus=403.17' "$work/log/error.log" ||
    die "the error log has no MTLS0010 line for the expired certificate"
ok "error.log: MTLS0010 ... verdict=expired substatus=403.17"
expect "the example's metrics from loopback" 200 \
    'mtls_explain_decisions_total{host="localhost:'"$port"'",section="<Location /account>",mode="require",verdict="expired",action="deny"} 1' \
    /mtls-metrics

# Removal as an administrator does it: the site that uses the module
# first, then the package, whose scripts disable the module.
a2dissite "$site" >>"$work/a2enmod.log" 2>&1 || die "a2dissite $site"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$pkg" \
    >"$work/apt-purge.log" 2>&1 || {
    cat "$work/apt-purge.log"
    die "apt-get purge $pkg"
}
installed=
stop_httpd
for f in "$conf/mods-enabled/mtls_explain.load" "$conf/mods-enabled/mtls_explain.conf" \
    "$conf/mods-available/mtls_explain.load" "$conf/mods-available/mtls_explain.conf" \
    "$libexec/mod_mtls_explain.so"; do
    [ ! -e "$f" ] && [ ! -L "$f" ] || die "purging the package left $f"
done
left=$(find "$state" -name mtls_explain)
[ -z "$left" ] || die "purging the package left a2enmod state: $left"
ok "apt-get purge: module disabled, its files and a2enmod state gone"

apachectl_ -t >"$work/configtest.log" 2>&1 || {
    cat "$work/configtest.log"
    die "apache2ctl -t after the purge"
}
start_httpd
# No TLS host is left on the port: the main server answers plain HTTP.
got=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' \
    "http://127.0.0.1:$port/") || die "apache2 does not answer after the purge"
stop_httpd
ok "after the purge: apache2ctl -t passes, apache2 starts and answers (HTTP $got)"

restore_config
changed_config=
snapshot >"$work/after"
diff -u "$work/before" "$work/after" ||
    die "$conf or $state is not as it was before the test"
ok "$conf and $state are as they were"

echo "$pass passed, 0 failed"
