#!/bin/sh
# conf/debian-bookworm/50-ipxe-qemu.conf: the x86 iPXE ROMs, for every target, at most 256 KiB.
# Usage: test-ipxe-qemu.sh ROMRESOLVE CONFDIR
ROMRESOLVE=$1 CONF=$2
. "$(dirname "$0")/lib.sh"

T=$W/host
debian_host "$T"
dropin "$T" "$CONF/debian-bookworm/50-qemu-system-data.conf" \
	"$CONF/debian-bookworm/50-ipxe-qemu.conf"
D=$T/usr/share/qemu/romresolve.d
I=$T/usr/lib/ipxe/qemu

# Together with qemu-system-data: the embedded default's search path.
cmd list --root "$T"
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $T/usr/share/qemu (<embedded default>:9; max-size $D/50-qemu-system-data.conf:18)
50       256 KiB    -          *              *            $T/usr/share/seabios (<embedded default>:12; max-size $D/50-qemu-system-data.conf:21)
50       256 KiB    -          *              *            $I (<embedded default>:15; max-size $D/50-ipxe-qemu.conf:17)
read: <embedded default>
read: $D/50-ipxe-qemu.conf
read: $D/50-qemu-system-data.conf
END

cmd check --root "$T"
out "0 findings"

for arch_machine in "x86_64 pc-i440fx-7.2" "i386 pc-q35-2.10" "aarch64 virt-7.2" \
	"mips64el malta" "ppc64 pseries-7.2" "riscv64 virt"; do
	set -- $arch_machine
	cmd which efi-e1000.rom --arch "$1" --machine "$2" --root "$T"
	out "$I/efi-e1000.rom"
done

cmd which pxe-eepro100.rom --arch x86_64 --machine pc-i440fx-7.2 --root "$T"
out "$I/pxe-eepro100.rom"

# The ROM BAR is what stock QEMU gives: pow2ceil of 249344 bytes.
cmd explain efi-virtio.rom --arch x86_64 --machine pc-q35-7.2 --root "$T"
out <<END
rom lookup of efi-virtio.rom for x86_64, machine pc-q35-7.2
  $T/usr/share/qemu/efi-virtio.rom: missing
  $T/usr/share/seabios/efi-virtio.rom: missing
  $I/efi-virtio.rom: used
result: $I/efi-virtio.rom (249344 bytes; [dir /usr/lib/ipxe/qemu] from <embedded default>:15; ceiling 256 KiB from $D/50-ipxe-qemu.conf:17; ROM BAR 256 KiB, pow2ceil of the size)
END

# Debian #881263: an iPXE update grows efi-virtio.rom past 256 KiB. The
# build's check says so, and no guest ever loads it.
G=$W/grown
debian_host "$G"
dropin "$G" "$CONF/debian-bookworm/50-qemu-system-data.conf" \
	"$CONF/debian-bookworm/50-ipxe-qemu.conf"
rom "$G/usr/lib/ipxe/qemu/efi-virtio.rom" 307200
cmd check --root "$G"
out <<END
finding: $G/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from $G/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:17
finding: efi-virtio.rom: a device's romfile that does not resolve for any target: no usable efi-virtio.rom for aarch64: $G/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from $G/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:17
2 findings
END
status 1

cmd which efi-virtio.rom --arch x86_64 --machine pc-q35-7.2 --root "$G"
err "romresolve: no usable efi-virtio.rom for x86_64, machine pc-q35-7.2: $G/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from $G/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:17"
status 1

# The admin masks the package's drop-in: the embedded default still declares
# the dir (config v2: a drop-in adds, masking one takes away only what it said).
mkdir -p "$T/etc/qemu/romresolve.d"
ln -s /dev/null "$T/etc/qemu/romresolve.d/50-ipxe-qemu.conf"
cmd list --root "$T" --arch x86_64
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $T/usr/share/qemu (<embedded default>:9; max-size $D/50-qemu-system-data.conf:18)
50       256 KiB    -          *              *            $T/usr/share/seabios (<embedded default>:12; max-size $D/50-qemu-system-data.conf:21)
50       256 KiB    -          *              *            $I (<embedded default>:15)
read: <embedded default>
read: $D/50-qemu-system-data.conf
not read: $D/50-ipxe-qemu.conf masked by $T/etc/qemu/romresolve.d/50-ipxe-qemu.conf
END

# To take the dir out, the admin says so: enabled = no.
printf '[dir /usr/lib/ipxe/qemu]\nenabled = no\n' >"$T/etc/qemu/romresolve.d/60-no-ipxe.conf"
cmd which efi-virtio.rom --arch x86_64 --root "$T"
err "romresolve: efi-virtio.rom not found for x86_64 in $T/usr/share/qemu, $T/usr/share/seabios"
status 1

finish
