#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The libraries the command loads, by build option (docs/packagers.md):
#   test-linkage.sh ROMRESOLVE static   -Dstatic_command=true: libc only
#   test-linkage.sh ROMRESOLVE shared   the default: libromresolve, GLib, libc
set -eu
exe=$1
mode=$2
needed=$(readelf -d "$exe" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort | tr '\n' ' ')
case $mode in
static) want='libc.so.6 ' ;;
shared) want='libc.so.6 libglib-2.0.so.0 libromresolve.so.1 ' ;;
*)
	echo "usage: $0 ROMRESOLVE static|shared" >&2
	exit 2
	;;
esac
if [ "$needed" != "$want" ]; then
	echo "FAIL: $exe needs: $needed; expected: $want" >&2
	exit 1
fi
echo "$exe needs: $needed"
# And it runs: the embedded default's answer for a name no host has.
out=$("$exe" which romresolve-linkage-test.rom --arch x86_64 --root /nonexistent-root 2>&1) && {
	echo "FAIL: a lookup under a missing root succeeded: $out" >&2
	exit 1
}
echo "$out"
case $out in
"romresolve: root /nonexistent-root: No such file or directory") ;;
*)
	echo "FAIL: unexpected message" >&2
	exit 1
	;;
esac
