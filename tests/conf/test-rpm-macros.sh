#!/bin/sh
# The RPM macros (packaging/rpm/macros.romresolve) make each shipped drop-in
# of conf/ from a spec's source: %romresolve_install_dropin installs it as
# %{romresolve_dropindir}/NN-PACKAGE.conf byte for byte and verifies it, and
# %romresolve_check_build fails an rpmbuild whose ROM is over that drop-in's
# ceiling. Skipped (77) without rpm and rpmbuild.
# Usage: test-rpm-macros.sh ROMRESOLVE SRCDIR
ROMRESOLVE=$1 SRC=$2
. "$(dirname "$0")/lib.sh"
SRC=$(abs "$SRC")
MACROS=$SRC/packaging/rpm/macros.romresolve

if ! command -v rpm >/dev/null || ! command -v rpmbuild >/dev/null; then
	echo "test-rpm-macros: no rpm and rpmbuild (scripts/install-deps test installs them): skipped"
	exit 77
fi
packaging_path

# Every shipped drop-in, as its package's spec makes it.
for f in "$SRC"/conf/*/[0-9][0-9]-*.conf; do
	base=${f##*/}
	prio=${base%%-*}
	package=${base#??-}
	package=${package%.conf}
	B=$W/root-$package
	rpm --load "$MACROS" --define "buildroot $B" \
		--eval "%romresolve_install_dropin $f $package $prio" >"$W/script"
	run_prog sh -e "$W/script"
	run_prog cmp "$f" "$B/usr/share/qemu/romresolve.d/$base"
	run_prog stat -c %a "$B/usr/share/qemu/romresolve.d/$base"
	out 644
done

# A Fedora-like ipxe spec: its subpackage ipxe-roms-qemu installs its
# drop-in and its EFI ROM (the link QEMU's name is, into /usr/share/ipxe.efi)
# and checks the build root.
R=$W/rpmbuild
mkdir -p "$R/SOURCES"
cp "$SRC/conf/fedora/50-ipxe-roms-qemu.conf" "$R/SOURCES/"
cat >"$W/ipxe.spec" <<'END'
Name:    ipxe
Version: 2.0.0
Release: 1
Summary: a fixture of test-rpm-macros.sh
License: GPL-2.0-only
BuildArch: noarch
Source0: 50-ipxe-roms-qemu.conf
%description
A fixture.
%package roms-qemu
Summary: the ROMs
%description roms-qemu
A fixture.
%install
mkdir -p %{buildroot}%{_datadir}/ipxe.efi %{buildroot}%{_datadir}/ipxe/qemu
printf '\125\252' >%{buildroot}%{_datadir}/ipxe.efi/1af41000.rom
truncate -s %{romsize} %{buildroot}%{_datadir}/ipxe.efi/1af41000.rom
ln -s ../../ipxe.efi/1af41000.rom %{buildroot}%{_datadir}/ipxe/qemu/efi-virtio.rom
%romresolve_install_dropin %{SOURCE0} ipxe-roms-qemu
%romresolve_check_build
%files roms-qemu
%{_datadir}/ipxe.efi/1af41000.rom
%{_datadir}/ipxe/qemu/efi-virtio.rom
%{romresolve_dropindir}/50-ipxe-roms-qemu.conf
END
rpmbuild_ipxe() {
	rm -rf "$R/RPMS" "$R/BUILD" "$R/BUILDROOT"
	rpmbuild -bb --nodeps --define "_topdir $R" --load "$MACROS" --define "romsize $1" \
		"$W/ipxe.spec" >"$R/log" 2>&1
	status=$?
	grep -e '^finding' -e 'findings\?$' -e 'must not ship' "$R/log"
	[ $status = 0 ] && (cd "$R/RPMS" && ls */*.rpm && rpm -qlp */*.rpm | grep romresolve.d)
	return $status
}
run_prog rpmbuild_ipxe 262144
out <<END
0 findings
noarch/ipxe-roms-qemu-2.0.0-1.noarch.rpm
/usr/share/qemu/romresolve.d/50-ipxe-roms-qemu.conf
END
# Installed into a tree with an rpm database, explain names the package of
# each candidate (rpm -qf), the link QEMU's name is and the file behind it.
H=$W/fedora-host
run_prog rpm --root "$H" --dbpath /usr/lib/sysimage/rpm --initdb
run_prog rpm --root "$H" --dbpath /usr/lib/sysimage/rpm -i --nodeps --noscripts \
	"$R/RPMS/noarch/ipxe-roms-qemu-2.0.0-1.noarch.rpm"
any_err # (Debian's rpm says to use alien)
# (rpm on PATH, no QEMU binary: the build's dirs and the drop-in's.)
mkdir "$W/rpm-only"
ln -s "$(command -v rpm)" "$W/rpm-only/rpm"
QEMU_PATH=$W/no-qemu:$W/rpm-only
cmd explain efi-virtio.rom --arch x86_64 --root "$H"
out <<END
rom lookup of efi-virtio.rom for x86_64
  $H/usr/share/qemu/efi-virtio.rom: missing
  $H/usr/share/seabios/efi-virtio.rom: missing
  $H/usr/lib/ipxe/qemu/efi-virtio.rom: missing
  $H/usr/share/ipxe/qemu/efi-virtio.rom: used (package ipxe-roms-qemu)
result: $H/usr/share/ipxe/qemu/efi-virtio.rom (256 KiB; [dir /usr/share/ipxe/qemu] from $H/usr/share/qemu/romresolve.d/50-ipxe-roms-qemu.conf:15; ceiling 256 KiB from $H/usr/share/qemu/romresolve.d/50-ipxe-roms-qemu.conf:15; ROM BAR 256 KiB, pow2ceil of the size)
END

# One byte more: a 512 KiB BAR for every guest. The build stops.
run_prog rpmbuild_ipxe 262145
# (rpm names the build root after the build's arch or the package's.)
BR=$(ls -d "$R"/BUILDROOT/ipxe-2.0.0-1.*)
out <<END
finding: $BR/usr/share/ipxe/qemu/efi-virtio.rom: 262145 bytes is over the 256 KiB ceiling of /usr/share/ipxe/qemu from $BR/usr/share/qemu/romresolve.d/50-ipxe-roms-qemu.conf:15
1 finding
romresolve-check-build: $BR: findings: this build must not ship
END
status 1

finish
