#!/bin/bash
# The whole test suite again inside other Debian releases: for each one a
# fresh debootstrap'd system in distros/RELEASE under the build tree, with
# that release's own apache2, apache2-dev, apache2-ssl-dev, OpenSSL, gcc
# and Apache::Test. In each: configure --enable-werror, make, make check,
# after printing the release, Apache, OpenSSL and gcc versions. Fails if
# any build or test fails. Each system is unmounted and removed afterwards,
# on failure too; only a failed step's log stays in distros/.
#
#   build/test-distros.sh [RELEASE ...]     (default: trixie sid)
#
# As root, with debootstrap. The Debian mirror is the one this machine's
# apt uses (the first URIs: line of /etc/apt/sources.list.d/debian.sources;
# MTLS_DISTRO_MIRROR overrides it). The servers bind 127.0.0.1 from
# MTLS_DISTRO_PORT (default 8700) on, 100 ports a release, apart from the
# host suite's. There is no browser in these systems: t/20_browser.t skips.
# Run no suite in this checkout meanwhile: Apache::Test looks for core
# files through the whole tree, and a system's /proc stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

releases=("$@")
((${#releases[@]})) || releases=(trixie sid)
port=${MTLS_DISTRO_PORT:-8700}
work=$top/distros

# What the build and the suite need, as in build/deb-packages.txt, without
# the browser and the accessibility audit, the fuzzers, the benchmark and
# the packaging tools: msgfmt checks the catalogs, and t/25_metrics.t and
# t/26_prometheus.t run promtool and a real Prometheus.
packages=(
    apache2 apache2-dev apache2-ssl-dev libapache2-mod-perl2
    autoconf automake gcc libapr1-dev libaprutil1-dev libc6-dev libssl-dev
    libtool make
    ca-certificates curl libdevel-symdump-perl libio-socket-ssl-perl
    liblwp-protocol-https-perl libwww-perl media-types openssl perl
    gettext prometheus
)

die() { echo "test-distros.sh: $*" >&2; exit 1; }

(($(id -u) == 0)) || die "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
    die "needs a git checkout: the sources copied in are git ls-files"

mirror=${MTLS_DISTRO_MIRROR:-}
if [[ -z $mirror ]]; then
    mirror=$(awk '$1 == "URIs:" { print $2; exit }' \
        /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
fi
[[ -n $mirror ]] || die "no URIs: line in /etc/apt/sources.list.d/debian.sources; set MTLS_DISTRO_MIRROR"

root=
# Stops what still runs inside the system (a server a failed test left),
# unmounts /proc and removes the tree. MTLS_DISTRO_KEEP=1 keeps a failed
# system, mounted, to look into: the next run removes it.
cleanup() {
    local status=${1:-0}
    [[ -n $root && -d $root ]] || return 0
    if [[ ${MTLS_DISTRO_KEEP:-} == 1 && $status != 0 ]]; then
        echo "test-distros.sh: keeping $root (MTLS_DISTRO_KEEP=1)" >&2
        return 0
    fi
    local pid
    for pid in /proc/[0-9]*; do
        [[ $(readlink "$pid/root" 2>/dev/null) == "$root" ]] &&
            kill -9 "${pid#/proc/}" 2>/dev/null || true
    done
    if mountpoint -q "$root/proc"; then
        umount "$root/proc" || umount -l "$root/proc"
    fi
    rm -rf --one-file-system "$root"
    root=
}
trap 'cleanup $?' EXIT
trap 'exit 130' INT TERM

summary=()
for release in "${releases[@]}"; do
    [[ $release =~ ^[a-z]+$ ]] || die "not a release name: $release"
    start=$SECONDS
    # What an interrupted or kept earlier run left.
    root=$work/$release
    [[ -e $root ]] && cleanup
    root=$work/$release
    mkdir -p "$work"

    echo "=== $release: debootstrap from $mirror"
    nice debootstrap --variant=minbase "$release" "$root" "$mirror" \
        >"$work/$release-debootstrap.log" 2>&1 ||
        { tail -20 "$work/$release-debootstrap.log"; die "$release: debootstrap failed"; }
    mount -t proc proc "$root/proc"

    echo "=== $release: installing ${#packages[@]} packages"
    # A mirror that serves a snapshot of the archive serves a Release file
    # past its Valid-Until (sid's lasts a week); its signature is still
    # checked.
    chroot "$root" /bin/sh -c 'apt-get -o Acquire::Check-Valid-Until=false update -q && DEBIAN_FRONTEND=noninteractive apt-get install -q -y --no-install-recommends "$@"' \
        sh "${packages[@]}" >"$work/$release-apt.log" 2>&1 ||
        { tail -20 "$work/$release-apt.log"; die "$release: apt-get install failed"; }

    # The tracked sources only, as a fresh clone has them (with any local
    # changes): no build output of the host leaks in.
    mkdir "$root/src"
    git -C "$top" ls-files -z | (cd "$top" && tar --null -T - -cf -) |
        tar -xf - -C "$root/src"

    log=$work/$release-check.log
    echo "=== $release: build and test (ports from $port)"
    rc=0
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 APACHE_TEST_PORT="$port" /bin/bash -c '
        set -euo pipefail
        . /etc/os-release
        echo "distribution: $PRETTY_NAME (debian_version $(cat /etc/debian_version))"
        echo "apache: $(apache2 -v | sed -n "s/^Server version: //p")"
        echo "openssl: $(openssl version)"
        echo "compiler: $(gcc --version | head -1)"
        echo "Apache::Test: $(perl -MApache::Test -e "print \$Apache::Test::VERSION")"
        cd /src
        ./autogen.sh >/dev/null
        ./configure --enable-werror | grep -E "httpd version|mod_ssl_openssl"
        make >/dev/null
        make check
    ' >"$log" 2>&1 || rc=$?
    sed -n '/^distribution:/,/^Apache::Test:/p; /^checking \(httpd version\|for mod_ssl_openssl\)/p' "$log"
    grep -E '^(t/|Files=|Result:|All tests)' "$log" | grep -vE ' ok$' || true
    # make check runs two harnesses: the unit tests and Apache::Test.
    passes=$(grep -c '^Result: PASS$' "$log" || true)
    if ((rc != 0 || passes != 2)); then
        tail -60 "$log"
        die "$release: FAILED (exit $rc, $passes of 2 harnesses passed; log: $log)"
    fi
    cleanup
    rm -f "$work/$release"-*.log
    summary+=("$release: passed in $((SECONDS - start)) s")
    echo "=== ${summary[-1]}"
    port=$((port + 100))
done
rmdir "$work" 2>/dev/null || true
printf 'test-distros.sh: %s\n' "${summary[@]}"
