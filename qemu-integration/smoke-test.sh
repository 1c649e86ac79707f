#!/bin/sh
# smoke-test.sh - end-to-end checks of the patched QEMU (build-qemu.sh), series
# v3: which file each target and machine type loads, the host's rules only for
# default ROMs, the user's romfile= and romsize= untouched, -L first, QEMU's
# own dirs never lost, ceilings, pins, no-rom, config problems, hot-plug after
# the config changed on disk, riscv64 and aarch64 virt firmware, -bios
# OVMF.fd, the user's config dir (-no-user-config, setuid-like, AT_SECURE),
# and a target the library does not know (exactly stock).
#
# Usage: qemu-integration/smoke-test.sh [QEMU_BUILD_DIR [STOCK_BUILD_DIR]]
#   QEMU_BUILD_DIR   default $ROMRESOLVE_QEMU_WORK/build/10.0.13+ds-0+deb13u1
#   STOCK_BUILD_DIR  the same QEMU built without the library (build-qemu.sh
#                    --no-romresolve; default QEMU_BUILD_DIR-nolib): the
#                    unknown-target case compares with it; skipped if absent
#
# Each case runs the binaries from a fake relocatable install
# (fake-install.sh), so QEMU's config dirs and data dir are the install's:
# nothing of the host's romresolve config applies. Needs Debian's seabios,
# qemu-system-data, ipxe-qemu, opensbi, qemu-efi-aarch64 and ovmf, and a C
# compiler (the unknown-target case). Prints "N passed, N failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
build=${1:-$WORK/build/10.0.13+ds-0+deb13u1}
stock=${2:-$build-nolib}
if [ ! -x "$build/qemu-system-x86_64" ] || [ ! -x "$build/qemu-system-aarch64" ]; then
	echo "smoke-test: no QEMU in $build" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/romresolve-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
nok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	[ -f "$tmp/out" ] && sed 's/^/#   /' "$tmp/out" | head -n 30
}
# check DESCRIPTION CONDITION...: ok or not ok
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}

# rom FILE SIZE: a file that starts with the PCI expansion ROM signature
rom() {
	mkdir -p "$(dirname "$1")"
	printf '\125\252' > "$1"
	truncate -s "$2" "$1"
}

# inst NAME [BUILD]: a fake install of BUILD (default: the patched build) in
# $tmp/NAME; sets R (its root), BIN, DATA (QEMU's data dir), CONF (its
# romresolve.d in sysconfdir)
inst() {
	R=$tmp/$1
	eval "$("$here/fake-install.sh" "${2:-$build}" "$R")" || exit 2
	BIN=$bindir DATA=$datadir CONF=$confdir
}
# conf: stdin is the install's config (CONF/50-test.conf)
conf() { cat > "$CONF/50-test.conf"; }

# run QEMU ARGS...: $BIN/QEMU stopped, from $tmp/cwd, with HMP "info
# ramblock" and "info qtree", the load_file trace; output in $tmp/out
run() {
	q=$1
	shift
	printf 'info ramblock\ninfo qtree\nquit\n' | (cd "$tmp/cwd" &&
		XDG_CONFIG_HOME=$tmp/xdg timeout 60 "$BIN/$q" "$@" -S -display none \
		-nodefaults -monitor stdio -trace load_file) > "$tmp/out" 2>&1
}
X86=qemu-system-x86_64
ARM=qemu-system-aarch64
RV=qemu-system-riscv64

# ramblock NAME: the used length of a RAMBlock, as 0x20000 (HMP "info
# ramblock": Block Name, PSize (2 words), Offset, Used, Total, ...)
ramblock() {
	v=$(tr -d '\r' < "$tmp/out" | awk -v n="/$1" 'index($1, n) { print $5; exit }')
	[ -n "$v" ] && printf '%#x\n' "$((v))"
}
# qprop DRIVER PROP: the value of PROP of the (first) DRIVER device in "info
# qtree" (romsize as a number, romfile with its quotes)
qprop() {
	tr -d '\r' < "$tmp/out" | awk -v d="$1" -v p="$2" '
		$1 == "dev:" { inside = ($2 == d ",") }
		inside && $1 == p && $2 == "=" { print $3; exit }'
}
has() { grep -q -- "$1" "$tmp/out"; }
loaded() { has "load_file name $1 location $2\$"; }

# The current directory holds decoys that must never be loaded for a ROM.
mkdir -p "$tmp/cwd" "$tmp/xdg"
rom "$tmp/cwd/efi-e1000.rom" 4096
rom "$tmp/cwd/cwd-only.rom" 4096

# ---- 1. no config at all: QEMU's own dirs, BARs as stock ----
inst plain
run $X86 -M pc -device e1000
check "no config: e1000 ROM from QEMU's data dir, BAR 256 KiB, romsize set" \
	eval 'loaded efi-e1000.rom "$DATA/efi-e1000.rom" &&
	[ "$(ramblock e1000.rom)" = 0x40000 ] && [ "$(qprop e1000 romsize)" = 262144 ]'
check "the current directory is not searched for a default ROM" \
	eval '! has "location efi-e1000.rom" && ! has "$tmp/cwd"'
run $X86 -M pc -device e1000,romfile=cwd-only.rom
check "nor for romfile=NAME: $(grep -m1 -o 'failed to find romfile.*' "$tmp/out")" \
	eval 'has "failed to find romfile \"cwd-only.rom\"" && ! has "location cwd-only.rom"'
run $X86 -M pc -L help
cp "$tmp/out" "$tmp/help-patched"

# ---- 2. per-arch dirs, ceilings, machine rules, pins ----
inst a
conf <<CONF
[dir $R/x86]
arch = i386 x86_64
priority = 5
max-size = 256K

[dir $R/aarch64]
arch = aarch64
priority = 5
max-size = 512K

[dir $R/fallback]
priority = 40
max-size = 256K

[dir $R/q35]
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

[machine no-vmxnet3]
match = pc-i440fx-*
until = 7.2
no-rom = efi-vmxnet3.rom
CONF
rom "$R/x86/efi-e1000.rom" 102400
rom "$R/x86/compat-256k-efi-e1000.rom" 65536
rom "$R/x86/efi-rtl8139.rom" 307200       # over 256K: refused
rom "$R/fallback/efi-rtl8139.rom" 200000  # ... so this one
rom "$R/aarch64/efi-virtio.rom" 307200
rom "$R/x86/efi-virtio.rom" 150000
rom "$R/q35/efi-e1000e.rom" 102400
rom "$R/x86/efi-e1000e.rom" 102400
rom "$R/x86/user.rom" 5000

run $X86 -M pc -device e1000
check "x86_64 pc: e1000 ROM from the x86 dir, BAR 128 KiB" \
	eval 'loaded efi-e1000.rom "$R/x86/efi-e1000.rom" && [ "$(ramblock e1000.rom)" = 0x20000 ]'
run $ARM -M virt -device virtio-net-pci
check "aarch64 virt: virtio ROM from the aarch64 dir (300 KiB, 512K ceiling), BAR 512 KiB" \
	eval 'loaded efi-virtio.rom "$R/aarch64/efi-virtio.rom" && [ "$(ramblock virtio-net-pci.rom)" = 0x80000 ]'
run $X86 -M pc -device virtio-net-pci
check "x86_64 never sees the aarch64 dir: BAR 256 KiB" \
	eval 'loaded efi-virtio.rom "$R/x86/efi-virtio.rom" && [ "$(ramblock virtio-net-pci.rom)" = 0x40000 ]'
run $X86 -M pc -device rtl8139
check "a default ROM over its dir's ceiling is skipped, the next dir's used" \
	eval 'loaded efi-rtl8139.rom "$R/fallback/efi-rtl8139.rom" && [ "$(ramblock rtl8139.rom)" = 0x40000 ]'
run $X86 -M pc-i440fx-7.2 -device e1000
check "pc-i440fx-7.2: the rule's compat ROM, BAR pinned to 256 KiB, romsize set" \
	eval 'loaded efi-e1000.rom "$R/x86/compat-256k-efi-e1000.rom" &&
	[ "$(ramblock e1000.rom)" = 0x40000 ] && [ "$(qprop e1000 romsize)" = 262144 ]'
run $X86 -M pc-i440fx-7.2 -device vmxnet3
check "pc-i440fx-7.2: no-rom gives vmxnet3 no ROM BAR, romfile empty" \
	eval '[ -z "$(ramblock vmxnet3.rom)" ] && [ "$(qprop vmxnet3 romfile)" = "\"\"" ]'
run $X86 -M q35 -device e1000e
check "q35: the machine-restricted dir, BAR pinned to 512 KiB" \
	eval 'loaded efi-e1000e.rom "$R/q35/efi-e1000e.rom" && [ "$(ramblock e1000e.rom)" = 0x80000 ] &&
	[ "$(qprop e1000e romsize)" = 524288 ]'
run $X86 -M pc -device e1000e
check "pc: the q35-only dir is not used" \
	eval 'loaded efi-e1000e.rom "$R/x86/efi-e1000e.rom" && [ "$(ramblock e1000e.rom)" = 0x20000 ]'

# ---- 3. what the user wrote is the user's ----
run $X86 -M q35 -device e1000e,romsize=1048576
check "romsize=1048576 is never changed (the pin is 512K)" \
	eval '[ "$(ramblock e1000e.rom)" = 0x100000 ] && [ "$(qprop e1000e romsize)" = 1048576 ]'
run $X86 -M q35 -device e1000e,romfile=efi-e1000e.rom
check "romfile=NAME: searched in the same dirs (q35's first), not pinned: BAR 128 KiB" \
	eval 'loaded efi-e1000e.rom "$R/q35/efi-e1000e.rom" && [ "$(ramblock e1000e.rom)" = 0x20000 ]'
run $X86 -M pc-i440fx-7.2 -device e1000,romfile=efi-e1000.rom
check "romfile=NAME: no map of the machine rule, no pin: the file itself, BAR 128 KiB" \
	eval 'loaded efi-e1000.rom "$R/x86/efi-e1000.rom" && [ "$(ramblock e1000.rom)" = 0x20000 ]'
run $X86 -M pc-i440fx-7.2 -device vmxnet3,romfile=efi-vmxnet3.rom
check "romfile=NAME: no no-rom either: vmxnet3 gets its ROM" \
	eval '[ "$(ramblock vmxnet3.rom)" = 0x40000 ]'
run $X86 -M pc -device rtl8139,romfile=efi-rtl8139.rom
check "romfile=NAME: no ceiling: the 300 KiB file of the x86 dir, BAR 512 KiB" \
	eval 'loaded efi-rtl8139.rom "$R/x86/efi-rtl8139.rom" && [ "$(ramblock rtl8139.rom)" = 0x80000 ]'
run $X86 -M pc -device e1000,romfile=user.rom
check "romfile=NAME of a per-arch dir only: found there" \
	eval 'loaded user.rom "$R/x86/user.rom" && [ "$(ramblock e1000.rom)" = 0x2000 ]'
rom "$tmp/abs.rom" 5000
run $X86 -M pc -device e1000,romfile="$tmp/abs.rom"
check "an absolute romfile is opened as given" \
	eval 'has "location $tmp/abs.rom" && [ "$(ramblock e1000.rom)" = 0x2000 ]'
run $X86 -M pc -device e1000,romfile=./cwd-only.rom
check "a romfile with a / is opened as given (./NAME: the current directory)" \
	eval '[ "$(ramblock e1000.rom)" = 0x1000 ]'
rom "$tmp/L/efi-e1000.rom" 307200
run $X86 -M pc -L "$tmp/L" -device e1000
check "-L dirs come first, as stock: no ceiling, BAR 512 KiB" \
	eval 'loaded efi-e1000.rom "$tmp/L/efi-e1000.rom" && [ "$(ramblock e1000.rom)" = 0x80000 ]'
run $X86 -M pc-i440fx-7.2 -L "$tmp/L" -device e1000
check "-L dirs come first even where a rule maps the name" \
	eval 'loaded efi-e1000.rom "$tmp/L/efi-e1000.rom" && [ "$(ramblock e1000.rom)" = 0x80000 ]'

# ---- 4. refusals and config problems ----
inst b
conf <<CONF
[dir $R/x86]
arch = x86_64
priority = 5
max-size = 256K

[dir $DATA]
max-size = 256K
rom-size = 64K
CONF
rom "$R/x86/efi-e1000.rom" 307200
run $X86 -M pc -device e1000
check "every candidate over its ceiling: refused with the reason ($(grep -m1 -o 'ceiling of [^ ]*' "$tmp/out"))" \
	eval 'has "romfile \"efi-e1000.rom\"" && has "ceiling" && [ -z "$(ramblock e1000.rom)" ]'
run $X86 -M pc -device rtl8139
check "a rom-size smaller than the file: refused, no ROM of another size" \
	eval 'has "efi-rtl8139.rom" && has "ceiling" && [ -z "$(ramblock rtl8139.rom)" ]'
run $X86 -M pc -device e1000,romfile=nowhere.rom
check "a missing romfile: $(grep -m1 -o 'failed to find.*' "$tmp/out")" \
	eval 'has "failed to find romfile \"nowhere.rom\""'
inst c
printf '[dir %s]\nno-such-key = 1\n' "$R/x86" | conf
run $X86 -M pc -device e1000
check "a config problem: a warning with FILE:LINE, QEMU starts with the rest" \
	eval 'has "warning: romresolve: $CONF/50-test.conf:2" && loaded efi-e1000.rom "$DATA/efi-e1000.rom"'
printf '[dir %s]\nenabled = no\n' "$DATA" | conf
run $X86 -M pc -device e1000
# (found by QEMU's own search, which spells the dir BINDIR/../share/qemu)
check "romresolve removes none of QEMU's dirs: a disabled data dir is still searched" \
	eval 'loaded bios-256k.bin "$BIN/../share/qemu/bios-256k.bin" &&
	loaded efi-e1000.rom "$BIN/../share/qemu/efi-e1000.rom"'

# ---- 5. firmware: the current directory first, as stock; no warning ----
cp /usr/share/seabios/bios-256k.bin "$tmp/cwd/bios-256k.bin"
inst plain
run $X86 -M pc -bios bios-256k.bin
check "firmware in the current directory: loaded as stock, no warning" \
	eval 'has "location bios-256k.bin\$" && ! has "warning"'
rm -f "$tmp/cwd/bios-256k.bin"
run $X86 -M pc
check "-M pc: bios-256k.bin from QEMU's data dir (through its link)" \
	eval 'loaded bios-256k.bin "$DATA/bios-256k.bin"'
if [ -x "$build/$RV" ]; then
	run $RV -M virt
	check "riscv64 virt: the default OpenSBI from QEMU's data dir" \
		eval 'loaded opensbi-riscv64-generic-fw_dynamic.bin "$DATA/opensbi-riscv64-generic-fw_dynamic.bin"'
	inst e
	rm "$DATA/opensbi-riscv64-generic-fw_dynamic.bin"
	mkdir -p "$R/usr/lib/riscv64-linux-gnu/opensbi/generic" "$R/opensbi"
	cp /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin "$R/usr/lib/riscv64-linux-gnu/opensbi/generic/"
	ln -s ../usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
		"$R/opensbi/opensbi-riscv64-generic-fw_dynamic.bin"
	printf '[dir %s]\narch = riscv64\npriority = 10\n' "$R/opensbi" | conf
	run $RV -M virt
	check "riscv64 virt: OpenSBI through a relative link in a riscv64 dir (trixie's layout)" \
		eval 'loaded opensbi-riscv64-generic-fw_dynamic.bin "$R/opensbi/opensbi-riscv64-generic-fw_dynamic.bin"'
else
	nok "no $build/$RV"
fi
inst f
printf '[dir /usr/share/qemu-efi-aarch64]\narch = aarch64\npriority = 5\n' | conf
run $ARM -M virt -bios QEMU_EFI.fd
check "aarch64 virt: -bios QEMU_EFI.fd from an aarch64-only dir" \
	eval 'loaded QEMU_EFI.fd /usr/share/qemu-efi-aarch64/QEMU_EFI.fd'
run $X86 -M pc -bios QEMU_EFI.fd
check "x86_64 does not see the aarch64 dir" eval '! has "location /usr/share/qemu-efi-aarch64"'
if [ -e /usr/share/qemu/OVMF.fd ]; then
	inst plain
	run $X86 -M q35 -bios OVMF.fd
	check "x86_64 -bios OVMF.fd through Debian's link" eval 'loaded OVMF.fd "$DATA/OVMF.fd"'
else
	nok "no /usr/share/qemu/OVMF.fd (apt-get install ovmf)"
fi

# ---- 6. the rules of the process's start: hot-plug after the config changed ----
inst h
printf '[dir %s]\narch = x86_64\npriority = 5\nmax-size = 512K\nrom-size = 512K\n' "$R/x86" | conf
rom "$R/x86/efi-e1000.rom" 100000
printf 'device_add e1000,id=hot\ninfo ramblock\ninfo qtree\nquit\n' > "$tmp/hmp"
(
	cd "$tmp/cwd" && {
		# QEMU is up (its monitor's banner), its config read
		n=0
		until grep -q 'monitor - type' "$tmp/out" || [ $n -ge 300 ]; do
			sleep 0.2
			n=$((n + 1))
		done
		# the package update: the config pins 1M now, the file grew
		printf '[dir %s]\narch = x86_64\npriority = 5\nmax-size = 1M\nrom-size = 1M\n' "$R/x86" \
			> "$CONF/50-test.conf"
		rom "$R/x86/efi-e1000.rom" 300000
		cat "$tmp/hmp"
	} | XDG_CONFIG_HOME=$tmp/xdg timeout 60 "$BIN/$X86" -M pc -S -display none -nodefaults \
		-monitor stdio -trace load_file
) > "$tmp/out" 2>&1
check "hot-plug after the config changed on disk: the start's rules (512K pin), the new file" \
	eval 'loaded efi-e1000.rom "$R/x86/efi-e1000.rom" && [ "$(ramblock e1000.rom)" = 0x80000 ]'

# ---- 7. the user's config dir ----
inst u
mkdir -p "$tmp/xdg/qemu/romresolve.d"
rom "$R/user/efi-e1000.rom" 100000
chmod -R go-w "$R/user"
printf '[dir %s]\npriority = 1\n' "$R/user" > "$tmp/xdg/qemu/romresolve.d/50-user.conf"
run $X86 -M pc -device e1000
check "the user's config dir is read" eval 'loaded efi-e1000.rom "$R/user/efi-e1000.rom"'
run $X86 -no-user-config -M pc -device e1000
check "... and not with -no-user-config" eval 'loaded efi-e1000.rom "$DATA/efi-e1000.rom"'
lib=$(ldd "$BIN/$X86" | sed -n 's/^[[:space:]]*libromresolve\.so[^ ]* => \([^ ]*\) .*/\1/p')
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && command -v setcap >/dev/null &&
	[ -n "$lib" ] && setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$lib"; then
	chmod -R a+rX "$tmp"
	# as nobody with its user config (never root's)
	runas() {
		printf 'quit\n' | (cd "$tmp/cwd" && env XDG_CONFIG_HOME="$tmp/xdg" HOME="$tmp" \
			setpriv "$@" timeout 60 "$q" -M pc -device e1000 -S -display none \
			-nodefaults -monitor stdio -trace load_file) > "$tmp/out" 2>&1
	}
	q=$BIN/$X86
	runas --reuid=nobody --regid=nogroup --clear-groups
	check "as nobody: its user config is read" eval 'loaded efi-e1000.rom "$R/user/efi-e1000.rom"'
	runas --euid=nobody --clear-groups
	check "euid != uid (setuid-like): the user config is not read" \
		eval 'loaded efi-e1000.rom "$DATA/efi-e1000.rom"'
	# file capabilities make the kernel set AT_SECURE, with euid = uid
	cp "$BIN/$X86" "$BIN/qemu-system-x86_64-caps"
	q=$BIN/qemu-system-x86_64-caps
	if setcap cap_net_bind_service+ep "$q" 2>/dev/null; then
		runas --reuid=nobody --regid=nogroup --clear-groups
		check "AT_SECURE (file capabilities), euid = uid: the user config is not read" \
			eval 'loaded efi-e1000.rom "$DATA/efi-e1000.rom"'
	else
		echo "skip - setcap does not work here"
	fi
	rm -f "$q"
else
	echo "skip - setuid-like and AT_SECURE cases: not root, no setpriv/setcap, or nobody cannot read $lib"
fi
rm -rf "$tmp/xdg/qemu"

# ---- 8. -L help and a target the library does not know: exactly stock ----
if [ -x "$stock/qemu-system-x86_64" ]; then
	inst stock "$stock"
	run $X86 -M pc -L help
	sed "s|$tmp/stock|$tmp/plain|" "$tmp/out" > "$tmp/help-stock"
	check "-L help prints what stock QEMU prints" cmp -s "$tmp/help-stock" "$tmp/help-patched"
	# normal NAME: $tmp/out with the install's root and the host addresses
	# of "info ramblock" (its HVA column) made the same for every run
	normal() {
		sed -E -e "s|$tmp/$1/|ROOT/|g" -e 's/ 0x[0-9a-f]{16}( +r[ow])/ HVA\1/' "$tmp/out"
	}
	# a library that knows no target (a shim preloaded before it)
	printf '%s\n' '#include <glib.h>' \
		'gboolean romresolve_arch_validate(const char *arch, GError **error);' \
		'gboolean romresolve_arch_validate(const char *arch, GError **error)' \
		'{ (void)arch; (void)error; return FALSE; }' > "$tmp/unknown.c"
	# shellcheck disable=SC2046 # pkg-config's words
	if cc -shared -fPIC -o "$tmp/unknown.so" "$tmp/unknown.c" $(pkg-config --cflags glib-2.0) 2>"$tmp/out"; then
		for args in "-M pc -device e1000" "-M pc -device e1000,romfile=cwd-only.rom" \
			"-M pc-i440fx-7.2 -device vmxnet3" "-M q35 -device e1000e"; do
			inst stock "$stock"
			# shellcheck disable=SC2086
			run $X86 $args
			normal stock > "$tmp/out-stock"
			inst a
			# shellcheck disable=SC2086
			(export LD_PRELOAD="$tmp/unknown.so" && run $X86 $args)
			normal a > "$tmp/out-unknown"
			check "unknown target, $args: what stock QEMU loads (ramblocks, files, qtree)" \
				cmp -s "$tmp/out-stock" "$tmp/out-unknown"
		done
	else
		nok "cannot build the test's library shim"
	fi
else
	echo "skip - no stock build in $stock: -L help and unknown-target comparisons"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
