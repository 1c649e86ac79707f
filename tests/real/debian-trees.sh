#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# romresolve on real Debian trees: the ipxe-qemu, qemu-system-data and seabios
# packages of bullseye, bookworm, trixie and sid, each suite's three extracted
# into one tree. On each tree, with the embedded default config:
#   romresolve check --root TREE                  must exit 0 (a dir the suite
#                                                 lacks is a note, not a finding;
#                                                 bullseye's seabios ships option
#                                                 ROMs in /usr/share/seabios/optionrom,
#                                                 a dir QEMU never searches)
#   romresolve which efi-virtio.rom --arch x86_64 --root TREE
#                                                 must name an option ROM in TREE
#
# Usage: debian-trees.sh ROMRESOLVE [SUITE...]
# The .debs come from Debian's archive through tests/lib/debian-debs.sh
# (whatever version each suite names today; expired Release files tolerated;
# cached). A package that cannot be had is a failure, not a skip.
set -eu

romresolve=${1:?usage: debian-trees.sh ROMRESOLVE [SUITE...]}
shift
[ $# -gt 0 ] || set -- bullseye bookworm trixie sid
packages="ipxe-qemu qemu-system-data seabios"
fetch_debs=$(dirname "$0")/../lib/debian-debs.sh
umask 022

case $romresolve in
/*) ;;
*) romresolve=$PWD/$romresolve ;;
esac

fail() {
	echo "debian-trees: FAIL: $*" >&2
	exit 1
}

failures=0
for suite in "$@"; do
	# shellcheck disable=SC2086
	debs=$("$fetch_debs" "$suite" $packages) || fail "$suite: cannot get $packages"
	tree=$(mktemp -d "${TMPDIR:-/tmp}/romresolve-debian-$suite.XXXXXX")
	out=$tree.check
	rm -rf "$tree"
	mkdir -p "$tree"
	for deb in $debs; do
		dpkg-deb -x "$deb" "$tree" || fail "$suite: dpkg-deb -x $deb"
		echo "debian-trees: $suite: $(basename "$deb")"
	done

	echo "debian-trees: $suite: romresolve check --root $tree"
	status=0
	"$romresolve" check --root "$tree" >"$out" 2>&1 || status=$?
	sed 's/^/  /' "$out"
	if [ $status -ne 0 ]; then
		echo "debian-trees: FAIL: $suite: check exited $status, expected 0" >&2
		failures=$((failures + 1))
	fi
	# A dir of the embedded default that the suite does not ship is a note.
	for dir in /usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu; do
		[ -d "$tree$dir" ] && continue
		if ! grep -qF "note: $tree$dir: does not exist on this host (configured at <embedded default>:" \
			"$out"; then
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
	rm -rf "$tree" "$out"
done

[ $failures -eq 0 ] || fail "$failures check(s) failed"
echo "debian-trees: ok: $*"
