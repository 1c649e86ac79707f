#!/bin/sh
# build-debs.sh - build the Debian packages of romresolve from this tree.
#
# Usage: packaging/build-debs.sh OUTDIR [-- DPKG-BUILDPACKAGE-OPTIONS...]
#
# Copies the source tree (without .git and build dirs) to a scratch dir,
# puts packaging/debian at its top, runs dpkg-buildpackage -us -uc -b there
# and moves the .deb, .buildinfo and .changes files to OUTDIR. The build
# log is OUTDIR/build.log. Needs: scripts/install-deps test.
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

tree=$scratch/romresolve-$upstream
mkdir "$tree"
tar -C "$src" --exclude=./.git --exclude='./build*' --exclude='./_build*' \
	--exclude=./packaging/debian -cf - . | tar -C "$tree" -xf -
cp -R "$src/packaging/debian" "$tree/debian"

echo "build-debs: building romresolve $version" >&2
if ! (cd "$tree" && dpkg-buildpackage -us -uc -b "$@") >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "build-debs: dpkg-buildpackage failed; the log is $out/build.log" >&2
	exit 1
fi
for f in "$scratch"/*.deb "$scratch"/*.buildinfo "$scratch"/*.changes; do
	mv "$f" "$out/"
	echo "$out/$(basename "$f")"
done
