#!/bin/sh
# conf/qemu-system-data: QEMU's and SeaBIOS's dirs and the device table.
# Usage: test-qemu-system-data.sh ROMRESOLVE CONFDIR
ROMRESOLVE=$1 CONF=$2
. "$(dirname "$0")/lib.sh"

T=$W/host
debian_host "$T"
dropin "$T" "$CONF/qemu-system-data/50-qemu-system-data.conf"
D=$T/usr/share/qemu/romresolve.d/50-qemu-system-data.conf

cmd list --root "$T"
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
10       256 KiB    -          *              *            $T/usr/share/qemu ($D:16)
20       256 KiB    -          *              *            $T/usr/share/seabios ($D:20)
read: $D
END

# The 2.4 MiB skiboot.lid beside the ROMs is no option ROM: no finding.
cmd check --root "$T"
out "0 findings"

cmd which vgabios-stdvga.bin --arch x86_64 --machine pc-i440fx-7.2 --root "$T"
out "$T/usr/share/seabios/vgabios-stdvga.bin"

cmd which kvmvapic.bin --arch i386 --root "$T"
out "$T/usr/share/qemu/kvmvapic.bin"

# Firmware lookups have no ceiling; a rom lookup of the same file does.
cmd which skiboot.lid --arch ppc64 --machine powernv9 --firmware --root "$T"
out "$T/usr/share/qemu/skiboot.lid"

cmd which skiboot.lid --arch ppc64 --machine powernv9 --root "$T"
err "romresolve: no usable skiboot.lid for ppc64, machine powernv9: $T/usr/share/qemu/skiboot.lid: 2527240 bytes is over the 256 KiB ceiling of /usr/share/qemu from $D:16"
status 1

# This file alone is not a whole config: it replaces the embedded default,
# and /usr/lib/ipxe/qemu is ipxe-qemu's to declare.
cmd which efi-virtio.rom --arch x86_64 --machine pc-q35-7.2 --root "$T"
err "romresolve: efi-virtio.rom not found for x86_64, machine pc-q35-7.2 in $T/usr/share/qemu, $T/usr/share/seabios"
status 1

# The device table has every entry of the embedded default's, and more.
pairs() {
	awk '/^\[device /{d=$2; sub(/]$/, "", d)} /^romfile *=/{print d, $3}' "$1" | sort
}
pairs "$CONF/default.conf" >"$W/default-devices"
pairs "$D" >"$W/dropin-devices"
run_prog test -s "$W/default-devices"
run_prog comm -23 "$W/default-devices" "$W/dropin-devices"
run_prog grep -c . "$W/dropin-devices"
out 34

# exec adds the resolved romfile to every -device of the table, variants too.
if command -v qemu-system-x86_64 >/dev/null; then
	dropin "$T" "$CONF/ipxe-qemu/50-ipxe-qemu.conf"
	rom "$T/usr/share/seabios/vgabios-bochs-display.bin" 28672
	cmd exec --root "$T" --print -- qemu-system-x86_64 -M pc-q35-7.2 -nodefaults \
		-netdev user,id=n0 -device e1000-82545em,netdev=n0 -device i82557b \
		-device bochs-display
	out "'qemu-system-x86_64' '-M' 'pc-q35-7.2' '-nodefaults' '-netdev' 'user,id=n0' '-device' 'e1000-82545em,netdev=n0,romfile=$T/usr/lib/ipxe/qemu/efi-e1000.rom,romsize=262144' '-device' 'i82557b,romfile=$T/usr/lib/ipxe/qemu/pxe-eepro100.rom,romsize=131072' '-device' 'bochs-display,romfile=$T/usr/share/seabios/vgabios-bochs-display.bin,romsize=32768'"
fi

finish
