#!/bin/sh
# fake-install.sh - install a QEMU build dir's binaries into a fake prefix, as
# a relocatable install: QEMU then takes its data dir, --firmwarepath and
# sysconfdir (and so its romresolve.d dirs) relative to where the binary is,
# and reads nothing of the host's /etc/qemu or /usr/share/qemu romresolve.d.
#
# Usage: qemu-integration/fake-install.sh [--bare] BUILD_DIR DEST
#   --bare  QEMU's data dir stays empty (the caller gives firmware with -L or
#           the romresolve config)
#
# DEST gets, for the prefix P the build was configured with (/usr/local by
# default):
#   DEST/P/bin/qemu-system-*         hard links to BUILD_DIR's binaries (copies
#                                    when DEST is on another file system)
#   DEST/P/share/qemu/               QEMU's data dir: a link to each file of
#                                    Debian's /usr/share/qemu, /usr/share/seabios
#                                    and /usr/lib/ipxe/qemu (Debian's
#                                    FIRMWAREPATH; the first of a name wins), as
#                                    a distribution that assembles its data dir
#                                    from other packages' files does
#   DEST/P/etc/qemu/romresolve.d/    the admin's config dir (empty)
# and prints shell assignments: bindir=, datadir=, confdir= (the config dir
# QEMU reads for the host, romresolve.d included), pkgconfdir= (romresolve.d
# of the data dir, for packages).
set -eu

die() { echo "fake-install: $*" >&2; exit 2; }
bare=0
if [ "${1:-}" = --bare ]; then
	bare=1
	shift
fi
[ $# -eq 2 ] || die "usage: $0 [--bare] BUILD_DIR DEST"
build=$1 dest=$2
h=$build/config-host.h
[ -f "$h" ] || die "no $h: not a QEMU build dir"

# define NAME: its quoted value in config-host.h
define() {
	sed -n "s|^#define $1 \"\\(.*\\)\"\$|\\1|p" "$h"
}
prefix=$(define CONFIG_PREFIX)
bindir=$(define CONFIG_BINDIR)
datadir=$(define CONFIG_QEMU_DATADIR)
confdir=$(define CONFIG_QEMU_CONFDIR)
grep -q '^#define CONFIG_RELOCATABLE\b' "$h" || die "$build is not a relocatable build"
for d in "$bindir" "$datadir" "$confdir"; do
	case $d in
	"$prefix"/*) ;;
	*) die "$d is not under the prefix $prefix: QEMU would not relocate it" ;;
	esac
done

mkdir -p "$dest$bindir" "$dest$datadir" "$dest$confdir/romresolve.d"
for b in "$build"/qemu-system-*; do
	[ -x "$b" ] && [ -f "$b" ] || continue
	t=$dest$bindir/$(basename "$b")
	rm -f "$t"
	ln "$b" "$t" 2>/dev/null || cp -p "$b" "$t"
done
for src in /usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu; do
	[ "$bare" = 0 ] && [ -d "$src" ] || continue
	for f in "$src"/*; do
		[ -f "$f" ] || continue
		t=$dest$datadir/$(basename "$f")
		[ -e "$t" ] || [ -L "$t" ] || ln -s "$f" "$t"
	done
done
echo "bindir=$dest$bindir"
echo "datadir=$dest$datadir"
echo "confdir=$dest$confdir/romresolve.d"
echo "pkgconfdir=$dest$datadir/romresolve.d"
