#!/bin/sh
# build-qemu.sh - build a pinned Debian QEMU with the romresolve series of its
# version, linked against a romresolve build tree, or the same patched tree
# without romresolve (the default configuration, with --enable-werror).
#
# Usage: qemu-integration/build-qemu.sh [--no-romresolve] [VERSION] [ROMRESOLVE_BUILD_DIR]
#   VERSION               10.0 (default) or 10.2: fetch-qemu.sh pins the Debian
#                         version; the series is the patch groups that
#                         patches/VERSION/series lists, in order, each a dir
#                         of 0NNN-*.patch files (a 0000 cover letter is not
#                         applied)
#   --no-romresolve       configure the patched tree without the library (the
#                         meson option's default) and --enable-werror, and
#                         build x86_64 only: checks the series changes
#                         nothing then
#   ROMRESOLVE_BUILD_DIR  the romresolve meson build dir (default: build/ of this
#                         repository), brought up to date with ninja; QEMU finds
#                         the library through its meson-uninstalled/*.pc and
#                         runs it from there (rpath)
# Variables:
#   ROMRESOLVE_QEMU_WORK  work dir (default /var/cache/romresolve-qemu):
#                         qemu-src/FVER patched tree, build/FVER and
#                         build/FVER-nolib build dirs
#   ROMRESOLVE_QEMU_JOBS  ninja -j (default: number of CPUs)
#   ROMRESOLVE_QEMU_SKIP_LIB_BUILD=1  use the romresolve build dir as it is
#   ROMRESOLVE_QEMU_TARGETS  build only these ninja targets (e.g. the objects
#                         of the files the series changes) and print nothing
#   CCACHE_DIR            (default /var/cache/romresolve-tests/ccache) when
#                         ccache is installed, QEMU compiles through it
#                         (CC="ccache cc": QEMU's configure hands meson a
#                         cross file, so meson's own ccache detection never
#                         applies), with CCACHE_BASEDIR=$ROMRESOLVE_QEMU_WORK
#                         and CCACHE_NOHASHDIR: the builds with and without
#                         the library of one version share their objects
#
# The patched tree is made again (cp -a of Debian's tree, then patch -p1
# --fuzz=0 of each patch) only when the Debian version or the series changed;
# timestamps are kept, so ninja rebuilds only what the series touches. QEMU is
# reconfigured only when its options changed. Prints the time each step took
# on stderr, and the binaries it built on stdout (one a line).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
JOBS=${ROMRESOLVE_QEMU_JOBS:-$(nproc)}
export ROMRESOLVE_QEMU_WORK="$WORK"
cc=cc
if command -v ccache >/dev/null; then
	export CCACHE_DIR="${CCACHE_DIR:-/var/cache/romresolve-tests/ccache}"
	# both build dirs of a version compile ../../qemu-src/FVER/...: with
	# paths relative to the work dir and the cwd not hashed, they share
	export CCACHE_BASEDIR="$WORK" CCACHE_NOHASHDIR=true
	mkdir -p "$CCACHE_DIR"
	[ -f "$CCACHE_DIR/ccache.conf" ] || ccache -M 8G >/dev/null
	cc="ccache cc"
fi

log() { echo "build-qemu: $*" >&2; }
die() { echo "build-qemu: error: $*" >&2; exit 1; }

lib=1
if [ "${1:-}" = --no-romresolve ]; then
	lib=0
	shift
fi
version=${1:-10.0}
[ $# -le 2 ] || die "usage: $0 [--no-romresolve] [VERSION] [ROMRESOLVE_BUILD_DIR]"
series_dir=$here/patches/$version
[ -d "$series_dir" ] || die "no series for QEMU $version in $series_dir"

t0=$(date +%s)
tree=$("$here/fetch-qemu.sh" "$version" | tail -n 1)
[ -f "$tree/.romresolve-source" ] || die "fetch-qemu.sh gave no source tree"
fver=$(basename "$tree")
fver=${fver#qemu-}
t1=$(date +%s)

# ---- the patched tree ----------------------------------------------------

src=$WORK/qemu-src/$fver
[ -f "$series_dir/series" ] || die "$series_dir/series is missing"
# GROUP/0NNN-*.patch, group by group in the order of the series file
series=""
for g in $(sed -e 's/#.*//' "$series_dir/series"); do
	[ -d "$series_dir/$g" ] || die "patches/$version/series names $g, which is no dir"
	# shellcheck disable=SC2012 # names are 0NNN-*.patch
	series="$series $(cd "$series_dir" && ls -- "$g"/0*.patch | grep -v '/0000-' | sort)"
done
[ -n "${series# }" ] || die "patches/$version/series names no patch"
# shellcheck disable=SC2086 # one word per patch
sum=$( (cat "$tree/.romresolve-source"; cd "$series_dir" && cat $series) |
	sha256sum | cut -d' ' -f1)
if [ "$(cat "$src/.romresolve-series" 2>/dev/null)" != "$sum" ]; then
	log "applying patches/$version onto a copy of $tree"
	# files the previous series changed must look new to ninja even where
	# they are Debian's again
	old=$(cat "$src/.romresolve-files" 2>/dev/null || true)
	mkdir -p "$WORK/qemu-src"
	rm -rf "$src" "$src.tmp"
	cp -a "$tree" "$src.tmp"
	for p in $series; do
		patch -s -p1 --fuzz=0 --no-backup-if-mismatch -d "$src.tmp" \
			< "$series_dir/$p" || die "$p does not apply with --fuzz=0"
	done
	# shellcheck disable=SC2086
	new=$(cd "$series_dir" && sed -n 's|^+++ b/||p' $series | sort -u)
	for f in $old $new; do
		[ ! -e "$src.tmp/$f" ] || touch "$src.tmp/$f"
	done
	echo "$new" > "$src.tmp/.romresolve-files"
	echo "$sum" > "$src.tmp/.romresolve-series"
	mv "$src.tmp" "$src"
fi

# ---- configure -----------------------------------------------------------

common="--python=/usr/bin/python3 --without-default-features --disable-docs
--enable-werror --disable-install-blobs --enable-slirp --enable-pixman"
if [ "$lib" = 1 ]; then
	RB=${2:-${ROMRESOLVE_BUILD_DIR:-$repo/build}}
	if [ ! -f "$RB/build.ninja" ]; then
		log "no romresolve build in $RB: meson setup"
		meson setup "$RB" "$repo" >&2
	fi
	RB=$(cd "$RB" && pwd)
	if [ "${ROMRESOLVE_QEMU_SKIP_LIB_BUILD:-0}" != 1 ]; then
		ninja -C "$RB" >&2 || die "romresolve does not build in $RB"
	fi
	pkgpath=$RB/meson-uninstalled
	[ -f "$pkgpath/romresolve-uninstalled.pc" ] ||
		die "$pkgpath/romresolve-uninstalled.pc is missing (is $RB a romresolve build dir?)"
	rpath=""
	for d in $(PKG_CONFIG_PATH=$pkgpath pkg-config --libs-only-L romresolve | sed 's/-L//g'); do
		rpath="$rpath -Wl,-rpath,$d"
	done
	build=$WORK/build/$fver
	# the tests run the binaries from fake relocatable installs
	# (fake-install.sh): no test-only build option, no environment variable
	opts="$common --enable-romresolve --extra-ldflags=${rpath# }"
else
	pkgpath=${PKG_CONFIG_PATH:-}
	build=$WORK/build/$fver-nolib
	opts="$common"
fi
# Both builds are configured for the same targets: every object includes
# config-poison.h, made from the target list, so only then do the two
# builds' objects hash alike in ccache. Without the library only x86_64 is
# built.
tl=""
bins=""
for t in x86_64 aarch64 riscv64; do
	tl="$tl,$t-softmmu"
	[ "$lib" = 1 ] || [ "$t" = x86_64 ] && bins="$bins qemu-system-$t"
done
opts="$opts --target-list=${tl#,}"

want="$src $opts PKG_CONFIG_PATH=$pkgpath CC=$cc"
if [ ! -f "$build/build.ninja" ] ||
	[ "$(cat "$build/.romresolve-configure" 2>/dev/null)" != "$want" ]; then
	log "configuring in $build"
	rm -rf "$build"
	mkdir -p "$build"
	# shellcheck disable=SC2086
	(cd "$build" && CC=$cc PKG_CONFIG_PATH=$pkgpath nice -n 10 "$src/configure" $opts \
		> configure.log 2>&1) || {
		tail -n 30 "$build/configure.log" >&2
		die "configure failed, see $build/configure.log"
	}
	echo "$want" > "$build/.romresolve-configure"
fi
t2=$(date +%s)
if [ -n "${ROMRESOLVE_QEMU_TARGETS:-}" ]; then
	# only these ninja targets (e.g. the objects the series changes)
	log "ninja $ROMRESOLVE_QEMU_TARGETS in $build"
	# shellcheck disable=SC2086
	nice -n 10 ninja -C "$build" -j"$JOBS" $ROMRESOLVE_QEMU_TARGETS >&2 ||
		die "building $ROMRESOLVE_QEMU_TARGETS failed"
	log "patch+configure $((t2 - t1)) s, ninja $(($(date +%s) - t2)) s"
	exit 0
fi

# ---- build ---------------------------------------------------------------

log "ninja -j$JOBS$bins in $build"
# shellcheck disable=SC2086
nice -n 10 ninja -C "$build" -j"$JOBS" $bins > "$build/ninja.log" 2>&1 || {
	grep -E 'error|FAILED' "$build/ninja.log" | head -n 20 >&2
	tail -n 20 "$build/ninja.log" >&2
	die "build failed, see $build/ninja.log"
}
t3=$(date +%s)
steps=$(grep -c '^\[' "$build/ninja.log" || true)
log "QEMU $fver $([ "$lib" = 1 ] && echo with || echo without) romresolve: fetch $((t1 - t0)) s, patch+configure $((t2 - t1)) s, build $((t3 - t2)) s ($steps steps)"
if [ "$lib" = 1 ]; then
	grep -q '^#define CONFIG_ROMRESOLVE\b' "$build/config-host.h" ||
		die "CONFIG_ROMRESOLVE is not set in $build/config-host.h"
else
	! grep -q '^#define CONFIG_ROMRESOLVE\b' "$build/config-host.h" ||
		die "CONFIG_ROMRESOLVE is set in $build/config-host.h"
fi
for b in $bins; do
	echo "$build/$b"
done
