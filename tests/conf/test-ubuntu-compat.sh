#!/bin/sh
# conf/ubuntu: Ubuntu's pre-bionic 256 KiB mapping (LP: #1713490) as
# machine-type rules instead of code compiled into QEMU.
# Usage: test-ubuntu-compat.sh ROMRESOLVE CONFDIR
ROMRESOLVE=$1 CONF=$2
. "$(dirname "$0")/lib.sh"

T=$W/host
debian_host "$T"
dropin "$T" "$CONF/debian-bookworm/50-qemu-system-data.conf" \
	"$CONF/ubuntu/50-ipxe-qemu.conf" \
	"$CONF/ubuntu/60-ipxe-qemu-256k-compat-efi-roms.conf"
I=$T/usr/lib/ipxe/qemu
# Ubuntu's iPXE with HTTPS: every efi-*.rom in the 512 KiB bucket...
for n in e1000 e1000e ne2k_pci pcnet rtl8139 virtio vmxnet3; do
	rom "$I/efi-$n.rom" 491520
done
# ...and the pre-bionic build under the compat names, as it was.
for n in e1000 ne2k_pci pcnet rtl8139 virtio; do
	rom "$I/compat-256k-efi-$n.rom" 245760
done
D=$T/usr/share/qemu/romresolve.d
C=$D/60-ipxe-qemu-256k-compat-efi-roms.conf

cmd list --root "$T" --arch x86_64 --machine pc-i440fx-2.10
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $T/usr/share/qemu (<embedded default>:9; max-size $D/50-qemu-system-data.conf:18)
50       256 KiB    -          *              *            $T/usr/share/seabios (<embedded default>:12; max-size $D/50-qemu-system-data.conf:21)
50       512 KiB    -          *              *            $I (<embedded default>:15; max-size $D/50-ipxe-qemu.conf:9)
rule [machine ubuntu-pre-bionic]: max-size -, rom-size 256 KiB ($C:16)
read: <embedded default>
read: $D/50-ipxe-qemu.conf
read: $D/50-qemu-system-data.conf
read: $C
END

cmd check --root "$T"
out "0 findings"

# Up to 2.10, and Ubuntu's named types before bionic: the compat ROM.
for case in "pc-i440fx-2.10 compat-256k-efi-virtio.rom" \
	"pc-q35-2.4 compat-256k-efi-virtio.rom" \
	"pc-1.3 compat-256k-efi-virtio.rom" \
	"pc-i440fx-xenial compat-256k-efi-virtio.rom" \
	"pc-q35-artful compat-256k-efi-virtio.rom" \
	"pc-i440fx-2.11 efi-virtio.rom" \
	"pc-q35-8.2 efi-virtio.rom" \
	"pc-i440fx-bionic efi-virtio.rom" \
	"pc-q35-bionic-hpb efi-virtio.rom"; do
	set -- $case
	cmd which efi-virtio.rom --arch x86_64 --machine "$1" --root "$T"
	out "$I/$2"
done

# No machine type known: no rule applies.
cmd which efi-e1000.rom --arch x86_64 --root "$T"
out "$I/efi-e1000.rom"

cmd explain efi-e1000.rom --arch x86_64 --machine pc-i440fx-zesty --root "$T"
out <<END
rom lookup of efi-e1000.rom for x86_64, machine pc-i440fx-zesty
  rule ubuntu-pre-bionic-named ($C:28) maps it to compat-256k-efi-e1000.rom
  $T/usr/share/qemu/compat-256k-efi-e1000.rom: missing
  $T/usr/share/seabios/compat-256k-efi-e1000.rom: missing
  $I/compat-256k-efi-e1000.rom: used
result: $I/compat-256k-efi-e1000.rom (240 KiB; [dir /usr/lib/ipxe/qemu] from <embedded default>:15; ceiling 256 KiB from $C:28; ROM BAR 256 KiB, pinned by rom-size from $C:28)
END

# The rule's rom-size pins the names it maps only: the VGA BIOS of an old
# guest keeps its 64 KiB.
cmd explain vgabios-stdvga.bin --arch x86_64 --machine pc-i440fx-2.10 --root "$T"
out <<END
rom lookup of vgabios-stdvga.bin for x86_64, machine pc-i440fx-2.10
  $T/usr/share/qemu/vgabios-stdvga.bin: missing
  $T/usr/share/seabios/vgabios-stdvga.bin: used
result: $T/usr/share/seabios/vgabios-stdvga.bin (39 KiB; [dir /usr/share/seabios] from <embedded default>:12; ceiling 256 KiB from $D/50-qemu-system-data.conf:21; ROM BAR 64 KiB, pow2ceil of the size)
END

# Not mapped (Ubuntu has no compat copy): what stock Ubuntu QEMU loads for
# every machine type, its 512 KiB BAR included (a max-size in the rule would
# refuse it: a difference from stock hosts).
cmd which efi-e1000e.rom --arch x86_64 --machine pc-q35-2.10 --root "$T"
out "$I/efi-e1000e.rom"
cmd which efi-e1000e.rom --arch x86_64 --machine pc-q35-2.11 --root "$T"
out "$I/efi-e1000e.rom"

# A missing compat ROM does not let the 480 KiB one in.
rm "$I/compat-256k-efi-pcnet.rom"
cmd which efi-pcnet.rom --arch i386 --machine pc-i440fx-2.8 --root "$T"
err "romresolve: no usable efi-pcnet.rom for i386, machine pc-i440fx-2.8: $I/efi-pcnet.rom: 480 KiB (491520 bytes) is over the 256 KiB ceiling of [machine ubuntu-pre-bionic] from $C:16"
status 1

# A compat ROM past 256 KiB is a finding of the compat package's build.
rom "$I/compat-256k-efi-rtl8139.rom" 266240
cmd check --root "$T"
out <<END
finding: $I/compat-256k-efi-rtl8139.rom: 260 KiB (266240 bytes) is over the 256 KiB ceiling of [machine ubuntu-pre-bionic] from $C:16
finding: $I/compat-256k-efi-rtl8139.rom: 260 KiB (266240 bytes) is over the 256 KiB ceiling of [machine ubuntu-pre-bionic-named] from $C:28
2 findings
END
status 1

# What a pre-bionic guest gets, per machine type: the manifest admins keep.
rom "$I/compat-256k-efi-rtl8139.rom" 245760
cmd manifest --root "$T" --host bionic --machine pc-i440fx-2.10 --machine pc-i440fx-2.11 \
	--name efi-virtio.rom
out <<END
{
  "format" : "romresolve-manifest",
  "version" : 1,
  "host" : "bionic",
  "mode" : "romresolve",
  "entries" : [
    {
      "arch" : "x86_64",
      "machine" : "pc-i440fx-2.10",
      "name" : "efi-virtio.rom",
      "path" : "$I/compat-256k-efi-virtio.rom",
      "size" : 245760,
      "romsize" : 262144,
      "ramblock" : 262144
    },
    {
      "arch" : "x86_64",
      "machine" : "pc-i440fx-2.11",
      "name" : "efi-virtio.rom",
      "path" : "$I/efi-virtio.rom",
      "size" : 491520,
      "romsize" : 524288,
      "ramblock" : 524288
    }
  ]
}
END

finish
