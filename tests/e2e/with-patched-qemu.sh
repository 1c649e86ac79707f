#!/bin/sh
# Run one of qemu-integration's checks on the patched QEMU build named by
# $ROMRESOLVE_PATCHED_QEMU_DIR (scripts/test sets it after build-qemu.sh);
# skip (exit 77) when it is not set.
# Usage: with-patched-qemu.sh qtests|smoke SCRIPT
set -eu
what=$1 script=$2
if [ -z "${ROMRESOLVE_PATCHED_QEMU_DIR:-}" ]; then
	echo "skip: ROMRESOLVE_PATCHED_QEMU_DIR is not set (no patched QEMU build)"
	exit 77
fi
case $what in
qtests) ROMRESOLVE_QEMU_BUILD=$ROMRESOLVE_PATCHED_QEMU_DIR exec "$script" ;;
smoke) exec "$script" "$ROMRESOLVE_PATCHED_QEMU_DIR" ;;
*) echo "usage: $0 qtests|smoke SCRIPT" >&2; exit 2 ;;
esac
