#!/bin/sh
# The Debian packages: built with dpkg-buildpackage (packaging/build-debs.sh),
# clean for lintian (no E: or W:), installed on this machine with dpkg -i and
# run from /usr/bin; the RPM spec parses (rpmspec -P) and names the same
# files. Packages this test installed are purged at the end; packages that
# were installed before are left upgraded.
# Usage: test-packaging.sh SRCDIR PRINT-ARCHES-SOURCE PRINT-ARCHES
SRC=$1 PRINT_ARCHES_C=$2 PRINT_ARCHES=$3
# The installed romresolve is tested: never the build tree's library.
unset LD_LIBRARY_PATH
ROMRESOLVE=/usr/bin/romresolve
. "$(dirname "$0")/lib.sh"
SRC=$(abs "$SRC")
PRINT_ARCHES_C=$(abs "$PRINT_ARCHES_C")
PRINT_ARCHES=$(abs "$PRINT_ARCHES")

for tool in dpkg-buildpackage dh fakeroot lintian rpmspec cc pkg-config; do
	if ! command -v "$tool" >/dev/null; then
		echo "test-packaging: no $tool (scripts/install-deps test installs it): skipped"
		exit 77
	fi
done

version=$(dpkg-parsechangelog -l "$SRC/packaging/debian/changelog" -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
D=$W/debs

run_prog "$SRC/packaging/build-debs.sh" "$D"
out <<END
$D/libromresolve-dev_${version}_$arch.deb
$D/libromresolve0-dbgsym_${version}_$arch.deb
$D/libromresolve0_${version}_$arch.deb
$D/romresolve-dbgsym_${version}_$arch.deb
$D/romresolve_${version}_$arch.deb
$D/romresolve_${version}_$arch.buildinfo
$D/romresolve_${version}_$arch.changes
END
err "build-debs: building romresolve $version"
if [ "$(cat "$W/status")" != 0 ]; then
	tail -n 60 "$D/build.log"
	finish
	exit 1
fi

# Not one error or warning (the overrides say why they exist).
run_prog lintian --fail-on error,warning "$D/romresolve_${version}_$arch.changes"
if [ "$(id -u)" = 0 ]; then
	err "running with root privileges is not recommended!"
fi

# The version of the packages is the project's.
run_prog sed -n "s/^  version : '\\(.*\\)',\$/\\1/p" "$SRC/meson.build"
out "${version%-*}"

# The RPM spec parses, and ships what the .debs ship.
run_prog rpmspec -P "$SRC/packaging/rpm/romresolve.spec"
any_out
rpmspec -P "$SRC/packaging/rpm/romresolve.spec" >"$W/spec" 2>/dev/null
run_prog python3 "$(dirname "$0")/compare-files.py" "$W/spec" "$multiarch" \
	"$D/libromresolve0_${version}_$arch.deb" "$D/libromresolve-dev_${version}_$arch.deb" \
	"$D/romresolve_${version}_$arch.deb"
out "12 files in 3 packages: the same in the spec"

if [ "$(id -u)" != 0 ]; then
	finish
	echo "test-packaging: not root: the packages were not installed: skipped"
	exit 77
fi

# ---- installed ----

packages="romresolve libromresolve-dev libromresolve0"
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

run_prog dpkg -i "$D/libromresolve0_${version}_$arch.deb" \
	"$D/libromresolve-dev_${version}_$arch.deb" "$D/romresolve_${version}_$arch.deb"
any_out
any_err

# Debian's ipxe-qemu and the embedded default (no drop-in on this host).
run_prog /usr/bin/romresolve which efi-e1000.rom --arch x86_64
out /usr/lib/ipxe/qemu/efi-e1000.rom

run_prog /usr/bin/romresolve --version
out "romresolve ${version%-*}"

# It runs with the installed library (/lib may be /usr/lib: compare real paths).
run_prog sh -c 'readlink -f $(ldd /usr/bin/romresolve | sed -n "s/^\tlibromresolve.so.0 => \([^ ]*\) .*/\1/p")'
out "$(readlink -f "/usr/lib/$multiarch/libromresolve.so.0")"

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
finding: $B/usr/lib/ipxe/qemu/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:14
1 finding
END
err "romresolve-check-build: $B: findings: this build must not ship"
status 1

finish
