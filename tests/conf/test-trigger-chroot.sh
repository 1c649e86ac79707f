#!/bin/sh
# The package trigger, as an admin sees it (issue 25): a Debian bookworm
# system in a chroot (debootstrap, with its qemu-system-x86), romresolve's
# .debs installed with dpkg, a baseline saved; then packages change ROMs:
#
#   1. a newer ipxe-qemu (bookworm's, repacked as 5.1+grown1 with
#      efi-virtio.rom grown past 256 KiB, as Debian #881263's iPXE did):
#      the trigger's output names efi-virtio.rom on every machine type of
#      x86_64 and i386, gone;
#   1b. the same grown iPXE (+grown2) with a drop-in that raises the
#      ceiling of its dir, which every target shares, to 512K: the grown ROM
#      is used, and the report names its 512 KiB BAR on every machine type;
#   2. a per-arch ROM package whose drop-in forgets `arch =`: its 400 KiB
#      ROM in /usr/share/qemu-aarch64 comes first for x86_64 guests too;
#      the trigger names the grown BAR;
#   3. `romresolve check --update` takes the change; the next package
#      change reports nothing.
#
# A chroot, not dpkg --root: dpkg runs a package's maintainer scripts
# chrooted into its --root anyway, so the tree needs a working system (a
# shell, romresolve's libraries, the QEMU binary whose machine types the
# baseline records) either way; debootstrap makes that system as a user's
# host is made, and dpkg and apt's "Processing triggers" run in it as
# they run on a host. Root only; skipped (77) without debootstrap.
# Usage: test-trigger-chroot.sh SRCDIR DEBDIR VERSION
SRC=$1 D=$2 version=$3
ROMRESOLVE=/bin/true
. "$(dirname "$0")/lib.sh"
arch=$(dpkg --print-architecture)

if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
	echo "test-trigger-chroot: needs root and debootstrap: skipped"
	exit 77
fi
tarball=$("$SRC/tests/lib/debian-chroot.sh" bookworm libglib2.0-0 qemu-system-x86) || exit 1
debs=$("$SRC/tests/lib/debian-debs.sh" bookworm ipxe-qemu seabios libinih1) || exit 1
C=$W/chroot
mkdir "$C"
tar -C "$C" -xf "$tarball"
# QEMU finds its data dirs through /proc/self/exe.
mount -t proc proc "$C/proc"
trap 'umount "$C/proc" 2>/dev/null; rm -rf "$W"' EXIT
mkdir "$C/debs"
cp $debs "$D/libromresolve1_${version}_$arch.deb" "$D/romresolve_${version}_$arch.deb" "$C/debs/"

in_chroot() { run_prog chroot "$C" env LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# The host: bookworm's QEMU, SeaBIOS and iPXE ROMs (and inih, which the
# library links), then romresolve. (In
# the chroot, the host's name is the machine's: the kernel's.) Its
# first configure says how to keep a baseline.
inih=$(for d in $debs; do case $d in */libinih1_*) basename "$d" ;; esac; done)
in_chroot dpkg -i /debs/ipxe-qemu_1.0.0+git-20190125.36a4c85-5.1_all.deb /debs/seabios_1.16.2-1_all.deb \
	"/debs/$inih"
any_out
in_chroot dpkg -i "/debs/libromresolve1_${version}_$arch.deb" "/debs/romresolve_${version}_$arch.deb"
any_out
err "romresolve: 'romresolve manifest --save' keeps this host's ROM sizes as its baseline: package changes are then checked against it"
in_chroot romresolve check
out "0 findings"
in_chroot romresolve manifest --save
run_prog python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["host"], sorted({e["arch"] for e in d["entries"]}), sorted(q["binary"] for q in d["qemu"]))' \
	"$C/var/lib/romresolve/baseline.json"
out "$(uname -n) ['i386', 'x86_64'] ['/usr/bin/qemu-system-i386', '/usr/bin/qemu-system-x86_64']"

# 1. The grown iPXE.
P=$W/ipxe-qemu-grown
dpkg-deb -R /var/cache/romresolve-tests/apt-bookworm/debs/ipxe-qemu_1.0.0+git-20190125.36a4c85-5.1_all.deb "$P" 2>/dev/null ||
	dpkg-deb -R "$C/debs/ipxe-qemu_1.0.0+git-20190125.36a4c85-5.1_all.deb" "$P"
sed -i 's/^Version: .*/&+grown1/' "$P/DEBIAN/control"
truncate -s 307200 "$P/usr/lib/ipxe/qemu/efi-virtio.rom"
(cd "$P" && find usr -type f -exec md5sum {} + >DEBIAN/md5sums)
dpkg-deb --root-owner-group -b "$P" "$C/debs/ipxe-qemu-grown.deb" >/dev/null
in_chroot dpkg -i /debs/ipxe-qemu-grown.deb
any_out # dpkg's own lines
any_err # the trigger's report, below
cp "$W/out" "$W/dpkg.out"
cp "$W/err" "$W/trigger.err"
# What apt or dpkg shows: the trigger runs after the package, and its
# report names each (arch, machine types, ROM) that changed.
run_prog grep -c '^Processing triggers for romresolve ' "$W/dpkg.out"
out 1
# How many machine types each binary has: what the report names.
machines() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(len({e["machine"] for e in d["entries"] if e["arch"] == sys.argv[2] and e["name"] == "efi-virtio.rom"}))' \
		"$C/var/lib/romresolve/baseline.json" "$1"
}
m=$(machines x86_64)
m32=$(machines i386)
run_prog sed -e "s|/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15|OVER|g" \
	-e 's/ (\([0-9]*\) machine types: [^)]*)/ (\1 machine types)/' \
	-e 's/machine [a-z0-9.-]*:/machine M:/' "$W/trigger.err"
out <<END
romresolve: this host's firmware has findings: guests may not migrate
  finding: OVER
  finding: efi-virtio.rom: a device's romfile that does not resolve for any target: no usable efi-virtio.rom for aarch64: OVER
  finding: efi-virtio.rom, i386 ($m32 machine types): in the baseline, but here: no usable efi-virtio.rom for i386, machine M: OVER
  finding: efi-virtio.rom, x86_64 ($m machine types): in the baseline, but here: no usable efi-virtio.rom for x86_64, machine M: OVER
  $((2 + m + m32)) findings
romresolve: 'romresolve check --update' takes the changes to the baseline if they are meant
romresolve: run 'romresolve check' after fixing them
END
echo "test-trigger-chroot: the trigger's report, as dpkg -i showed it:"
sed 's/^/  | /' "$W/dpkg.out" "$W/trigger.err" | cut -c1-240

# 1b. The grown iPXE with a drop-in that raises its dir's ceiling.
sed -i 's/^Version: .*+grown1$/Version: 1.0.0+git-20190125.36a4c85-5.1+grown2/' "$P/DEBIAN/control"
mkdir -p "$P/usr/share/qemu/romresolve.d"
printf '[dir /usr/lib/ipxe/qemu]\nmax-size = 512K\n' >"$P/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf"
(cd "$P" && find usr -type f -exec md5sum {} + >DEBIAN/md5sums)
dpkg-deb --root-owner-group -b "$P" "$C/debs/ipxe-qemu-grown2.deb" >/dev/null
in_chroot dpkg -i /debs/ipxe-qemu-grown2.deb
any_out
any_err
cp "$W/err" "$W/trigger.err"
run_prog sed -e 's/ (\([0-9]*\) machine types: [^)]*)/ (\1 machine types)/' "$W/trigger.err"
out <<END
romresolve: this host's firmware has findings: guests may not migrate
  finding: efi-virtio.rom, i386 ($m32 machine types): ROM BAR 0x40000 in the baseline, 0x80000 here (/usr/lib/ipxe/qemu/efi-virtio.rom)
  finding: efi-virtio.rom, x86_64 ($m machine types): ROM BAR 0x40000 in the baseline, 0x80000 here (/usr/lib/ipxe/qemu/efi-virtio.rom)
  $((m + m32)) findings
romresolve: 'romresolve check --update' takes the changes to the baseline if they are meant
romresolve: run 'romresolve check' after fixing them
END

# Back to the old iPXE: nothing changed since the baseline, nothing to say.
in_chroot dpkg -i /debs/ipxe-qemu_1.0.0+git-20190125.36a4c85-5.1_all.deb
any_out
err "dpkg: warning: downgrading ipxe-qemu from 1.0.0+git-20190125.36a4c85-5.1+grown2 to 1.0.0+git-20190125.36a4c85-5.1"
cp "$W/out" "$W/dpkg.out"
run_prog grep -c '^Processing triggers for romresolve ' "$W/dpkg.out"
out 1

# 2. A per-arch ROM package whose drop-in has no `arch =`.
P=$W/ipxe-qemu-aarch64
mkdir -p "$P/DEBIAN" "$P/usr/share/qemu-aarch64" "$P/usr/share/qemu/romresolve.d"
cat >"$P/DEBIAN/control" <<END
Package: ipxe-qemu-aarch64
Version: 1.0
Architecture: all
Maintainer: Test <test@example.org>
Description: aarch64 iPXE ROMs (its drop-in forgets arch =)
 A fixture of tests/conf/test-trigger-chroot.sh.
END
printf '\125\252' >"$P/usr/share/qemu-aarch64/efi-virtio.rom"
truncate -s 409600 "$P/usr/share/qemu-aarch64/efi-virtio.rom"
printf '[dir /usr/share/qemu-aarch64]\npriority = 5\nmax-size = 512K\n' \
	>"$P/usr/share/qemu/romresolve.d/50-ipxe-qemu-aarch64.conf"
dpkg-deb --root-owner-group -b "$P" "$C/debs/ipxe-qemu-aarch64.deb" >/dev/null
in_chroot dpkg -i /debs/ipxe-qemu-aarch64.deb
any_out
any_err
cp "$W/err" "$W/trigger.err"
run_prog sed -e 's/ (\([0-9]*\) machine types: [^)]*)/ (\1 machine types)/' "$W/trigger.err"
out <<END
romresolve: this host's firmware has findings: guests may not migrate
  finding: efi-virtio.rom, i386 ($m32 machine types): ROM BAR 0x40000 in the baseline, 0x80000 here (/usr/share/qemu-aarch64/efi-virtio.rom)
  finding: efi-virtio.rom, x86_64 ($m machine types): ROM BAR 0x40000 in the baseline, 0x80000 here (/usr/share/qemu-aarch64/efi-virtio.rom)
  $((m + m32)) findings
romresolve: 'romresolve check --update' takes the changes to the baseline if they are meant
romresolve: run 'romresolve check' after fixing them
END

# 3. Meant after all: --update takes it; the next change is checked
# against the new baseline (removing the package is one: the BARs go back).
in_chroot romresolve check --update
any_out
in_chroot romresolve check
out "0 findings"
in_chroot dpkg -r ipxe-qemu-aarch64
any_out
any_err
cp "$W/err" "$W/trigger.err"
run_prog grep -c 'in the baseline, 0x40000 here' "$W/trigger.err"
out 2

# Purge takes the baseline away with the package.
in_chroot dpkg --purge romresolve
any_out
any_err
run_prog ls "$C/var/lib/romresolve"
err "ls: cannot access '$C/var/lib/romresolve': No such file or directory"
status 2

finish
