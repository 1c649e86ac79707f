# Shared by the tests in tests/conf: run the command, compare exactly.
#
#   cmd which efi-e1000.rom --arch x86_64 --root "$T"   # runs romresolve
#   out "$T/usr/lib/ipxe/qemu/efi-e1000.rom"            # or: out <<EOF ... EOF
#   err 'romresolve: ...'                                # or: err <<EOF
#   status 1
#
# Whatever a case does not check must be nothing: no stdout, no stderr,
# exit status 0. A test sources this with ROMRESOLVE set, and ends with
# `finish`, which exits 1 when any case failed.
set -eu
umask 022

: "${ROMRESOLVE:?}"
# meson passes built programs relative to the build dir: make them absolute.
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
ROMRESOLVE=$(abs "$ROMRESOLVE")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# No per-user drop-ins, whoever runs the tests.
XDG_CONFIG_HOME=$W/xdg-config-home
XDG_CACHE_HOME=$W/xdg-cache-home
export XDG_CONFIG_HOME XDG_CACHE_HOME
# Sorting and messages the same for everyone.
LC_ALL=C
export LC_ALL
# The command finds no QEMU binary (machine names are taken as written, the
# build's dirs serve) unless a test puts one on QEMU_PATH (a fake in a dir).
# These tests hold the shipped drop-ins to machine types of many QEMU
# versions, which no one binary has: the note that says names are taken as
# written is dropped from what cmd's stderr is compared with (tests/cli's
# cases show it).
mkdir "$W/no-qemu"
QEMU_PATH=$W/no-qemu
failures=0
cases=0
pending=0

fail() {
	printf 'FAIL: %s\n  %s\n' "$(cat "$W/cmd")" "$1"
	failures=$((failures + 1))
}

# Compare $W/$1 with the expected text in $W/exp.
compare() {
	if ! cmp -s "$W/exp" "$W/$1"; then
		fail "$1 differs (- expected, + actual):"
		diff -u "$W/exp" "$W/$1" | sed '1,2d; s/^/    /'
	fi
}

expected() {
	if [ $# -gt 0 ]; then printf '%s\n' "$@"; else cat; fi >"$W/exp"
}

settle() {
	[ "$pending" = 1 ] || return 0
	pending=0
	[ "$checked_out" = 1 ] || { : >"$W/exp" && compare out; }
	[ "$checked_err" = 1 ] || { : >"$W/exp" && compare err; }
	[ "$checked_status" = 1 ] || [ "$(cat "$W/status")" = 0 ] ||
		fail "exit status $(cat "$W/status"), expected 0"
}

# cmd ARGS...: run romresolve ARGS; run_prog PROG ARGS...: run another program.
cmd() {
	run_prog env PATH="$QEMU_PATH" "$ROMRESOLVE" "$@"
	sed -i '/^romresolve: note: no qemu-system-[^ ]* on PATH: machine types are taken as written/d' \
		"$W/err"
}

run_prog() {
	settle
	printf '%s\n' "$*" | sed "s|$W|\$W|g" >"$W/cmd"
	set +e
	"$@" >"$W/out" 2>"$W/err" </dev/null
	echo $? >"$W/status"
	set -e
	pending=1 checked_out=0 checked_err=0 checked_status=0
	cases=$((cases + 1))
}

out() { expected "$@" && compare out && checked_out=1; }
err() { expected "$@" && compare err && checked_err=1; }
# For other programs' chatter (meson's): not compared.
any_out() { checked_out=1; }
any_err() { checked_err=1; }

status() {
	checked_status=1
	[ "$(cat "$W/status")" = "$1" ] || fail "exit status $(cat "$W/status"), expected $1"
}

finish() {
	settle
	echo "$cases cases, $failures failed"
	[ "$failures" = 0 ]
}

# ---- fixture trees ----

# rom PATH SIZE: an option ROM (0x55 0xAA, then zeros) of SIZE bytes.
rom() {
	mkdir -p "$(dirname "$1")"
	printf '\125\252' >"$1"
	truncate -s "$2" "$1"
}

# blob PATH SIZE: a firmware blob that is no option ROM.
blob() {
	mkdir -p "$(dirname "$1")"
	printf '\177ELF' >"$1"
	truncate -s "$2" "$1"
}

# dropin TREE SRC...: install drop-ins as a package would.
dropin() {
	t=$1
	shift
	mkdir -p "$t/usr/share/qemu/romresolve.d"
	cp "$@" "$t/usr/share/qemu/romresolve.d/"
}

# packaging_path: romresolve and romresolve-check-build first on PATH, as
# the packaging helpers (dh_romresolve, the RPM macros) find them.
packaging_path() {
	mkdir -p "$W/bin"
	ln -s "$ROMRESOLVE" "$W/bin/romresolve"
	ln -s "$SRC/packaging/romresolve-check-build" "$W/bin/romresolve-check-build"
	PATH=$W/bin:$PATH
	export PATH
}

# debian_host TREE: the firmware files of a Debian 12 host (qemu-system-data
# 7.2, seabios 1.16.2, ipxe-qemu 1.0.0+git-20190125), with their real sizes.
debian_host() {
	q=$1/usr/share/qemu s=$1/usr/share/seabios i=$1/usr/lib/ipxe/qemu
	rom "$q/kvmvapic.bin" 9216
	rom "$q/linuxboot_dma.bin" 1536
	rom "$q/pvh.bin" 1536
	blob "$q/skiboot.lid" 2527240
	blob "$q/slof.bin" 996688
	blob "$s/bios-256k.bin" 262144
	rom "$s/vgabios-stdvga.bin" 39936
	rom "$s/vgabios-virtio.bin" 39936
	rom "$s/vgabios-cirrus.bin" 39424
	rom "$s/vgabios-ati.bin" 39936
	rom "$s/vgabios-bochs-display.bin" 28672
	rom "$s/vgabios-qxl.bin" 39936
	rom "$s/vgabios-vmware.bin" 39936
	rom "$i/efi-e1000.rom" 249856
	rom "$i/efi-e1000e.rom" 249856
	rom "$i/efi-ne2k_pci.rom" 245760
	rom "$i/efi-pcnet.rom" 246272
	rom "$i/efi-rtl8139.rom" 249856
	rom "$i/efi-virtio.rom" 249344
	rom "$i/efi-vmxnet3.rom" 243712
	rom "$i/pxe-eepro100.rom" 75264
}
