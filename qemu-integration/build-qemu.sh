#!/bin/sh
# build-qemu.sh - build QEMU 10.0 (Debian trixie's source) with the romresolve
# patch series, linked against a romresolve build tree.
#
# Usage: qemu-integration/build-qemu.sh [ROMRESOLVE_BUILD_DIR]
#        qemu-integration/build-qemu.sh --stock      (unpatched, no romresolve)
#
#   ROMRESOLVE_BUILD_DIR  the romresolve meson build dir (argument or variable;
#                         default: build/ of this repository). It is brought up
#                         to date with ninja; QEMU finds the library through
#                         $ROMRESOLVE_BUILD_DIR/meson-uninstalled/
#                         romresolve-uninstalled.pc and runs it from there
#                         (an rpath to its lib/ is linked in).
#   ROMRESOLVE_QEMU_WORK  work dir (default /var/cache/romresolve-qemu):
#                         src/ pristine source (fetch-qemu.sh), qemu-src/
#                         patched copy, build/ (or build-stock/) QEMU build.
#   ROMRESOLVE_QEMU_JOBS  ninja -j (default: number of CPUs)
#   ROMRESOLVE_QEMU_SKIP_LIB_BUILD=1  use the romresolve build dir as it is
#                         (no ninja there; e.g. when CI has just built it)
#
# Re-runs are cheap: the patched copy is remade from the pristine tree
# (timestamps kept, so ninja rebuilds only what the series changes) when
# the series changed, and QEMU is reconfigured only when its options changed.
# The last lines on stdout are the two binaries.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
JOBS=${ROMRESOLVE_QEMU_JOBS:-$(nproc)}
export ROMRESOLVE_QEMU_WORK="$WORK"

log() { echo "build-qemu: $*" >&2; }
die() { echo "build-qemu: error: $*" >&2; exit 1; }

stock=0
if [ "${1:-}" = --stock ]; then
	stock=1
	shift
fi
[ $# -le 1 ] || die "usage: $0 [--stock] [ROMRESOLVE_BUILD_DIR]"

t0=$(date +%s)
pristine=$("$here/fetch-qemu.sh" | tail -n 1)
[ -f "$pristine/.romresolve-pristine" ] || die "fetch-qemu.sh gave no source tree"
t1=$(date +%s)

common="--python=/usr/bin/python3 --target-list=x86_64-softmmu,aarch64-softmmu
--without-default-features --disable-docs --disable-werror
--disable-install-blobs --enable-slirp --enable-pixman"

if [ "$stock" = 1 ]; then
	src=$pristine
	build=$WORK/build-stock
	opts="$common"
	pkgpath=${PKG_CONFIG_PATH:-}
else
	RB=${1:-${ROMRESOLVE_BUILD_DIR:-$repo/build}}
	if [ ! -f "$RB/build.ninja" ]; then
		log "no romresolve build in $RB: meson setup"
		meson setup "$RB" "$repo" >&2
	fi
	RB=$(cd "$RB" && pwd)
	if [ "${ROMRESOLVE_QEMU_SKIP_LIB_BUILD:-0}" != 1 ]; then
		log "building romresolve in $RB"
		ninja -C "$RB" >&2 || die "romresolve does not build in $RB"
	fi
	pc=$RB/meson-uninstalled/romresolve-uninstalled.pc
	[ -f "$pc" ] || die "$pc is missing (is $RB a romresolve build dir?)"
	pkgpath=$RB/meson-uninstalled
	libdirs=$(PKG_CONFIG_PATH=$pkgpath pkg-config --libs-only-L romresolve |
		sed 's/-L//g')
	rpath=""
	for d in $libdirs; do
		rpath="$rpath -Wl,-rpath,$d"
	done

	# a fresh patched copy whenever the series (or the source) changed
	src=$WORK/qemu-src
	# shellcheck disable=SC2012 # names are 000N-*.patch
	series=$(cd "$here/patches" && ls -- *.patch | sort)
	# shellcheck disable=SC2086 # one word per patch
	sum=$( (cat "$pristine/.romresolve-pristine"; cd "$here/patches" &&
		cat $series) | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$src/.romresolve-series" 2>/dev/null)" != "$sum" ]; then
		log "applying the series onto a fresh copy in $src"
		# files the previous series changed: they must look new to ninja
		# even where they are pristine again
		old=$(cat "$src/.romresolve-files" 2>/dev/null || true)
		rm -rf "$src" "$src.tmp"
		cp -a "$pristine" "$src.tmp"
		for p in $series; do
			log "  $p"
			patch -s -p1 -d "$src.tmp" --no-backup-if-mismatch \
				< "$here/patches/$p" || die "$p does not apply"
		done
		# shellcheck disable=SC2086
		new=$(cd "$here/patches" && sed -n 's|^+++ b/||p' $series | sort -u)
		for f in $old $new; do
			if [ -e "$src.tmp/$f" ]; then
				touch "$src.tmp/$f"
			fi
		done
		echo "$new" > "$src.tmp/.romresolve-files"
		echo "$sum" > "$src.tmp/.romresolve-series"
		mv "$src.tmp" "$src"
	fi
	build=$WORK/build
	opts="$common --enable-romresolve --extra-ldflags=${rpath# }"
fi

# (re)configure when the options or the romresolve build dir changed
want="$src $opts PKG_CONFIG_PATH=$pkgpath"
if [ ! -f "$build/build.ninja" ] ||
	[ "$(cat "$build/.romresolve-configure" 2>/dev/null)" != "$want" ]; then
	log "configuring in $build"
	rm -rf "$build"
	mkdir -p "$build"
	# shellcheck disable=SC2086
	(cd "$build" && PKG_CONFIG_PATH=$pkgpath "$src/configure" $opts \
		> configure.log 2>&1) || {
		tail -n 30 "$build/configure.log" >&2
		die "configure failed, see $build/configure.log"
	}
	echo "$want" > "$build/.romresolve-configure"
fi
t2=$(date +%s)

log "ninja -j$JOBS qemu-system-x86_64 qemu-system-aarch64 (a full build takes ~5 min on 2 cores)"
ninja -C "$build" -j"$JOBS" qemu-system-x86_64 qemu-system-aarch64 > "$build/ninja.log" 2>&1 || {
	tail -n 40 "$build/ninja.log" >&2
	die "build failed, see $build/ninja.log"
}
t3=$(date +%s)
log "times: fetch $((t1 - t0)) s, prepare+configure $((t2 - t1)) s, build $((t3 - t2)) s"
if [ "$stock" = 0 ]; then
	grep -q '^#define CONFIG_ROMRESOLVE\b' "$build/config-host.h" ||
		die "CONFIG_ROMRESOLVE is not set in $build/config-host.h"
fi
echo "$build/qemu-system-x86_64"
echo "$build/qemu-system-aarch64"
