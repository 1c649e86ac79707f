#!/bin/sh
# Run one of qemu-integration's checks on a patched QEMU build: QEMU 10.0's
# is named by $ROMRESOLVE_PATCHED_QEMU_DIR, 10.2's by
# $ROMRESOLVE_PATCHED_QEMU_DIR_10_2 (scripts/test sets both after
# build-qemu.sh); skip (exit 77) when the variable is not set.
# Usage: with-patched-qemu.sh 10.0|10.2 qtests|smoke SCRIPT
set -eu
version=$1 what=$2 script=$3
case $version in
10.0) dir=${ROMRESOLVE_PATCHED_QEMU_DIR:-} var=ROMRESOLVE_PATCHED_QEMU_DIR ;;
10.2) dir=${ROMRESOLVE_PATCHED_QEMU_DIR_10_2:-} var=ROMRESOLVE_PATCHED_QEMU_DIR_10_2 ;;
*) echo "usage: $0 10.0|10.2 qtests|smoke SCRIPT" >&2; exit 2 ;;
esac
if [ -z "$dir" ]; then
	echo "skip: $var is not set (no patched QEMU $version build)"
	exit 77
fi
case $what in
qtests) ROMRESOLVE_QEMU_BUILD=$dir exec "$script" ;;
smoke) exec "$script" "$dir" ;;
*) echo "usage: $0 10.0|10.2 qtests|smoke SCRIPT" >&2; exit 2 ;;
esac
