#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# romresolve on real Debian trees: the ipxe-qemu, qemu-system-data and seabios
# packages of bookworm, trixie and sid, each suite's three extracted into one
# tree. On each tree, with the embedded default config:
#   romresolve check --root TREE                  must exit 0 (a dir the suite
#                                                 lacks is a note, not a finding)
#   romresolve which efi-virtio.rom --arch x86_64 --root TREE
#                                                 must name an option ROM in TREE
#
# Usage: debian-trees.sh ROMRESOLVE [SUITE...]
# The .debs come from deb.debian.org through a private apt config (the host's
# sources and lists are not touched) and are cached in $ROMRESOLVE_TEST_CACHE,
# else /var/cache/romresolve-tests when writable, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/romresolve-tests. A package that cannot be
# had is a failure, not a skip; a suite whose index cannot be refreshed runs on
# its cached .debs, with a warning.
set -eu

romresolve=${1:?usage: debian-trees.sh ROMRESOLVE [SUITE...]}
shift
[ $# -gt 0 ] || set -- bookworm trixie sid
packages="ipxe-qemu qemu-system-data seabios"
mirror=${ROMRESOLVE_TEST_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
umask 022

case $romresolve in
/*) ;;
*) romresolve=$PWD/$romresolve ;;
esac

if [ -n "${ROMRESOLVE_TEST_CACHE:-}" ]; then
	cache=$ROMRESOLVE_TEST_CACHE
elif mkdir -p /var/cache/romresolve-tests 2>/dev/null && [ -w /var/cache/romresolve-tests ]; then
	cache=/var/cache/romresolve-tests
else
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/romresolve-tests
fi

fail() {
	echo "debian-trees: FAIL: $*" >&2
	exit 1
}

for tool in apt-get dpkg-deb; do
	command -v $tool >/dev/null || fail "$tool is needed (Debian's apt and dpkg)"
done
[ -r $keyring ] || fail "$keyring is needed (debian-archive-keyring)"

# apt-get with this suite's private sources, lists and cache.
suite_apt() {
	d=$cache/$suite
	set -- -q -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$d/lists" -o Dir::State::status=/dev/null \
		-o Dir::Cache="$d/apt-cache" -o Debug::NoLocking=true "$@"
	# As root, apt would fetch as _apt, which cannot write our cache dirs.
	[ "$(id -u)" -ne 0 ] || set -- -o APT::Sandbox::User=root "$@"
	apt-get "$@"
}

# Download (or reuse) the suite's three .debs; print their paths.
fetch() {
	d=$cache/$suite
	mkdir -p "$d/lists/partial" "$d/apt-cache/archives/partial" "$d/debs"
	echo "deb [signed-by=$keyring] $mirror $suite main" >"$d/sources.list"
	if ! suite_apt update >"$d/update.log" 2>&1; then
		cat "$d/update.log" >&2
		ls "$d"/debs/*.deb >/dev/null 2>&1 ||
			fail "$suite: cannot read the archive's index, and nothing is cached"
		echo "debian-trees: WARNING: $suite: index not refreshed; using cached .debs" >&2
		for p in $packages; do
			f=$(ls -t "$d"/debs/"${p}"_*.deb 2>/dev/null | head -n 1)
			[ -n "$f" ] || fail "$suite: $p: not cached"
			echo "$f"
		done
		return
	fi
	# 'URI' NAME SIZE HASH per package: reuse a cached file of that name.
	suite_apt download --print-uris $packages >"$d/uris" 2>"$d/download.log" ||
		{ cat "$d/download.log" >&2; fail "$suite: apt-get download --print-uris $packages"; }
	for p in $packages; do
		name=$(awk -v p="$p" 'index($2, p "_") == 1 { print $2 }' "$d/uris")
		[ -n "$name" ] || fail "$suite: $p is not in the archive"
		if [ ! -s "$d/debs/$name" ]; then
			(cd "$d/debs" && suite_apt download "$p") >"$d/download.log" 2>&1 ||
				{ cat "$d/download.log" >&2; fail "$suite: cannot download $p"; }
		fi
		[ -s "$d/debs/$name" ] || fail "$suite: $p: $name did not arrive"
		echo "$d/debs/$name"
	done
}

failures=0
for suite in "$@"; do
	debs=$(fetch) || exit 1
	tree=$cache/$suite/tree
	rm -rf "$tree"
	mkdir -p "$tree"
	for deb in $debs; do
		dpkg-deb -x "$deb" "$tree" || fail "$suite: dpkg-deb -x $deb"
		echo "debian-trees: $suite: $(basename "$deb")"
	done

	echo "debian-trees: $suite: romresolve check --root $tree"
	status=0
	"$romresolve" check --root "$tree" >"$cache/$suite/check.out" 2>&1 || status=$?
	sed 's/^/  /' "$cache/$suite/check.out"
	if [ $status -ne 0 ]; then
		echo "debian-trees: FAIL: $suite: check exited $status, expected 0" >&2
		failures=$((failures + 1))
	fi
	# A dir of the embedded default that the suite does not ship is a note.
	for dir in /usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu; do
		[ -d "$tree$dir" ] && continue
		if ! grep -qF "note: $tree$dir: does not exist on this host (configured at <embedded default>:" \
			"$cache/$suite/check.out"; then
			echo "debian-trees: FAIL: $suite: no note for the missing $dir" >&2
			failures=$((failures + 1))
		fi
	done

	echo "debian-trees: $suite: romresolve which efi-virtio.rom --arch x86_64 --root $tree"
	status=0
	path=$("$romresolve" which efi-virtio.rom --arch x86_64 --root "$tree") || status=$?
	echo "  $path"
	if [ $status -ne 0 ]; then
		echo "debian-trees: FAIL: $suite: which exited $status, expected 0" >&2
		failures=$((failures + 1))
	elif case $path in "$tree"/*) false ;; *) true ;; esac ||
		[ ! -f "$path" ] ||
		[ "$(od -An -tx1 -N2 "$path" | tr -d ' ')" != 55aa ]; then
		echo "debian-trees: FAIL: $suite: '$path' is not an option ROM in $tree" >&2
		failures=$((failures + 1))
	fi
done

[ $failures -eq 0 ] || fail "$failures check(s) failed"
echo "debian-trees: ok: $*"
