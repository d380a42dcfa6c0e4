#!/bin/bash
# The whole test suite against an httpd built from source the way other
# distributions and source builds have it: every module shared, mod_unixd,
# mod_log_config, mod_version and the MPM among them, "httpd" rather than
# "apache2", its own prefix and apxs, and mod_ssl_openssl.h installed.
# Debian compiles those modules in, so only such a server shows whether
# t/TEST.PL loads what the tests need.
#
#   build/test-shared-httpd.sh
#
# The source is Debian's apache2 source package (its upstream tarball,
# without Debian's patches), fetched with apt-get from the deb-src side of
# the first mirror in /etc/apt/sources.list.d/debian.sources, into a private
# apt state: the system's apt lists are left alone. Everything lives in
# shared-httpd/ under the build tree and is removed afterwards. The test
# server binds 127.0.0.1 from MTLS_SHARED_PORT (default 8900) on.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
port=${MTLS_SHARED_PORT:-8900}
work=$top/shared-httpd

die() { echo "test-shared-httpd.sh: $*" >&2; exit 1; }

[[ -f /etc/apt/sources.list.d/debian.sources ]] ||
    die "needs /etc/apt/sources.list.d/debian.sources for the source package"
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
    die "needs a git checkout: the sources copied in are git ls-files"

rm -rf "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/apt/lists/partial" "$work/apt/archives/partial" \
    "$work/apt/sources" "$work/src"

echo "--- httpd source from Debian's apache2 source package"
# The first stanza, Debian's main archive: the security archive's index
# may name sources that its mirror does not serve.
awk '/^[[:space:]]*$/ { if (seen) exit; next } { seen = 1; print }' \
    /etc/apt/sources.list.d/debian.sources |
    sed 's/^Types:.*/Types: deb-src/' >"$work/apt/sources/debian.sources"
grep -q '^URIs:' "$work/apt/sources/debian.sources" ||
    die "no URIs: line in the first stanza of debian.sources"
apt_opts=(-q -o Dir::Etc::SourceList=/dev/null
    -o Dir::Etc::SourceParts="$work/apt/sources"
    -o Dir::State::Lists="$work/apt/lists"
    -o Dir::Cache::Archives="$work/apt/archives"
    -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" update >"$work/apt.log" 2>&1 ||
    { tail -20 "$work/apt.log"; die "apt-get update (deb-src) failed"; }
(cd "$work/src" && apt-get "${apt_opts[@]}" source --download-only apache2) \
    >>"$work/apt.log" 2>&1 ||
    { tail -20 "$work/apt.log"; die "apt-get source apache2 failed"; }
orig=$(echo "$work"/src/apache2_*.orig.tar.gz)
[[ -f $orig ]] || die "no upstream tarball in the source package"
tar -xzf "$orig" -C "$work/src"
httpd_src=$(echo "$work"/src/httpd-2.*)
[[ -d $httpd_src ]] || die "no httpd-2.* directory in $orig"

echo "--- building $(basename "$httpd_src") with every module shared"
prefix=$work/httpd
if ! (cd "$httpd_src" &&
      ./configure --prefix="$prefix" --enable-mods-shared=all \
          --enable-mpms-shared=all --enable-ssl --enable-http2 \
          --with-apr="$(command -v apr-1-config)" \
          --with-apr-util="$(command -v apu-1-config)" \
          --with-pcre="$(command -v pcre2-config)" &&
      nice make -j"$(nproc)" && make install) >"$work/httpd-build.log" 2>&1; then
    tail -40 "$work/httpd-build.log"
    die "building httpd failed"
fi
builtin=$("$prefix/bin/httpd" -l)
for m in mod_unixd mod_log_config mod_version event worker prefork; do
    ! grep -qx "  $m.c" <<<"$builtin" || die "httpd has $m compiled in"
done
echo "httpd: $("$prefix/bin/httpd" -v | sed -n 's/^Server version: //p')"
echo "compiled in: $(sed -n 's/^  //p' <<<"$builtin" | tr '\n' ' ')"
echo "openssl: $(openssl version)"

echo "--- the module and the suite against it (ports from $port)"
mkdir "$work/mtls"
git -C "$top" ls-files -z | (cd "$top" && tar --null -T - -cf -) |
    tar -xf - -C "$work/mtls"
log=$work/check.log
rc=0
(cd "$work/mtls" && ./autogen.sh &&
 ./configure --enable-werror --with-apxs="$prefix/bin/apxs" \
     --with-mod-ssl-openssl-h &&
 make && APACHE_TEST_PORT=$port make check) >"$log" 2>&1 || rc=$?
grep -E '^checking (httpd version|for mod_ssl_openssl)' "$log" || true
grep -E '^(t/|Files=|Result:)' "$log" | grep -vE ' ok$' || true
passes=$(grep -c '^Result: PASS$' "$log" || true)
if ((rc != 0 || passes != 2)); then
    tail -60 "$log"
    die "FAILED (exit $rc, $passes of 2 harnesses passed)"
fi
echo "test-shared-httpd.sh: the suite passed against an all-shared httpd"
