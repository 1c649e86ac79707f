#!/bin/sh
# build-debs.sh - build the Debian packages of romresolve from this tree.
#
# Usage: packaging/build-debs.sh OUTDIR [-- DPKG-BUILDPACKAGE-OPTIONS...]
#
# Makes the upstream tarball romresolve_VERSION.orig.tar.xz from the source
# tree (without .git and build dirs; packaging/debian stays inside it, as in
# a release tarball), unpacks it in a scratch dir, puts packaging/debian at
# its top and runs dpkg-buildpackage -us -uc there (source and binaries, so
# lintian sees both). The .dsc, tarballs, .deb, .buildinfo and .changes files
# are moved to OUTDIR; the build log is OUTDIR/build.log. Extra options go to
# dpkg-buildpackage (-b: binaries only). Needs: scripts/install-deps test.
set -eu

[ $# -ge 1 ] || { sed -n '4p' "$0" | sed 's/^# //' >&2; exit 2; }
out=$1
shift
[ "${1:-}" != -- ] || shift

src=$(cd "$(dirname "$0")/.." && pwd)
version=$(dpkg-parsechangelog -l "$src/packaging/debian/changelog" -S Version)
upstream=${version%-*}
mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/romresolve-debs.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# A reproducible tarball: sorted names, fixed owner and times.
mtime=$(dpkg-parsechangelog -l "$src/packaging/debian/changelog" -S Timestamp)
tar -C "$src" --exclude=./.git --exclude='./build*' --exclude='./_build*' \
	--sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
	--transform="s,^\\.,romresolve-$upstream," -cf - . |
	xz -6 -T1 >"$scratch/romresolve_$upstream.orig.tar.xz"
tar -C "$scratch" -xf "$scratch/romresolve_$upstream.orig.tar.xz"
tree=$scratch/romresolve-$upstream
cp -R "$src/packaging/debian" "$tree/debian"

echo "build-debs: building romresolve $version" >&2
if ! (cd "$tree" && dpkg-buildpackage -us -uc "$@") >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "build-debs: dpkg-buildpackage failed; the log is $out/build.log" >&2
	exit 1
fi
for f in "$scratch"/*.deb "$scratch"/*.dsc "$scratch"/*.tar.* \
	"$scratch"/*.buildinfo "$scratch"/*.changes; do
	[ -e "$f" ] || continue
	mv "$f" "$out/"
	echo "$out/$(basename "$f")"
done
