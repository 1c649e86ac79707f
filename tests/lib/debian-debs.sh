#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Download binary packages of one Debian suite, whatever version the suite's
# index names today, and print the paths of the .debs, one a line.
#
#   debian-debs.sh SUITE PACKAGE...
#
# Through a private apt configuration: the host's sources, lists and state are
# not touched. Release files are checked against Debian's keyring but not for
# expiry (Acquire::Check-Valid-Until=false): the archive a machine reaches may
# be a snapshot whose Release files have expired, and test data must not stop
# working on a date. Nothing names a version, so a version the archive
# replaces is simply not asked for any more.
#
# The .debs are cached in $ROMRESOLVE_TEST_CACHE, else /var/cache/romresolve-tests
# when writable, else ${XDG_CACHE_HOME:-$HOME/.cache}/romresolve-tests. When the
# index cannot be read at all, the newest cached .deb of each package is used,
# with a warning on stderr; a package neither in the index nor in the cache is
# an error (exit 1), never a skip.
#
# Variables: ROMRESOLVE_TEST_MIRROR (default: the host's Debian mirror, else
# http://deb.debian.org/debian), ROMRESOLVE_TEST_CACHE.
set -eu

suite=${1:?usage: debian-debs.sh SUITE PACKAGE...}
shift
[ $# -gt 0 ] || { echo "usage: debian-debs.sh SUITE PACKAGE..." >&2; exit 2; }
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
umask 022

fail() {
	echo "debian-debs: $suite: $*" >&2
	exit 1
}

# mirror and cache
. "$(dirname "$0")/debian-cache.sh"
d=$cache/apt-$suite
mkdir -p "$d/lists/partial" "$d/apt-cache/archives/partial" "$d/debs"
# Tests run in parallel: one apt at a time per suite's cache.
exec 9>"$d/lock"
flock 9

for tool in apt-get dpkg-deb; do
	command -v $tool >/dev/null || fail "$tool is needed (Debian's apt and dpkg)"
done
[ -r $keyring ] || fail "$keyring is needed (debian-archive-keyring)"

apt() {
	set -- -q -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$d/lists" -o Dir::State::status=/dev/null \
		-o Dir::Cache="$d/apt-cache" -o Debug::NoLocking=true \
		-o Acquire::Check-Valid-Until=false -o Acquire::Languages=none "$@"
	# As root, apt would fetch as _apt, which cannot write our cache dirs.
	[ "$(id -u)" -ne 0 ] || set -- -o APT::Sandbox::User=root "$@"
	apt-get "$@"
}

# The newest cached .deb of a package (by version, not by date).
cached() {
	for f in "$d"/debs/"$1"_*.deb; do
		[ -f "$f" ] || continue
		printf '%s %s\n' "$(dpkg-deb -f "$f" Version)" "$f"
	done | sort -V -k1,1 | tail -n 1 | cut -d' ' -f2-
}

echo "deb [signed-by=$keyring] $mirror $suite main" >"$d/sources.list"
if ! apt update >"$d/update.log" 2>&1 || grep -q '^[WE]:' "$d/update.log"; then
	sed 's/^/debian-debs: /' "$d/update.log" >&2
	echo "debian-debs: $suite: WARNING: the index could not be read; using cached .debs" >&2
	for p; do
		f=$(cached "$p")
		[ -n "$f" ] || fail "$p: not in the cache, and the index cannot be read"
		echo "$f"
	done
	exit 0
fi

# 'URI' NAME SIZE HASH per package: reuse a cached file of that name.
apt download --print-uris "$@" >"$d/uris" 2>"$d/download.log" ||
	{ cat "$d/download.log" >&2; fail "apt-get download --print-uris $*"; }
for p; do
	name=$(awk -v p="$p" 'index($2, p "_") == 1 { print $2; exit }' "$d/uris")
	[ -n "$name" ] || fail "$p is not in the archive"
	if [ ! -s "$d/debs/$name" ]; then
		(cd "$d/debs" && apt download "$p") >"$d/download.log" 2>&1 ||
			{ cat "$d/download.log" >&2; fail "cannot download $p"; }
	fi
	[ -s "$d/debs/$name" ] || fail "$p: $name did not arrive"
	echo "$d/debs/$name"
done
