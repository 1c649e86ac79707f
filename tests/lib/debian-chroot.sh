#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A minimal Debian system of one suite, made once with debootstrap and kept
# as a tarball; print the tarball's path.
#
#   debian-chroot.sh SUITE [PACKAGE...]
#
# debootstrap --variant=minbase, with PACKAGE... included (what the tests
# install into it with dpkg -i depends on them: no apt inside). The tarball
# is cached beside tests/lib/debian-debs.sh's .debs ($ROMRESOLVE_TEST_CACHE,
# else /var/cache/romresolve-tests when writable, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/romresolve-tests), named after the suite
# and the packages, and made again after 30 days. Root only (debootstrap
# and chroot need it). Variables: ROMRESOLVE_TEST_MIRROR (default: the
# host's Debian mirror, else http://deb.debian.org/debian).
set -eu

suite=${1:?usage: debian-chroot.sh SUITE [PACKAGE...]}
shift
umask 022

fail() {
	echo "debian-chroot: $suite: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || fail "root only (debootstrap, chroot)"
command -v debootstrap >/dev/null || fail "debootstrap is needed (scripts/install-deps test)"

# mirror and cache
. "$(dirname "$0")/debian-cache.sh"
name=chroot-$suite$(printf -- '-%s' "$@" | tr -c 'a-z0-9.+\n-' _)
tarball=$cache/$name.tar
exec 9>"$cache/$name.lock"
flock 9

if [ -s "$tarball" ] && [ -n "$(find "$tarball" -mtime -30)" ]; then
	echo "$tarball"
	exit 0
fi
dir=$(mktemp -d "$cache/$name.XXXXXX")
trap 'rm -rf "$dir"' EXIT
include=$(printf '%s,' "$@")
if ! debootstrap --variant=minbase ${include:+--include="${include%,}"} "$suite" "$dir" \
	"$mirror" >"$cache/$name.log" 2>&1; then
	tail -n 20 "$cache/$name.log" >&2
	fail "debootstrap failed (the log: $cache/$name.log)"
fi
tar -C "$dir" -cf "$tarball.new" .
mv "$tarball.new" "$tarball"
echo "$tarball"
