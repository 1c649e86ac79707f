#!/bin/sh
# The Debian packages: source and binaries built with dpkg-buildpackage
# (packaging/build-debs.sh), lintian --pedantic clean (info tags included:
# the overrides say why each exists), installed on this machine with dpkg -i
# and run from /usr/bin, the dpkg trigger fired, the autopkgtests run with
# autopkgtest's null runner. The RPM spec parses (rpmspec -P), names the
# same files, and builds with rpmbuild -bb (with and without %check), with
# Fedora's meson macros from rpm-macros.meson and Fedora's firmware path.
# Packages this test installed are purged at the end; packages that were
# installed before are left upgraded.
# Usage: test-packaging.sh SRCDIR PRINT-ARCHES-SOURCE PRINT-ARCHES
SRC=$1 PRINT_ARCHES_C=$2 PRINT_ARCHES=$3
# The installed romresolve is tested: never the build tree's library.
unset LD_LIBRARY_PATH
ROMRESOLVE=/usr/bin/romresolve
. "$(dirname "$0")/lib.sh"
SRC=$(abs "$SRC")
PRINT_ARCHES_C=$(abs "$PRINT_ARCHES_C")
PRINT_ARCHES=$(abs "$PRINT_ARCHES")

for tool in dpkg-buildpackage dh lintian rpmspec rpmbuild rpm2archive cc pkg-config; do
	if ! command -v "$tool" >/dev/null; then
		echo "test-packaging: no $tool (scripts/install-deps test installs it): skipped"
		exit 77
	fi
done

version=$(dpkg-parsechangelog -l "$SRC/packaging/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
D=$W/debs

# The nocheck profile and option: the test suites are not the point here
# (and their unit tests read this host's config dirs), and it shows that a
# nocheck build needs no cmocka.
run_prog env DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" "$SRC/packaging/build-debs.sh" "$D" -- -Pnocheck
upstream=${version%-*}
out <<END
$D/dh-romresolve_${version}_all.deb
$D/libromresolve-dev_${version}_$arch.deb
$D/libromresolve1-dbgsym_${version}_$arch.deb
$D/libromresolve1_${version}_$arch.deb
$D/romresolve-dbgsym_${version}_$arch.deb
$D/romresolve_${version}_$arch.deb
$D/romresolve_$version.dsc
$D/romresolve_$version.debian.tar.xz
$D/romresolve_$upstream.orig.tar.xz
$D/romresolve_${version}_$arch.buildinfo
$D/romresolve_${version}_$arch.changes
END
err "build-debs: building romresolve $version"
if [ "$(cat "$W/status")" != 0 ]; then
	tail -n 60 "$D/build.log"
	finish
	exit 1
fi

# Not one tag, pedantic and info included, on the source and every binary
# (each override says why it exists: docs/packagers.md lists them).
run_prog lintian --pedantic -I --fail-on error,warning,info,pedantic \
	"$D/romresolve_${version}_$arch.changes"
if [ "$(id -u)" = 0 ]; then
	err "running with root privileges is not recommended!"
fi

# A nocheck build needs no cmocka: the profile drops it, and -Dtests=disabled
# makes meson look for none.
run_prog grep -c '^Message: tests: not built (-Dtests=disabled' "$D/build.log"
out 1
run_prog grep -c '^ *libcmocka-dev <!nocheck>,$' "$SRC/packaging/debian/control"
out 1
run_prog meson setup "$W/nocheck" "$SRC" -Dtests=disabled
any_out
run_prog sh -c "meson introspect --dependencies '$W/nocheck' | python3 -c 'import json, sys; print(sorted(d[\"name\"] for d in json.load(sys.stdin) if not d[\"name\"].startswith(\"dep\")))'"
out "['glib-2.0', 'inih']"

# The version of the packages is the project's.
run_prog sed -n "s/^  version : '\\(.*\\)',\$/\\1/p" "$SRC/meson.build"
out "${version%-*}"

# The RPM spec parses, and ships what the .debs ship.
run_prog rpmspec -P "$SRC/packaging/rpm/romresolve.spec"
any_out
rpmspec -P "$SRC/packaging/rpm/romresolve.spec" >"$W/spec" 2>/dev/null
run_prog python3 "$(dirname "$0")/compare-files.py" "$W/spec" "$multiarch" \
	"$D/libromresolve1_${version}_$arch.deb" "$D/libromresolve-dev_${version}_$arch.deb" \
	"$D/romresolve_${version}_$arch.deb"
out "36 files in 3 packages: the same in the spec"

# rpmbuild -bb, Fedora's way: its meson macros, its firmware path, the
# tarball `meson dist` would make (the .orig.tar.xz is that tree).
R=$W/rpmbuild
mkdir -p "$R/SOURCES"
cp "$D/romresolve_$upstream.orig.tar.xz" "$R/SOURCES/romresolve-$upstream.tar.xz"
rpmbuild_spec() {
	rm -rf "$R/RPMS" "$R/BUILD"
	rpmbuild -bb --nodeps --define "_topdir $R" --load "$(dirname "$0")/rpm-macros.meson" \
		"$@" "$SRC/packaging/rpm/romresolve.spec" >"$R/log" 2>&1 || { tail -n 40 "$R/log"; return 1; }
	(cd "$R/RPMS" && ls */*.rpm)
}
rpm_arch=$(rpm --eval '%{_arch}')
run_prog rpmbuild_spec --without check
out <<END
$rpm_arch/romresolve-$upstream-1.$rpm_arch.rpm
$rpm_arch/romresolve-devel-$upstream-1.$rpm_arch.rpm
$rpm_arch/romresolve-libs-$upstream-1.$rpm_arch.rpm
END
run_prog grep -c -e '^Message: tests: not built (-Dtests=disabled' -e 'meson test' "$R/log"
out 1
# The packages own the data dir and the drop-in dirs; the licenses go along.
run_prog sh -c "rpm -qlp '$R/RPMS/$rpm_arch/romresolve-$upstream-1.$rpm_arch.rpm' '$R/RPMS/$rpm_arch/romresolve-libs-$upstream-1.$rpm_arch.rpm' | grep -e romresolve.d -e 'share/romresolve\$' -e /licenses/"
out <<END
/etc/qemu/romresolve.d
/usr/share/licenses/romresolve-$upstream
/usr/share/licenses/romresolve-$upstream/COPYING
/usr/share/qemu/romresolve.d
/usr/share/romresolve
/usr/share/licenses/romresolve-libs-$upstream
/usr/share/licenses/romresolve-libs-$upstream/COPYING.LIB
END
# The file triggers: after a transaction that touched a ROM or drop-in dir,
# the check against the host's baseline (what dpkg's trigger does).
run_prog sh -c "rpm -qp --filetriggers '$R/RPMS/$rpm_arch/romresolve-$upstream-1.$rpm_arch.rpm' | sort -u"
cp "$W/out" "$W/filetriggers"
out <<END
/usr/libexec/romresolve/romresolve-trigger || :
transfiletriggerin scriptlet (using /bin/sh) -- /etc/qemu/romresolve.d, /usr/share/ipxe, /usr/share/qemu, /usr/share/seabios, /usr/share/seavgabios
transfiletriggerpostun scriptlet (using /bin/sh) -- /etc/qemu/romresolve.d, /usr/share/ipxe, /usr/share/qemu, /usr/share/seabios, /usr/share/seavgabios
END
# Fedora's QEMU search path is the embedded default.
mkdir "$W/fedora"
for r in "$R/RPMS/$rpm_arch"/*.rpm; do rpm2archive - <"$r" | tar -C "$W/fedora" -xzf -; done
run_prog env LD_LIBRARY_PATH="$W/fedora/usr/lib64" "$W/fedora/usr/bin/romresolve" list --qemu none --root "$W/fedora"
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $W/fedora/usr/share/qemu-firmware (<embedded default>:9)
50       256 KiB    -          *              *            $W/fedora/usr/share/ipxe/qemu (<embedded default>:12)
50       256 KiB    -          *              *            $W/fedora/usr/share/seavgabios (<embedded default>:15)
50       256 KiB    -          *              *            $W/fedora/usr/share/seabios (<embedded default>:18)
50       256 KiB    -          *              *            $W/fedora/usr/share/qemu (<embedded default>:21)
read: <embedded default>
END
# With %check (the default): the test suites run inside rpmbuild. Their unit
# test test_user_config_dir reads this host's /etc/qemu/romresolve.d and
# /usr/share/qemu/romresolve.d: skipped while another test has a drop-in there.
host_dropins=$(ls /etc/qemu/romresolve.d/*.conf /usr/share/qemu/romresolve.d/*.conf 2>/dev/null || true)
if [ -n "$host_dropins" ]; then
	echo "test-packaging: drop-ins on this host ($host_dropins): rpmbuild with %check not run"
elif pkg-config --exists cmocka; then
	run_prog rpmbuild_spec
	any_out
	# (The unit tests read the real /etc/qemu/romresolve.d too: a drop-in
	# there, left by another test running now, fails them.)
	[ "$(cat "$W/status")" = 0 ] || grep -E ' FAIL |FAILED|^error' "$R/log" || true
	run_prog sh -c "grep -c -e '^Ok: *[1-9]' -e '^Fail: *0 *\$' -e '/check-root/usr/share/qemu-firmware (' '$R/log'"
	out 3
fi

if [ "$(id -u)" != 0 ]; then
	finish
	echo "test-packaging: not root: the packages were not installed: skipped"
	exit 77
fi

# ---- a host with a baseline, in a chroot ----

# The trigger as an admin sees it: bookworm in a chroot, these .debs and a
# saved baseline, then ROM packages that change guest-visible sizes
# (test-trigger-chroot.sh says what and why a chroot).
run_prog sh "$(dirname "$0")/test-trigger-chroot.sh" "$SRC" "$D" "$version"
any_out
if [ "$(cat "$W/status")" = 77 ]; then
	status 77
	echo "test-packaging: $(cat "$W/out")"
fi
[ "$(cat "$W/status")" = 0 ] || [ "$(cat "$W/status")" = 77 ] || cat "$W/out"

# ---- installed ----

packages="romresolve-test-trigger dh-romresolve romresolve libromresolve-dev libromresolve1"
installed_before=
for p in $packages; do
	if dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q ' installed$'; then
		installed_before="$installed_before $p"
	fi
done
purge() {
	remove=
	for p in $packages; do
		case " $installed_before " in
		*" $p "*) ;;
		*) remove="$remove $p" ;;
		esac
	done
	[ -z "$remove" ] || dpkg --purge $remove >/dev/null
}
trap 'purge; rm -rf "$W"' EXIT

run_prog dpkg -i "$D/libromresolve1_${version}_$arch.deb" \
	"$D/libromresolve-dev_${version}_$arch.deb" "$D/romresolve_${version}_$arch.deb" \
	"$D/dh-romresolve_${version}_all.deb"
any_out
any_err

# romresolve owns the drop-in dirs, and watches them and the firmware dirs.
run_prog dpkg-query -S /etc/qemu/romresolve.d /usr/share/qemu/romresolve.d
out <<END
romresolve: /etc/qemu/romresolve.d
romresolve: /usr/share/qemu/romresolve.d
END
run_prog sh -c "grep ' romresolve/noawait\$' /var/lib/dpkg/triggers/File | sort"
out <<END
/etc/qemu/romresolve.d romresolve/noawait
/usr/lib/ipxe/qemu romresolve/noawait
/usr/share/qemu romresolve/noawait
/usr/share/qemu-aarch64 romresolve/noawait
/usr/share/qemu-loongarch64 romresolve/noawait
/usr/share/qemu-riscv64 romresolve/noawait
/usr/share/qemu/romresolve.d romresolve/noawait
/usr/share/seabios romresolve/noawait
END
# A package that installs into a watched dir fires the trigger. (Its file is
# no *.conf: the drop-ins of this host do not change.)
P=$W/romresolve-test-trigger
mkdir -p "$P/DEBIAN" "$P/usr/share/qemu/romresolve.d"
echo "romresolve's packaging test" >"$P/usr/share/qemu/romresolve.d/README.romresolve-test-trigger"
cat >"$P/DEBIAN/control" <<END
Package: romresolve-test-trigger
Version: 1.0
Architecture: all
Maintainer: Test <test@example.org>
Description: fires romresolve's trigger
 A fixture of tests/conf/test-packaging.sh.
END
dpkg-deb --root-owner-group -b "$P" "$W/trigger.deb" >/dev/null
run_prog sh -c "dpkg -i '$W/trigger.deb' | grep -c '^Processing triggers for romresolve '"
out 1
any_err # what this host's check finds, if anything
# What the trigger runs reports findings and never fails: the installed
# postinst, with a romresolve that checks a fixture tree instead of the host.
H=$W/trigger-host
# Every romfile of the built-in device table is there; efi-virtio.rom grew.
for name in efi-e1000.rom efi-e1000e.rom pxe-eepro100.rom efi-ne2k_pci.rom efi-pcnet.rom \
	efi-rtl8139.rom efi-vmxnet3.rom vgabios-stdvga.bin vgabios-virtio.bin vgabios-qxl.bin \
	vgabios-vmware.bin vgabios-ati.bin vgabios-cirrus.bin vgabios-bochs-display.bin; do
	rom "$H/usr/lib/ipxe/qemu/$name" 65536
done
rom "$H/usr/lib/ipxe/qemu/efi-virtio.rom" 307200
mkdir -p "$W/shim"
printf '#!/bin/sh\nexec /usr/bin/romresolve "$@" --root %s\n' "$H" >"$W/shim/romresolve"
chmod +x "$W/shim/romresolve"
run_prog env PATH="$W/shim:$PATH" sh /var/lib/dpkg/info/romresolve.postinst triggered /usr/lib/ipxe/qemu
err <<END
romresolve: this host's firmware has findings: guests may not migrate
  finding: $H/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
  finding: efi-virtio.rom: a device's romfile that does not resolve for any target: no usable efi-virtio.rom for aarch64: $H/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
  2 findings
romresolve: run 'romresolve check' after fixing them
END
printf '#!/bin/sh\nexit 2\n' >"$W/shim/romresolve"
run_prog env PATH="$W/shim:$PATH" sh /var/lib/dpkg/info/romresolve.postinst triggered /usr/lib/ipxe/qemu
err <<END
romresolve: 'romresolve check' failed (exit status 2):
  
END

# Debian's ipxe-qemu and the embedded default (no drop-in on this host).
run_prog /usr/bin/romresolve which efi-e1000.rom --arch x86_64
out /usr/lib/ipxe/qemu/efi-e1000.rom

run_prog /usr/bin/romresolve --version
out "romresolve ${version%-*}"

# The packaged command is built with -Dstatic_command=true (debian/rules,
# docs/performance.md): it loads libc only, and the package says what went
# into it.
run_prog sh -c 'readelf -d /usr/bin/romresolve | sed -n "s/.*(NEEDED).*\[\(.*\)\]$/\1/p"'
out libc.so.6
run_prog sh -c "dpkg-query -Wf '\${Built-Using}\n' romresolve | tr ',' '\n' | sed 's/ (.*//; s/^ //' | sort"
out "glib2.0
libinih
pcre2"

# A program built against libromresolve-dev, the installed way.
run_prog sh -c "cc -o '$W/print-arches' '$PRINT_ARCHES_C' \$(pkg-config --cflags --libs romresolve)"
"$PRINT_ARCHES" >"$W/arches"
run_prog "$W/print-arches"
out <"$W/arches"

# (Container images often tell dpkg not to install man pages at all.)
if grep -qs '^path-exclude=* */usr/share/man' /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/*; then
	echo "test-packaging: dpkg excludes /usr/share/man here: man pages not looked for"
else
	run_prog man -w romresolve romresolve.conf romresolve-check-build
	out <<END
/usr/share/man/man1/romresolve.1.gz
/usr/share/man/man5/romresolve.conf.5.gz
/usr/share/man/man1/romresolve-check-build.1.gz
END
fi

run_prog cmp /usr/share/bash-completion/completions/romresolve "$SRC/completion/romresolve.bash"

# The helper, from /usr/bin, on a ROM package's tree.
B=$W/debian/ipxe-qemu
rom "$B/usr/lib/ipxe/qemu/efi-virtio.rom" 307200
mkdir -p "$B/usr/share/qemu" "$B/usr/share/seabios"
run_prog /usr/bin/romresolve-check-build --romresolve /usr/bin/romresolve "$B"
out <<END
finding: $B/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
1 finding
END
err "romresolve-check-build: $B: findings: this build must not ship"
status 1


# The autopkgtests (debian/tests), on these packages, on this machine.
if command -v autopkgtest >/dev/null; then
	run_prog sh -c "autopkgtest -B -o '$W/autopkgtest' '$D/romresolve_$version.dsc' \
		'$D/libromresolve1_${version}_$arch.deb' '$D/libromresolve-dev_${version}_$arch.deb' \
		'$D/romresolve_${version}_$arch.deb' '$D/dh-romresolve_${version}_all.deb' -- null >/dev/null 2>&1; \
		status=\$?; cat '$W/autopkgtest/summary'; exit \$status"
	out <<END
consumer             PASS
cli                  PASS
dh-romresolve        PASS
END
else
	echo "test-packaging: no autopkgtest (scripts/install-deps test installs it): not run"
fi

finish
