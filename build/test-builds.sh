#!/bin/bash
# The module and the unit tests built with -Wall -Wextra -Werror by each
# compiler, at -O2 and -O3, with httpd's mod_ssl_openssl.h (apache2-ssl-dev)
# and with configure told to ignore it; and configure's refusal of an
# httpd older than 2.4.48. Each build is a fresh copy of the tracked
# sources in a temporary directory, removed afterwards.
#
#   build/test-builds.sh
#
# Needs gcc, clang, apache2-dev and apache2-ssl-dev (build/deb-packages.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

die() { echo "test-builds.sh: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy_tree() {
    mkdir "$1"
    git -C "$top" ls-files -z | (cd "$top" && tar --null -T - -cf -) |
        tar -xf - -C "$1"
    (cd "$1" && ./autogen.sh >/dev/null 2>&1) || die "autogen.sh failed"
}

# compiler, -O level, header: with (required) or without (ignored)
builds=(
    "gcc -O3 with"
    "gcc -O2 without"
    "clang -O2 with"
    "clang -O3 without"
)
n=0
for b in "${builds[@]}"; do
    read -r cc opt header <<<"$b"
    dir=$work/build$((n += 1))
    copy_tree "$dir"
    log=$dir/build.log
    echo "--- $cc $opt, $header mod_ssl_openssl.h"
    if ! (cd "$dir" &&
          ./configure CC="$cc" CFLAGS="-g $opt" --enable-werror \
              --"$header"-mod-ssl-openssl-h &&
          make MODULE_CFLAGS="$opt" &&
          make unit) >"$log" 2>&1; then
        tail -40 "$log"
        die "$cc $opt $header mod_ssl_openssl.h: the build failed"
    fi
    # Each setting must have reached the compiler of the module.
    line=$(grep -m1 'libtool: compile: .*mod_mtls_explain\.c' "$log")
    [[ $line == *" $cc "* || $line == "libtool: compile:  $cc "* ]] ||
        die "$cc: the module was compiled by something else: $line"
    [[ $line == *" $opt "* ]] || die "$opt did not reach the module: $line"
    if [[ $header == with ]]; then
        [[ $line == *-DMTLS_HAVE_MOD_SSL_OPENSSL_H* ]] ||
            die "mod_ssl_openssl.h was not used: $line"
    else
        [[ $line != *-DMTLS_HAVE_MOD_SSL_OPENSSL_H* ]] ||
            die "mod_ssl_openssl.h was used: $line"
    fi
    grep -q '^Result: PASS$' "$log" || die "$cc $opt: the unit tests did not pass"
    echo "    module and unit tests built, unit tests passed"
    rm -rf "$dir"
done

# configure against an httpd 2.4.47: a copy of the installed headers with
# ap_release.h saying so, behind an apxs that reports that directory.
echo "--- configure against httpd 2.4.47"
inc=$(apxs -q INCLUDEDIR)
mkdir "$work/inc"
cp -a "$inc/." "$work/inc/"
sed -i 's/^\(#define AP_SERVER_PATCHLEVEL_NUMBER[[:space:]]*\)[0-9]*/\147/' \
    "$work/inc/ap_release.h"
cat >"$work/apxs" <<EOF
#!/bin/sh
if [ "\$1" = -q ] && [ "\$2" = INCLUDEDIR ]; then echo "$work/inc"; exit 0; fi
exec "$(command -v apxs)" "\$@"
EOF
chmod +x "$work/apxs"
dir=$work/old
copy_tree "$dir"
if (cd "$dir" && ./configure --with-apxs="$work/apxs") >"$dir/configure.log" 2>&1; then
    die "configure accepted httpd 2.4.47"
fi
want='httpd 2.4.47 found (apxs: '"$work"'/apxs), but mod_mtls_explain needs httpd 2.4.48 or newer'
grep -qF "configure: error: $want" "$dir/configure.log" || {
    tail -5 "$dir/configure.log"
    die "configure did not say which httpd it found and which it needs"
}
grep 'configure: error:' "$dir/configure.log" | sed 's/^/    /'
echo "test-builds.sh: $n builds clean with -Werror; httpd 2.4.47 refused"
