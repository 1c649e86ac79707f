#!/bin/sh
# dh_romresolve (packaging/debhelper) makes each shipped drop-in of conf/
# from a package's debian/PACKAGE.romresolve: installed as
# usr/share/qemu/romresolve.d/NN-PACKAGE.conf, byte for byte, mode 0644,
# then verified and checked with the package's tree; a ROM over the ceiling
# its drop-in sets stops the build. Skipped (77) without debhelper.
# Usage: test-dh-romresolve.sh ROMRESOLVE SRCDIR
ROMRESOLVE=$1 SRC=$2
. "$(dirname "$0")/lib.sh"
SRC=$(abs "$SRC")

if ! perl -MDebian::Debhelper::Dh_Lib -e 1 2>/dev/null || ! command -v dpkg-architecture >/dev/null; then
	echo "test-dh-romresolve: no debhelper (scripts/install-deps test installs it): skipped"
	exit 77
fi

# romresolve and romresolve-check-build as dh_romresolve finds them on PATH.
packaging_path

# source PACKAGE: a source package of that one binary package, in $W/PACKAGE.
source_of() {
	S=$W/$1
	rm -rf "$S"
	mkdir -p "$S/debian"
	cat >"$S/debian/control" <<END
Source: $1
Section: misc
Priority: optional
Maintainer: Test <test@example.org>
Build-Depends: debhelper-compat (= 13), dh-sequence-romresolve
Standards-Version: 4.6.2

Package: $1
Architecture: all
Description: a ROM package of the dh_romresolve test
 A fixture.
END
}

dh_romresolve() {
	(cd "$S" && perl "$SRC/packaging/debhelper/dh_romresolve" "$@")
}

# Every shipped drop-in, as the package it is named after makes it.
for f in "$SRC"/conf/*/[0-9][0-9]-*.conf; do
	base=${f##*/}
	prio=${base%%-*}
	package=${base#??-}
	package=${package%.conf}
	source_of "$package"
	cp "$f" "$S/debian/$package.romresolve"
	run_prog dh_romresolve --priority="$prio"
	any_out # the check's "0 findings"
	run_prog cmp "$f" "$S/debian/$package/usr/share/qemu/romresolve.d/$base"
	run_prog stat -c %a "$S/debian/$package/usr/share/qemu/romresolve.d/$base"
	out 644
done

# Trixie's ipxe-qemu with its ROM: installed, verified, checked; one byte
# over the 256 KiB its drop-in says stops the build.
source_of ipxe-qemu
cp "$SRC/conf/debian-trixie/50-ipxe-qemu.conf" "$S/debian/ipxe-qemu.romresolve"
rom "$S/debian/ipxe-qemu/usr/share/qemu/efi-virtio.rom" 262144
run_prog dh_romresolve -v
out <<END
	install -m0755 -d debian/ipxe-qemu/usr/share/qemu/romresolve.d
	install -p -m0644 debian/ipxe-qemu.romresolve debian/ipxe-qemu/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf
	romresolve verify debian/ipxe-qemu/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf
	romresolve-check-build --romresolve romresolve debian/ipxe-qemu
0 findings
END
rom "$S/debian/ipxe-qemu/usr/share/qemu/efi-virtio.rom" 262145
run_prog dh_romresolve
out <<END
finding: $S/debian/ipxe-qemu/usr/share/qemu/efi-virtio.rom: 262145 bytes is over the 256 KiB ceiling of /usr/share/qemu from $S/debian/ipxe-qemu/usr/share/qemu/romresolve.d/50-ipxe-qemu.conf:19
1 finding
END
err <<END
romresolve-check-build: debian/ipxe-qemu: findings: this build must not ship
dh_romresolve: error: ipxe-qemu: romresolve-check-build found problems (see above): this package must not ship
END
status 25

# A --priority that is no two digits is refused.
run_prog dh_romresolve --priority=5
err "dh_romresolve: error: --priority must be two digits, not '5'"
status 25

finish
