#!/bin/sh
# run-qtests.sh - run the QEMU qtests that touch firmware and option ROM
# lookups on a QEMU built by build-qemu.sh, and the series' own qtest.
#
# Usage: qemu-integration/run-qtests.sh [TARGET/TEST[:PATH]...]
#   TARGET/TEST  e.g. x86_64/rtl8139-test (default: the list below); with
#                :PATH only the test cases under that GLib test path run
#                (-p PATH), and migration-test registers all its cases
#                (--full): x86_64/migration-test:/x86_64/migration/rom-resize
#
# Variables:
#   ROMRESOLVE_QEMU_BUILD QEMU build dir (default
#                         $ROMRESOLVE_QEMU_WORK/build/10.0.13+ds-0+deb13u1),
#                         with romresolve or without it (--no-romresolve)
#   ROMRESOLVE_QTEST_TIMEOUT  seconds per test binary (default 900)
#
# The QEMU under test runs from a fake relocatable install of the build
# (fake-install.sh) whose data dir holds Debian's firmware and ROMs (links to
# /usr/share/qemu, /usr/share/seabios, /usr/lib/ipxe/qemu) and whose config
# dirs are empty: a patched QEMU gets the embedded default (QEMU's own dirs,
# 256 KiB ceilings for default ROMs), and the host's /etc/qemu/romresolve.d
# cannot change the result. The same install serves a build without the
# library. romresolve-test (the series' qtest) makes its own fake install from
# the binary itself.
#
# Prints one line per test binary, then "N passed, N failed".
set -eu

here=$(cd "$(dirname "$0")" && pwd)
WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
TIMEOUT=${ROMRESOLVE_QTEST_TIMEOUT:-900}

build=${ROMRESOLVE_QEMU_BUILD:-$WORK/build/10.0.13+ds-0+deb13u1}
[ -x "$build/qemu-system-x86_64" ] || {
	echo "run-qtests: no QEMU in $build: run build-qemu.sh first" >&2
	exit 2
}
lib=0
grep -q '^#define CONFIG_ROMRESOLVE\b' "$build/config-host.h" && lib=1

if [ $# -gt 0 ]; then
	tests="$*"
else
	# NICs (e1000, e1000e, pcnet, vmxnet3, virtio-net, eepro100, ne2k) and
	# the PCI tests are qos-test nodes; the rest are their own binaries.
	# aarch64 boot-serial-test and riscv64 riscv-csr-test start virt
	# machines, which load their default firmware. The rom-resize group's
	# migration cases: precopy, postcopy, x-rom-resize off, a sub-page ROM.
	tests="x86_64/qos-test x86_64/rtl8139-test x86_64/display-vga-test
x86_64/device-introspect-test x86_64/i440fx-test x86_64/device-plug-test
x86_64/fuzz-e1000e-test x86_64/pxe-test
x86_64/migration-test:/x86_64/migration/rom-resize"
	[ "$lib" = 1 ] && tests="$tests x86_64/romresolve-test"
	for t in aarch64/qos-test aarch64/device-introspect-test \
		aarch64/boot-serial-test riscv64/riscv-csr-test; do
		[ -x "$build/qemu-system-${t%%/*}" ] && tests="$tests $t"
	done
fi

inst=$build/qtest-install
rm -rf "$inst"
eval "$("$here/fake-install.sh" "$build" "$inst")"

targets=""
for t in $tests; do
	t=${t%%:*}
	targets="$targets tests/qtest/${t#*/}"
done
echo "run-qtests: building$targets" >&2
# shellcheck disable=SC2046 # one word per target
ninja -C "$build" $(echo "$targets" | tr ' ' '\n' | sort -u) > "$build/qtest-build.log" 2>&1 || {
	tail -n 30 "$build/qtest-build.log" >&2
	exit 2
}

pass=0
fail=0
logs=$build/qtest-logs
mkdir -p "$logs"
for t in $tests; do
	arch=${t%%/*}
	bin=${t#*/}
	path=""
	case $bin in
	*:*) path=${bin#*:} bin=${bin%%:*} ;;
	esac
	log=$logs/$arch-$bin$(printf '%s' "$path" | tr / -).tap
	set -- --tap -k
	if [ -n "$path" ]; then
		[ "$bin" != migration-test ] || set -- "$@" --full
		set -- "$@" -p "$path"
	fi
	qemu=$bindir/qemu-system-$arch
	# the series' qtest installs the binary itself
	[ "$bin" = romresolve-test ] && qemu=$build/qemu-system-$arch
	start=$(date +%s)
	# from the build dir, as meson test does (pxe-test writes tests/...)
	if cd "$build" && env QTEST_QEMU_BINARY="$qemu" \
		QTEST_QEMU_STORAGE_DAEMON_BINARY=/nonexistent \
		XDG_CONFIG_HOME="$inst/xdg" PYTHON=/usr/bin/python3 \
		timeout "$TIMEOUT" "$build/tests/qtest/$bin" "$@" \
		> "$log" 2>&1; then
		res=PASS
		pass=$((pass + 1))
	else
		res=FAIL
		fail=$((fail + 1))
	fi
	ok=$(grep -c '^ok ' "$log" || true)
	skip=$(grep -c '^ok .*# SKIP' "$log" || true)
	notok=$(grep -c '^not ok ' "$log" || true)
	if [ "$res" = PASS ] && [ "$((ok - skip))" -le 0 ]; then
		# a qtest that ran nothing proves nothing
		res=FAIL
		pass=$((pass - 1))
		fail=$((fail + 1))
	fi
	echo "$res: $arch/$bin${path:+:$path} ($ok ok, $skip skipped, $notok not ok; $(($(date +%s) - start)) s) $log"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
