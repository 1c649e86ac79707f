#!/bin/sh
# conf/ipxe-qemu-multiarch: per-arch ROM dirs beside the x86 ROMs (#1095073).
# Usage: test-ipxe-qemu-multiarch.sh ROMRESOLVE CONFDIR
ROMRESOLVE=$1 CONF=$2
. "$(dirname "$0")/lib.sh"

T=$W/host
debian_host "$T"
dropin "$T" "$CONF/debian-bookworm/50-qemu-system-data.conf" \
	"$CONF/debian-bookworm/50-ipxe-qemu.conf" \
	"$CONF/ipxe-qemu-multiarch/50-ipxe-qemu-multiarch.conf"
# Per-arch ROMs with a UEFI driver for their target, past 256 KiB. The
# aarch64 package has no efi-vmxnet3.rom.
rom "$T/usr/share/qemu-aarch64/efi-virtio.rom" 368640
rom "$T/usr/share/qemu-aarch64/efi-e1000.rom" 358400
rom "$T/usr/share/qemu-riscv64/efi-virtio.rom" 389120
rom "$T/usr/share/qemu-loongarch64/efi-virtio.rom" 409600
D=$T/usr/share/qemu/romresolve.d
M=$D/50-ipxe-qemu-multiarch.conf
I=$T/usr/lib/ipxe/qemu

cmd list --root "$T" --arch aarch64 --machine virt-10.0
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
5        512 KiB    -          aarch64        *            $T/usr/share/qemu-aarch64 ($M:14)
50       256 KiB    -          *              *            $T/usr/share/qemu (<embedded default>:9; max-size $D/50-qemu-system-data.conf:18)
50       256 KiB    -          *              *            $T/usr/share/seabios (<embedded default>:12; max-size $D/50-qemu-system-data.conf:21)
50       256 KiB    -          *              *            $I (<embedded default>:15; max-size $D/50-ipxe-qemu.conf:17)
rule [machine ipxe-multiarch-aarch64-before]: max-size 256 KiB, rom-size - ($M:37)
read: <embedded default>
read: $D/50-ipxe-qemu-multiarch.conf
read: $D/50-ipxe-qemu.conf
read: $D/50-qemu-system-data.conf
END

cmd check --root "$T"
out "0 findings"

# New aarch64 guests get the aarch64 ROM, and a 512 KiB BAR.
cmd explain efi-virtio.rom --arch aarch64 --machine virt-10.1 --root "$T"
out <<END
rom lookup of efi-virtio.rom for aarch64, machine virt-10.1
  $T/usr/share/qemu-aarch64/efi-virtio.rom: used
result: $T/usr/share/qemu-aarch64/efi-virtio.rom (360 KiB; [dir /usr/share/qemu-aarch64] from $M:14; ceiling 512 KiB from $M:14; ROM BAR 512 KiB, pow2ceil of the size)
END

# Guests of the machine types that existed before keep the x86 ROM and their
# 256 KiB BAR: the rule's ceiling passes over the aarch64 ROM.
cmd explain efi-virtio.rom --arch aarch64 --machine virt-10.0 --root "$T"
out <<END
rom lookup of efi-virtio.rom for aarch64, machine virt-10.0
  $T/usr/share/qemu-aarch64/efi-virtio.rom: 360 KiB (368640 bytes) is over the 256 KiB ceiling of [machine ipxe-multiarch-aarch64-before] from $M:37
  $T/usr/share/qemu/efi-virtio.rom: missing
  $T/usr/share/seabios/efi-virtio.rom: missing
  $I/efi-virtio.rom: used
result: $I/efi-virtio.rom (249344 bytes; [dir /usr/lib/ipxe/qemu] from <embedded default>:15; ceiling 256 KiB from $M:37; ROM BAR 256 KiB, pow2ceil of the size)
END

for case in "virt-2.12 $I/efi-e1000.rom" "virt-9.2 $I/efi-e1000.rom" \
	"virt-10.1 $T/usr/share/qemu-aarch64/efi-e1000.rom" \
	"virt-11.0 $T/usr/share/qemu-aarch64/efi-e1000.rom" \
	"sbsa-ref $T/usr/share/qemu-aarch64/efi-e1000.rom"; do
	set -- $case
	cmd which efi-e1000.rom --arch aarch64 --machine "$1" --root "$T"
	out "$2"
done

# A name the aarch64 package lacks: the x86 ROM, as before.
cmd which efi-vmxnet3.rom --arch aarch64 --machine virt-10.1 --root "$T"
out "$I/efi-vmxnet3.rom"

# riscv64 and loongarch64: unversioned machine types, their own ROMs.
cmd which efi-virtio.rom --arch riscv64 --machine virt --root "$T"
out "$T/usr/share/qemu-riscv64/efi-virtio.rom"
cmd which efi-virtio.rom --arch loongarch64 --machine virt --root "$T"
out "$T/usr/share/qemu-loongarch64/efi-virtio.rom"
cmd which efi-e1000.rom --arch riscv64 --machine virt --root "$T"
out "$I/efi-e1000.rom"

# x86 never sees the per-arch dirs.
cmd which efi-virtio.rom --arch x86_64 --machine pc-q35-10.1 --root "$T"
out "$I/efi-virtio.rom"

# Rules apply only when the machine type is known.
cmd which efi-virtio.rom --arch aarch64 --root "$T"
out "$T/usr/share/qemu-aarch64/efi-virtio.rom"

# The VGA BIOS of an old aarch64 guest keeps its 64 KiB BAR.
cmd explain vgabios-virtio.bin --arch aarch64 --machine virt-7.2 --root "$T"
out <<END
rom lookup of vgabios-virtio.bin for aarch64, machine virt-7.2
  $T/usr/share/qemu-aarch64/vgabios-virtio.bin: missing
  $T/usr/share/qemu/vgabios-virtio.bin: missing
  $T/usr/share/seabios/vgabios-virtio.bin: used
result: $T/usr/share/seabios/vgabios-virtio.bin (39 KiB; [dir /usr/share/seabios] from <embedded default>:12; ceiling 256 KiB from $M:37; ROM BAR 64 KiB, pow2ceil of the size)
END

# A per-arch ROM past its own ceiling is a finding of the package build.
B=$W/build-tree
dropin "$B" "$CONF/ipxe-qemu-multiarch/50-ipxe-qemu-multiarch.conf"
rom "$B/usr/share/qemu-aarch64/efi-virtio.rom" 614400
rom "$B/usr/share/qemu-riscv64/efi-virtio.rom" 389120
cmd check --package --root "$B"
out <<END
finding: $B/usr/share/qemu-aarch64/efi-virtio.rom: 600 KiB (614400 bytes) is over the 512 KiB ceiling of /usr/share/qemu-aarch64 from $B/usr/share/qemu/romresolve.d/50-ipxe-qemu-multiarch.conf:14
note: $B/usr/share/qemu-loongarch64: does not exist on this host (configured at $B/usr/share/qemu/romresolve.d/50-ipxe-qemu-multiarch.conf:24)
1 finding
END
status 1

finish
