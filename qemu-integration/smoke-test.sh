#!/bin/sh
# smoke-test.sh - end-to-end checks of the patched QEMU (build-qemu.sh) on
# fake roots: which ROM file each target and machine type loads, ceilings,
# pinned ROM BAR sizes, -L, config errors, the data dir fallback, firmware of
# riscv64 and aarch64 virt, -bios OVMF.fd, -no-user-config.
#
# Usage: qemu-integration/smoke-test.sh [QEMU_BUILD_DIR]
#   QEMU_BUILD_DIR  default $ROMRESOLVE_QEMU_WORK/build/10.0.13+ds-0+deb13u1
# Needs Debian's seabios and qemu-system-data (BIOS, VGA BIOS, kvmvapic) on the
# host: they are linked into the fake roots. Prints "N passed, N failed".
set -u

WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
build=${1:-$WORK/build/10.0.13+ds-0+deb13u1}
X86=$build/qemu-system-x86_64
ARM=$build/qemu-system-aarch64
RV=$build/qemu-system-riscv64
if [ ! -x "$X86" ] || [ ! -x "$ARM" ]; then
	echo "smoke-test: no QEMU in $build" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/romresolve-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
nok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	[ -f "$tmp/out" ] && sed 's/^/#   /' "$tmp/out" | head -n 20
}

# rom FILE SIZE: a file that starts with the PCI expansion ROM signature
rom() {
	mkdir -p "$(dirname "$1")"
	printf '\125\252' > "$1"
	truncate -s "$2" "$1"
}

# newroot NAME CONF: a fake host with Debian's BIOS dirs and CONF as its config
newroot() {
	r=$tmp/$1
	mkdir -p "$r/etc/qemu/romresolve.d" "$r/usr/share"
	ln -s /usr/share/seabios "$r/usr/share/seabios"
	ln -s /usr/share/qemu "$r/usr/share/qemu"
	cat > "$r/etc/qemu/romresolve.d/50-test.conf"
}

# run ROOT QEMU ARGS...: HMP "info ramblock" on a stopped machine; output in $tmp/out
run() {
	root=$1
	shift
	printf 'info ramblock\nquit\n' | (cd "$tmp/cwd" && ROMRESOLVE_ROOT=$root \
		timeout 60 "$@" -S -display none -nodefaults -monitor stdio \
		-trace load_file) > "$tmp/out" 2>&1
}

# ramblock NAME: the used length of a RAMBlock, as 0x20000 (from HMP's
# "info ramblock": Block Name, PSize (2 words), Offset, Used, Total, ...)
ramblock() {
	v=$(tr -d '\r' < "$tmp/out" | awk -v n="/$1" 'index($1, n) { print $5; exit }')
	[ -n "$v" ] && printf '%#x\n' "$((v))"
}

has() { grep -q -- "$1" "$tmp/out"; }

# the current directory holds a decoy that must never be loaded
mkdir -p "$tmp/cwd"
rom "$tmp/cwd/efi-e1000.rom" 4096

newroot a <<'CONF'
[dir /usr/share/seabios]
priority = 10
max-size = 256K

[dir /usr/share/qemu]
priority = 20
max-size = 256K

[dir /usr/share/qemu-x86]
arch = i386 x86_64
priority = 5
max-size = 256K

[dir /usr/share/qemu-aarch64]
arch = aarch64
priority = 5
max-size = 512K

[dir /usr/share/qemu-fallback]
priority = 30
max-size = 256K

[dir /usr/share/qemu-pinned]
arch = x86_64
machine = pc-q35-*
priority = 1
max-size = 512K
rom-size = 512K

[machine old-pc]
match = pc-i440fx-*
until = 7.2
max-size = 256K
rom-size = 256K
map = efi-e1000.rom compat-256k-efi-e1000.rom

[machine virt-cap]
arch = aarch64
match = virt-*
max-size = 512K
CONF
A=$tmp/a
rom "$A/usr/share/qemu-x86/efi-e1000.rom" 102400
rom "$A/usr/share/qemu-x86/compat-256k-efi-e1000.rom" 65536
rom "$A/usr/share/qemu-x86/efi-rtl8139.rom" 307200       # over 256K: refused
rom "$A/usr/share/qemu-fallback/efi-rtl8139.rom" 200000  # ... so this one
rom "$A/usr/share/qemu-aarch64/efi-virtio.rom" 307200
rom "$A/usr/share/qemu-x86/efi-virtio.rom" 150000
rom "$A/usr/share/qemu-pinned/efi-e1000e.rom" 102400
rom "$A/usr/share/qemu-x86/efi-e1000e.rom" 102400

# 1. x86_64 pc: the x86 dir, BAR = pow2ceil(100 KiB) = 128 KiB
run "$A" "$X86" -M pc -device e1000
if has "efi-e1000.rom location $A/usr/share/qemu-x86/efi-e1000.rom" &&
	[ "$(ramblock e1000.rom)" = 0x20000 ]; then
	ok "x86_64 pc: e1000 ROM from the x86 dir, BAR 128 KiB"
else nok "x86_64 pc: e1000 ROM from the x86 dir, BAR 128 KiB"; fi

# 2. the current directory is not searched
if ! has "location efi-e1000.rom" && ! has "$tmp/cwd"; then
	ok "current directory not searched"
else nok "current directory not searched"; fi

# 3. aarch64 virt: the aarch64 dir (300 KiB under its 512 KiB ceiling)
run "$A" "$ARM" -M virt -device virtio-net-pci
if has "efi-virtio.rom location $A/usr/share/qemu-aarch64/efi-virtio.rom" &&
	[ "$(ramblock virtio-net-pci.rom)" = 0x80000 ]; then
	ok "aarch64 virt: virtio ROM from the aarch64 dir, BAR 512 KiB"
else nok "aarch64 virt: virtio ROM from the aarch64 dir, BAR 512 KiB"; fi

# 4. x86_64 never sees the aarch64 dir
run "$A" "$X86" -M pc -device virtio-net-pci
if has "efi-virtio.rom location $A/usr/share/qemu-x86/efi-virtio.rom" &&
	[ "$(ramblock virtio-net-pci.rom)" = 0x40000 ]; then
	ok "x86_64 pc: virtio ROM from the x86 dir, BAR 256 KiB"
else nok "x86_64 pc: virtio ROM from the x86 dir, BAR 256 KiB"; fi

# 5. an oversize candidate is refused and the search goes on
run "$A" "$X86" -M pc -device rtl8139
if has "efi-rtl8139.rom location $A/usr/share/qemu-fallback/efi-rtl8139.rom" &&
	[ "$(ramblock rtl8139.rom)" = 0x40000 ]; then
	ok "oversize rtl8139 ROM skipped, fallback dir used"
else nok "oversize rtl8139 ROM skipped, fallback dir used"; fi

# 6. a machine rule maps an old machine type to its compat ROM and pins the BAR
run "$A" "$X86" -M pc-i440fx-7.2 -device e1000
if has "efi-e1000.rom location $A/usr/share/qemu-x86/compat-256k-efi-e1000.rom" &&
	[ "$(ramblock e1000.rom)" = 0x40000 ]; then
	ok "pc-i440fx-7.2: compat ROM, BAR pinned to 256 KiB"
else nok "pc-i440fx-7.2: compat ROM, BAR pinned to 256 KiB"; fi

# 7. a machine-restricted dir with a pinned rom-size (q35 only)
run "$A" "$X86" -M q35 -device e1000e
if has "efi-e1000e.rom location $A/usr/share/qemu-pinned/efi-e1000e.rom" &&
	[ "$(ramblock e1000e.rom)" = 0x80000 ]; then
	ok "q35: machine-restricted dir, BAR pinned to 512 KiB"
else nok "q35: machine-restricted dir, BAR pinned to 512 KiB"; fi
run "$A" "$X86" -M pc -device e1000e
if has "efi-e1000e.rom location $A/usr/share/qemu-x86/efi-e1000e.rom" &&
	[ "$(ramblock e1000e.rom)" = 0x20000 ]; then
	ok "pc: q35-only dir not used"
else nok "pc: q35-only dir not used"; fi

# 8. explicit romsize and romfile win over the pin
run "$A" "$X86" -M q35 -device e1000e,romsize=1048576
if [ "$(ramblock e1000e.rom)" = 0x100000 ]; then
	ok "user romsize wins"
else nok "user romsize wins"; fi
run "$A" "$X86" -M q35 -device e1000e,romfile=efi-e1000e.rom
if has "efi-e1000e.rom location $A/usr/share/qemu-pinned/efi-e1000e.rom" &&
	[ "$(ramblock e1000e.rom)" = 0x20000 ]; then
	ok "user romfile: not pinned, BAR pow2ceil(size)"
else nok "user romfile: not pinned, BAR pow2ceil(size)"; fi

# 9. an absolute romfile is used as given
rom "$tmp/abs.rom" 5000
run "$A" "$X86" -M pc -device e1000,romfile="$tmp/abs.rom"
if has "location $tmp/abs.rom" && [ "$(ramblock e1000.rom)" = 0x2000 ]; then
	ok "absolute romfile used as given"
else nok "absolute romfile used as given"; fi

# 10. -L dirs come first, without ceiling
rom "$tmp/L/efi-e1000.rom" 307200
run "$A" "$X86" -M pc -L "$tmp/L" -device e1000
if has "efi-e1000.rom location $tmp/L/efi-e1000.rom" &&
	[ "$(ramblock e1000.rom)" = 0x80000 ]; then
	ok "-L dir searched first, no ceiling"
else nok "-L dir searched first, no ceiling"; fi

# 11. every candidate over its ceiling: the device fails with the resolver's message
newroot b <<'CONF'
[dir /usr/share/seabios]
priority = 10

[dir /usr/share/qemu]
priority = 20

[dir /usr/share/qemu-x86]
arch = x86_64
max-size = 256K
CONF
rom "$tmp/b/usr/share/qemu-x86/efi-e1000.rom" 307200
run "$tmp/b" "$X86" -M pc -device e1000
if has "romfile \"efi-e1000.rom\"" && has "ceiling" && ! has "e1000.rom  *4096"; then
	ok "oversize ROM refused: $(grep -m1 ceiling "$tmp/out")"
else nok "oversize ROM refused with the resolver's message"; fi

# 12. a missing ROM
run "$tmp/b" "$X86" -M pc -device rtl8139
if has "failed to find romfile \"efi-rtl8139.rom\""; then
	ok "missing ROM: $(grep -m1 'failed to find' "$tmp/out")"
else nok "missing ROM reported"; fi

# 14. a config problem: a warning with FILE:LINE, that file is not applied,
# QEMU starts with the rest (here: the embedded default)
newroot c <<'CONF'
[dir /usr/share/seabios]
no-such-key = 1
CONF
run "$tmp/c" "$X86" -M pc
if has "warning: romresolve: $tmp/c/etc/qemu/romresolve.d/50-test.conf:2" &&
	has "bios-256k.bin location $tmp/c/usr/share/seabios/bios-256k.bin"; then
	ok "config problem: $(grep -m1 'romresolve:' "$tmp/out")"
else nok "config problem reported with file:line, the rest applies"; fi

# 16. a firmware name found in the current directory: loaded, with the
# deprecation warning; the same name with ./ has none
cp /usr/share/seabios/bios-256k.bin "$tmp/cwd/bios-256k.bin"
run "$A" "$X86" -M pc -bios bios-256k.bin
if has "location bios-256k.bin" && has "loaded from the current directory; this is deprecated"; then
	ok "firmware in the current directory: loaded with a deprecation warning"
else nok "firmware in the current directory: loaded with a deprecation warning"; fi
run "$A" "$X86" -M pc -bios ./bios-256k.bin
if has "location ./bios-256k.bin" && ! has "deprecated"; then
	ok "firmware given as ./NAME: no warning"
else nok "firmware given as ./NAME: no warning"; fi
rm -f "$tmp/cwd/bios-256k.bin"

# 17. a name romresolve does not know is still found in QEMU's data dir
# (a build tree, a /usr/local install)
datadir=$build/qemu-bundle/usr/local/share/qemu
made=0
[ -d "$datadir" ] || { mkdir -p "$datadir" && made=1; }
rom "$datadir/romresolve-smoke.rom" 5000
run "$A" "$X86" -M pc -device e1000,romfile=romresolve-smoke.rom
if has "location $datadir/romresolve-smoke.rom" && [ "$(ramblock e1000.rom)" = 0x2000 ]; then
	ok "data dir still searched when romresolve has no candidate"
else nok "data dir still searched when romresolve has no candidate"; fi
rm -f "$datadir/romresolve-smoke.rom"
[ "$made" = 0 ] || rm -rf "$build/qemu-bundle"

# 18. QEMU checks a pinned rom-size: not smaller than the file
newroot d <<'CONF'
[dir /usr/share/seabios]
priority = 10

[dir /usr/share/qemu]
priority = 20

[dir /usr/share/qemu-x86]
max-size = 256K
rom-size = 64K
CONF
rom "$tmp/d/usr/share/qemu-x86/efi-e1000.rom" 102400
run "$tmp/d" "$X86" -M pc -device e1000
if has "romfile \"efi-e1000.rom\"" && [ -z "$(ramblock e1000.rom)" ]; then
	ok "a rom-size smaller than the file is refused: $(grep -m1 'efi-e1000' "$tmp/out")"
else nok "a rom-size smaller than the file is refused"; fi

# ---- firmware on Debian's layout ----
# 19. riscv64 virt: its default firmware (OpenSBI) through the resolver
if [ -x "$RV" ]; then
	run "$A" "$RV" -M virt
	if has "opensbi-riscv64-generic-fw_dynamic.bin location $A/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin"; then
		ok "riscv64 virt: default OpenSBI from the resolver's dir"
	else nok "riscv64 virt: default OpenSBI from the resolver's dir"; fi
	# trixie's qemu-system-data: the name is a link into the opensbi package
	newroot e <<'CONF'
[dir /usr/share/qemu]
CONF
	rm "$tmp/e/usr/share/qemu"
	mkdir -p "$tmp/e/usr/share/qemu" "$tmp/e/usr/lib/riscv64-linux-gnu/opensbi/generic"
	cp /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
		"$tmp/e/usr/lib/riscv64-linux-gnu/opensbi/generic/"
	ln -s ../../lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
		"$tmp/e/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin"
	run "$tmp/e" "$RV" -M virt
	if has "location $tmp/e/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin"; then
		ok "riscv64 virt: OpenSBI through Debian's link"
	else nok "riscv64 virt: OpenSBI through Debian's link"; fi
else
	nok "no $RV"
fi

# 20. aarch64 virt: -bios from an aarch64-only dir; x86_64 does not see it
newroot f <<'CONF'
[dir /usr/share/qemu-efi-aarch64]
arch = aarch64
priority = 5

[dir /usr/share/seabios]
priority = 10
CONF
ln -s /usr/share/qemu-efi-aarch64 "$tmp/f/usr/share/qemu-efi-aarch64"
run "$tmp/f" "$ARM" -M virt -bios QEMU_EFI.fd
if has "QEMU_EFI.fd location $tmp/f/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"; then
	ok "aarch64 virt: -bios QEMU_EFI.fd from the aarch64 dir"
else nok "aarch64 virt: -bios QEMU_EFI.fd from the aarch64 dir"; fi
run "$tmp/f" "$X86" -M pc -bios QEMU_EFI.fd
if ! has "location $tmp/f/usr/share/qemu-efi-aarch64"; then
	ok "x86_64 does not see the aarch64 dir"
else nok "x86_64 does not see the aarch64 dir"; fi

# 21. x86_64 -bios OVMF.fd on this host's own layout (no fake root, the
# embedded default: /usr/share/qemu/OVMF.fd is a link to ../ovmf/OVMF.fd)
if [ -e /usr/share/qemu/OVMF.fd ]; then
	printf 'info ramblock\nquit\n' | (cd "$tmp/cwd" && env -u ROMRESOLVE_ROOT \
		timeout 60 "$X86" -no-user-config -M q35 -bios OVMF.fd -S -display none \
		-nodefaults -monitor stdio -trace load_file) > "$tmp/out" 2>&1
	if has "OVMF.fd location /usr/share/qemu/OVMF.fd"; then
		ok "x86_64 -bios OVMF.fd through Debian's link"
	else nok "x86_64 -bios OVMF.fd through Debian's link"; fi
else
	nok "no /usr/share/qemu/OVMF.fd (apt-get install ovmf)"
fi

# 22. -no-user-config: the user's romresolve.d is ignored (as an
# unprivileged user: a privileged QEMU never reads it)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	u=$tmp/user
	mkdir -p "$u/xdg/qemu/romresolve.d" "$u/roms"
	rom "$u/roms/efi-e1000.rom" 100000
	printf '[dir %s]\npriority = 1\n\n[dir /usr/lib/ipxe/qemu]\npriority = 2\n' "$u/roms" \
		> "$u/xdg/qemu/romresolve.d/50-user.conf"
	# nobody may not enter the build tree that QEMU's RUNPATH names (a
	# checkout under /root): a copy of the library it loads, for that user.
	mkdir -p "$u/lib"
	lib=$(ldd "$X86" | sed -n 's/^[[:space:]]*libromresolve\.so\.0 => \([^ ]*\) .*/\1/p')
	[ -z "$lib" ] || cp -L "$lib" "$u/lib/libromresolve.so.1"
	chmod -R go-w "$u"
	chmod -R a+rX "$u/lib"
	chmod 755 "$tmp" "$u" "$tmp/cwd"
	for nuc in "" -no-user-config; do
		# shellcheck disable=SC2086
		printf 'quit\n' | (cd "$tmp/cwd" && env -u ROMRESOLVE_ROOT LD_LIBRARY_PATH="$u/lib" \
			XDG_CONFIG_HOME="$u/xdg" HOME="$u" setpriv --reuid=nobody \
			--regid=nogroup --clear-groups timeout 60 "$X86" $nuc -M pc \
			-L /usr/share/seabios -device e1000 -S -display none -nodefaults \
			-monitor stdio -trace load_file) > "$tmp/out$nuc" 2>&1
	done
	if grep -q "efi-e1000.rom location $u/roms/efi-e1000.rom" "$tmp/out" &&
		grep -q "efi-e1000.rom location /usr/lib/ipxe/qemu/efi-e1000.rom" "$tmp/out-no-user-config"; then
		ok "user romresolve.d read, and not with -no-user-config"
	else
		cat "$tmp/out-no-user-config" >> "$tmp/out"
		nok "user romresolve.d read, and not with -no-user-config"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
