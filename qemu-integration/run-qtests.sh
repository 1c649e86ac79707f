#!/bin/sh
# run-qtests.sh - run the QEMU qtests that touch firmware and option ROM
# lookups on a QEMU built by build-qemu.sh.
#
# Usage: qemu-integration/run-qtests.sh [--stock] [TARGET/TEST[:PATH]...]
#   TARGET/TEST  e.g. x86_64/rtl8139-test (default: the list below); with
#                :PATH only the test cases under that GLib test path run
#                (-p PATH), and migration-test registers all its cases
#                (--full): x86_64/migration-test:/x86_64/migration/rom-resize
#   --stock      the build is QEMU without romresolve: give it Debian's
#                firmware dirs with -L
#
# Variables:
#   ROMRESOLVE_QEMU_BUILD QEMU build dir (default
#                         $ROMRESOLVE_QEMU_WORK/build/10.0.13+ds-0+deb13u1)
#   ROMRESOLVE_QTEST_TIMEOUT  seconds per test binary (default 900)
#   ROMRESOLVE_ROOT       if set, used as is; else the patched QEMU (configured
#                         with --enable-romresolve-test-root) runs against a
#                         fake root made here ($BUILD/qtest-root) whose config
#                         names Debian's firmware dirs (links to the host
#                         dirs) with the 256 KiB ceiling, so host config in
#                         /etc/qemu/romresolve.d cannot change the result.
#
# Prints one line per test binary, then "N passed, N failed".
set -eu

WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
TIMEOUT=${ROMRESOLVE_QTEST_TIMEOUT:-900}
FIRMWAREPATH="/usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu"

stock=0
if [ "${1:-}" = --stock ]; then
	stock=1
	shift
fi
build=${ROMRESOLVE_QEMU_BUILD:-$WORK/build/10.0.13+ds-0+deb13u1}
[ -x "$build/qemu-system-x86_64" ] || {
	echo "run-qtests: no QEMU in $build: run build-qemu.sh first" >&2
	exit 2
}

if [ $# -gt 0 ]; then
	tests="$*"
else
	# NICs (e1000, e1000e, pcnet, vmxnet3, virtio-net, eepro100, ne2k) and
	# the PCI tests are qos-test nodes; the rest are their own binaries.
	# The rom-resize group's migration cases: precopy, postcopy, x-rom-resize
	# off, a sub-page ROM.
	tests="x86_64/qos-test x86_64/rtl8139-test x86_64/display-vga-test
x86_64/device-introspect-test x86_64/i440fx-test x86_64/device-plug-test
x86_64/fuzz-e1000e-test x86_64/pxe-test
x86_64/migration-test:/x86_64/migration/rom-resize
aarch64/qos-test aarch64/device-introspect-test"
fi

for f in $FIRMWAREPATH; do
	[ -d "$f" ] || echo "run-qtests: warning: $f is missing (apt-get install qemu-system-data seabios ipxe-qemu)" >&2
done

# QTEST_QEMU_BINARY must end in qemu-system-ARCH: a wrapper dir per mode
wrap=$build/qtest-wrap-$([ "$stock" = 1 ] && echo stock || echo romresolve)
rm -rf "$wrap"
mkdir -p "$wrap"
ldirs=""
if [ "$stock" = 1 ]; then
	for f in $FIRMWAREPATH; do
		ldirs="$ldirs -L $f"
	done
fi
for arch in x86_64 aarch64 riscv64; do
	printf '#!/bin/sh\nexec %s%s "$@"\n' "$build/qemu-system-$arch" "$ldirs" \
		> "$wrap/qemu-system-$arch"
	chmod +x "$wrap/qemu-system-$arch"
done

if [ "$stock" = 0 ] && [ -z "${ROMRESOLVE_ROOT:-}" ]; then
	root=$build/qtest-root
	rm -rf "$root"
	mkdir -p "$root/etc/qemu/romresolve.d"
	n=10
	for f in $FIRMWAREPATH; do
		mkdir -p "$root$(dirname "$f")"
		ln -s "$f" "$root$f"
		printf '[dir %s]\npriority = %s\nmax-size = 256K\n\n' "$f" "$n"
		n=$((n + 10))
	done > "$root/etc/qemu/romresolve.d/50-qtest.conf"
	export ROMRESOLVE_ROOT="$root"
fi

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
	start=$(date +%s)
	# from the build dir, as meson test does (pxe-test writes tests/...)
	if cd "$build" && env QTEST_QEMU_BINARY="$wrap/qemu-system-$arch" \
		QTEST_QEMU_STORAGE_DAEMON_BINARY=/nonexistent \
		PYTHON=/usr/bin/python3 \
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
	if [ -n "$path" ] && [ "$res" = PASS ] && [ "$ok" = "$skip" ]; then
		# the cases asked for must exist and run
		res=FAIL
		pass=$((pass - 1))
		fail=$((fail + 1))
	fi
	echo "$res: $arch/$bin${path:+:$path} ($ok ok, $skip skipped, $notok not ok; $(($(date +%s) - start)) s) $log"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
