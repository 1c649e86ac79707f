#!/bin/sh
# conf/debian-bookworm/50-qemu-system-data.conf: QEMU's and SeaBIOS's dirs, merged with the embedded default.
# Usage: test-qemu-system-data.sh ROMRESOLVE CONFDIR
ROMRESOLVE=$1 CONF=$2
. "$(dirname "$0")/lib.sh"

T=$W/host
debian_host "$T"
dropin "$T" "$CONF/debian-bookworm/50-qemu-system-data.conf"
D=$T/usr/share/qemu/romresolve.d/50-qemu-system-data.conf

# The same sections as the embedded default's: merged, first written there.
cmd list --root "$T"
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $T/usr/share/qemu (<embedded default>:9; max-size $D:18)
50       256 KiB    -          *              *            $T/usr/share/seabios (<embedded default>:12; max-size $D:21)
50       256 KiB    -          *              *            $T/usr/lib/ipxe/qemu (<embedded default>:15)
read: <embedded default>
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
err "romresolve: no usable skiboot.lid for ppc64, machine powernv9: $T/usr/share/qemu/skiboot.lid: 2527240 bytes is over the 256 KiB ceiling of /usr/share/qemu from $D:18"
status 1

# This file adds to the embedded default, never replaces it: ipxe-qemu's dir
# stays in the search path without its drop-in.
cmd which efi-virtio.rom --arch x86_64 --machine pc-q35-7.2 --root "$T"
out "$T/usr/lib/ipxe/qemu/efi-virtio.rom"

# The device table is built in: the drop-in has no [device] section.
run_prog grep -c '^\[device ' "$D"
out 0
status 1

# exec gives every device type of the table a -global with its resolved
# ROM, variants too; the user's arguments follow untouched.
exec_globals() {
	"$ROMRESOLVE" exec --cache-dir "$W/cache" "$@" >"$W/exec-out" || return
	for t in e1000-82545em i82557b bochs-display; do
		grep -o "'$t\.romfile=[^']*'" "$W/exec-out" || echo "no -global for $t"
	done
	sed -n "s/.*'-global' '[^']*' //p" "$W/exec-out"
}
if command -v qemu-system-x86_64 >/dev/null; then
	dropin "$T" "$CONF/debian-bookworm/50-ipxe-qemu.conf"
	rom "$T/usr/share/seabios/vgabios-bochs-display.bin" 28672
	run_prog exec_globals --root "$T" --print -- qemu-system-x86_64 -M pc-q35-7.2 -nodefaults \
		-netdev user,id=n0 -device e1000-82545em,netdev=n0 -device i82557b \
		-device bochs-display
	out <<EOF
'e1000-82545em.romfile=$T/usr/lib/ipxe/qemu/efi-e1000.rom'
'i82557b.romfile=$T/usr/lib/ipxe/qemu/pxe-eepro100.rom'
'bochs-display.romfile=$T/usr/share/seabios/vgabios-bochs-display.bin'
'-M' 'pc-q35-7.2' '-nodefaults' '-netdev' 'user,id=n0' '-device' 'e1000-82545em,netdev=n0' '-device' 'i82557b' '-device' 'bochs-display'
EOF
fi

finish
