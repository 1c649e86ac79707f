#!/bin/sh
# packaging/romresolve-check-build and its meson snippet, on the build tree
# of an iPXE-like ROM package.
# Usage: test-check-build.sh ROMRESOLVE CONFDIR CHECK-BUILD SNIPPET
ROMRESOLVE=$1 CONF=$2 CHECK_BUILD=$3 SNIPPET=$4
. "$(dirname "$0")/lib.sh"
CHECK_BUILD=$(abs "$CHECK_BUILD")
SNIPPET=$(abs "$SNIPPET")
CONF=$(abs "$CONF")

# debian/ipxe-qemu after dh_install, with its drop-in: efi-virtio.rom has
# grown to 300 KiB in a 256 KiB dir.
B=$W/debian/ipxe-qemu
dropin "$B" "$CONF/debian-bookworm/50-ipxe-qemu.conf"
rom "$B/usr/lib/ipxe/qemu/efi-virtio.rom" 307200
rom "$B/usr/lib/ipxe/qemu/efi-e1000.rom" 249856
run_prog "$CHECK_BUILD" --romresolve "$ROMRESOLVE" "$B"
out <<END
finding: $B/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from $B/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:17
1 finding
END
err "romresolve-check-build: $B: findings: this build must not ship"
status 1

# 240 KiB fits.
rom "$B/usr/lib/ipxe/qemu/efi-virtio.rom" 245760
run_prog "$CHECK_BUILD" --romresolve "$ROMRESOLVE" "$B"
out "0 findings"

# Without a drop-in of its own the tree is held to the embedded default:
# Debian's dirs at 256 KiB (a build tree lacks the dirs of other packages:
# not even a note). The 300 KiB file is no option ROM (no 0x55 0xAA): no
# finding.
N=$W/debian/tmp
rom "$N/usr/lib/ipxe/qemu/efi-virtio.rom" 307200
blob "$N/usr/lib/ipxe/qemu/ipxe.efi" 307200
run_prog "$CHECK_BUILD" --romresolve "$ROMRESOLVE" "$N"
out <<END
finding: $N/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
1 finding
END
err "romresolve-check-build: $N: findings: this build must not ship"
status 1

# A drop-in with a typo fails the build too.
printf '[dir /usr/lib/ipxe/qemu]\nmax-size = 300K\n' >"$B/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf"
run_prog "$CHECK_BUILD" --romresolve "$ROMRESOLVE" "$B"
out <<END
finding: $B/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:2: max-size 300K is not a power of two
1 finding
END
err <<END
romresolve: $B/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:2: max-size 300K is not a power of two
romresolve-check-build: $B: findings: this build must not ship
END
status 1

run_prog "$CHECK_BUILD" --romresolve "$ROMRESOLVE" "$W/nonexistent"
err "romresolve-check-build: $W/nonexistent: not a directory"
status 2

# The meson snippet, in a ROM project that installs its drop-in and ROM.
P=$W/rom-project
mkdir -p "$P"
cat >"$P/meson.build" <<END
project('roms', version : '1', meson_version : '>= 0.60')
install_data('efi-virtio.rom', install_dir : get_option('datadir') / 'qemu-roms')
install_data('50-roms.conf', install_dir : get_option('datadir') / 'qemu/romresolve.d')
END
cat "$SNIPPET" >>"$P/meson.build"
printf '[dir /usr/share/qemu-roms]\nmax-size = 256K\n' >"$P/50-roms.conf"
rom "$P/efi-virtio.rom" 307200
PATH=$(dirname "$CHECK_BUILD"):$PATH
export PATH ROMRESOLVE
run_prog meson setup --prefix /usr "$P/build" "$P"
any_out
run_prog meson test -C "$P/build" --suite romresolve
any_out
status 1
run_prog grep -Fx -e "finding: $P/build/romresolve-destdir/usr/share/qemu-roms/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/share/qemu-roms from $P/build/romresolve-destdir/usr/share/qemu/romresolve.d/50-roms.conf:1" \
	-e "romresolve-check-build: $P/build/romresolve-destdir: findings: this build must not ship" \
	"$P/build/meson-logs/testlog.txt"
out <<END
finding: $P/build/romresolve-destdir/usr/share/qemu-roms/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/share/qemu-roms from $P/build/romresolve-destdir/usr/share/qemu/romresolve.d/50-roms.conf:1
romresolve-check-build: $P/build/romresolve-destdir: findings: this build must not ship
END

rom "$P/efi-virtio.rom" 245760
run_prog meson test -C "$P/build" --suite romresolve
any_out

finish
