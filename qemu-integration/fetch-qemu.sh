#!/bin/sh
# fetch-qemu.sh - get Debian trixie's QEMU 10.0 source and the build
# dependencies for building it on Debian bookworm, without touching /etc/apt.
#
# Usage: qemu-integration/fetch-qemu.sh
#
# Variables:
#   ROMRESOLVE_QEMU_WORK   work dir (default /var/cache/romresolve-qemu); holds
#                          the private apt state, the downloaded source and the
#                          pristine tree. Never inside the git repo.
#   ROMRESOLVE_QEMU_MIRROR Debian archive (default: http://deb.debian.org/debian)
#   ROMRESOLVE_QEMU_SECURITY_MIRROR  (default: http://deb.debian.org/debian-security)
#   ROMRESOLVE_QEMU_SUITE  suite to take the source from (default: trixie)
#   ROMRESOLVE_QEMU_REFRESH=1  re-run apt-get update even if lists are present
#   ROMRESOLVE_QEMU_NO_DEPS=1  do not install build dependencies
#
# Output (last line on stdout): the pristine source tree, e.g.
#   /var/cache/romresolve-qemu/src/qemu-10.0.x
# That tree is upstream QEMU as Debian ships it (+ds: edk2 blobs stripped) plus
# only Debian's skip-unpack-edk2-blobs.patch; Debian's other patches are not
# applied, so the romresolve series applies to (nearly) upstream code.
#
# Idempotent: every step is skipped when its result is already there.
set -eu

WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
MIRROR=${ROMRESOLVE_QEMU_MIRROR:-http://deb.debian.org/debian}
SECURITY=${ROMRESOLVE_QEMU_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUITE=${ROMRESOLVE_QEMU_SUITE:-trixie}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log() { echo "fetch-qemu: $*" >&2; }
die() { echo "fetch-qemu: error: $*" >&2; exit 1; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

APT=$WORK/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$WORK/dl" "$WORK/src"
# apt downloads as _apt when it can: let it write the download dir
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
	chown _apt "$WORK/dl" 2>/dev/null || true
fi

# The private apt configuration: the system's own sources, preferences and
# state are ignored for the package lists; the dpkg database is the real one
# (packages are really installed), /etc/apt is never written.
cat > "$APT/sources.list.new" <<SRC
# written by romresolve qemu-integration/fetch-qemu.sh
deb-src [signed-by=$KEYRING] $MIRROR $SUITE main
deb [signed-by=$KEYRING] $MIRROR bookworm main
deb [signed-by=$KEYRING] $MIRROR bookworm-updates main
deb [signed-by=$KEYRING] $MIRROR bookworm-backports main
deb [signed-by=$KEYRING] $SECURITY bookworm-security main
SRC
if ! cmp -s "$APT/sources.list.new" "$APT/sources.list" 2>/dev/null; then
	mv "$APT/sources.list.new" "$APT/sources.list"
	rm -f "$APT/updated.stamp"
else
	rm -f "$APT/sources.list.new"
fi

apt_priv() {
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive "$@" \
		-o Dir::Etc::SourceList="$APT/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$APT/lists" \
		-o Dir::Cache="$APT/cache" \
		-o APT::Get::List-Cleanup=false
}

if [ "${ROMRESOLVE_QEMU_REFRESH:-0}" = 1 ] || [ ! -e "$APT/updated.stamp" ]; then
	log "apt-get update (private lists in $APT)"
	apt_priv apt-get update -qq
	touch "$APT/updated.stamp"
fi

# ---- build dependencies -------------------------------------------------

version_ge() { dpkg --compare-versions "$1" ge "$2"; }

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

if [ "${ROMRESOLVE_QEMU_NO_DEPS:-0}" != 1 ]; then
	missing=""
	for p in libglib2.0-dev libpixman-1-dev libfdt-dev flex bison libslirp-dev \
		ninja-build python3-venv pkg-config gcc make xz-utils patch dpkg-dev; do
		installed "$p" || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		log "installing from bookworm:$missing"
		# shellcheck disable=SC2086
		apt_priv apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	# QEMU 10.0 wants meson >= 1.5 and pycotap >= 1.1. Debian's +ds source
	# drops python/wheels (see README.md), so mkvenv cannot fall back to a
	# bundled wheel: take both from bookworm-backports.
	mver=$(dpkg-query -W -f='${Version}' meson 2>/dev/null || true)
	back=""
	if [ -z "$mver" ] || ! version_ge "$mver" 1.5; then
		back="$back meson/bookworm-backports"
	fi
	installed python3-pycotap || back="$back python3-pycotap/bookworm-backports"
	if [ -n "$back" ]; then
		log "installing from bookworm-backports:$back"
		# shellcheck disable=SC2086
		apt_priv apt-get install -y -qq --no-install-recommends $back >/dev/null
	fi
fi

# ---- source -------------------------------------------------------------

# shellcheck disable=SC2012 # Debian file names
dsc=$(ls "$WORK"/dl/qemu_*.dsc 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$dsc" ]; then
	log "apt-get source --download-only qemu ($SUITE)"
	(cd "$WORK/dl" && apt_priv apt-get source -qq --download-only "qemu/$SUITE")
	# shellcheck disable=SC2012
	dsc=$(ls "$WORK"/dl/qemu_*.dsc 2>/dev/null | sort -V | tail -n 1 || true)
	[ -n "$dsc" ] || die "no qemu .dsc downloaded"
fi

# qemu_10.0.3+ds-1.dsc -> upstream 10.0.3, orig qemu_10.0.3+ds.orig.tar.xz
dver=$(sed -n 's/^Version: //p' "$dsc")
fver=${dver#*:}         # file names carry no epoch
uver=${fver%-*}         # 10.0.3+ds
upstream=${uver%%+*}    # 10.0.3
# shellcheck disable=SC2012
orig=$(ls "$WORK/dl/qemu_${uver}.orig.tar."* | head -n 1)
# shellcheck disable=SC2012
debtar=$(ls "$WORK/dl/qemu_${fver}.debian.tar."* | head -n 1)
[ -f "$orig" ] || die "missing orig tarball for $dver"
[ -f "$debtar" ] || die "missing debian tarball for $dver"

tree=$WORK/src/qemu-$upstream
if [ ! -e "$tree/.romresolve-pristine" ]; then
	log "extracting $orig"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar --no-same-owner -xf "$orig" -C "$tree.tmp" --strip-components=1
	mkdir -p "$tree.tmp/.debian"
	tar --no-same-owner -xf "$debtar" -C "$tree.tmp/.debian"
	p=$tree.tmp/.debian/debian/patches/skip-unpack-edk2-blobs.patch
	[ -f "$p" ] || die "Debian's skip-unpack-edk2-blobs.patch is missing in $debtar"
	log "applying Debian's skip-unpack-edk2-blobs.patch"
	patch -s -p1 -d "$tree.tmp" < "$p"
	# keep Debian's packaging beside the tree, not inside it
	rm -rf "$WORK/src/debian-$dver"
	mv "$tree.tmp/.debian/debian" "$WORK/src/debian-$dver"
	rmdir "$tree.tmp/.debian"
	echo "$dver" > "$tree.tmp/.romresolve-pristine"
	mv "$tree.tmp" "$tree"
fi
log "pristine QEMU $upstream (Debian $(cat "$tree/.romresolve-pristine")) in $tree"
echo "$tree"
