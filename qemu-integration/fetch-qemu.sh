#!/bin/sh
# fetch-qemu.sh - fetch one pinned Debian QEMU source package, unpack it with
# Debian's own patches applied, and install what building it on Debian
# bookworm needs; /etc/apt is never written.
#
# Usage: qemu-integration/fetch-qemu.sh [VERSION]
#   VERSION  10.0 (default) = 1:10.0.13+ds-0+deb13u1 (trixie)
#            10.2           = 1:10.2.2+ds-1 (sid)
#            or a full Debian version of the qemu source package
#
# Variables:
#   ROMRESOLVE_QEMU_WORK   work dir (default /var/cache/romresolve-qemu): the
#                          private apt state and the unpacked trees (src/)
#   ROMRESOLVE_QEMU_DL     download cache (default
#                          /var/cache/romresolve-tests/qemu): one dir per
#                          version with the .dsc and its tarballs; a second
#                          run finds them there and does not fetch again
#   ROMRESOLVE_QEMU_MIRROR Debian archive (default http://deb.debian.org/debian)
#   ROMRESOLVE_QEMU_SECURITY_MIRROR  (default http://deb.debian.org/debian-security)
#   ROMRESOLVE_QEMU_NO_DEPS=1  do not install build dependencies
#
# Output (last line on stdout): the tree, e.g.
#   /var/cache/romresolve-qemu/src/qemu-10.0.13+ds-0+deb13u1
# It is Debian's source as `dpkg-source -x` unpacks it: upstream's +ds
# tarball with debian/patches applied (the series in patches/VERSION/ applies
# on top of that with --fuzz=0).
set -eu

WORK=${ROMRESOLVE_QEMU_WORK:-/var/cache/romresolve-qemu}
DL=${ROMRESOLVE_QEMU_DL:-/var/cache/romresolve-tests/qemu}
MIRROR=${ROMRESOLVE_QEMU_MIRROR:-http://deb.debian.org/debian}
SECURITY=${ROMRESOLVE_QEMU_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log() { echo "fetch-qemu: $*" >&2; }
die() { echo "fetch-qemu: error: $*" >&2; exit 1; }

case "${1:-10.0}" in
10.0) dver=1:10.0.13+ds-0+deb13u1 ;;
10.2) dver=1:10.2.2+ds-1 ;;
[0-9]*:*) dver=$1 ;;
*) die "unknown version '$1' (10.0, 10.2 or a Debian version such as 1:10.2.2+ds-1)" ;;
esac
fver=${dver#*:} # file names carry no epoch

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

APT=$WORK/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$WORK/src"

# The private apt configuration: the system's own sources, preferences and
# lists are ignored; the dpkg database is the real one (packages are really
# installed). Release files past their Valid-Until are accepted: the versions
# are pinned and the archive's signatures are still checked.
cat > "$APT/sources.list.new" <<SRC
# written by romresolve qemu-integration/fetch-qemu.sh
deb-src [signed-by=$KEYRING] $MIRROR trixie main
deb-src [signed-by=$KEYRING] $MIRROR sid main
deb-src [signed-by=$KEYRING] $SECURITY trixie-security main
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
	$sudo env DEBIAN_FRONTEND=noninteractive "$@" \
		-o Acquire::Check-Valid-Until=false \
		-o Dir::Etc::SourceList="$APT/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$APT/lists" \
		-o Dir::Cache="$APT/cache" \
		-o APT::Get::List-Cleanup=false
}
apt_update() {
	if [ ! -e "$APT/updated.stamp" ]; then
		log "apt-get update (private lists in $APT)"
		apt_priv apt-get update -qq
		touch "$APT/updated.stamp"
	fi
}

# ---- build dependencies -------------------------------------------------

installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

if [ "${ROMRESOLVE_QEMU_NO_DEPS:-0}" != 1 ]; then
	missing=""
	for p in libglib2.0-dev libpixman-1-dev libfdt-dev flex bison libslirp-dev \
		ninja-build python3-venv pkg-config gcc make xz-utils patch dpkg-dev \
		ccache; do
		installed "$p" || missing="$missing $p"
	done
	# QEMU 10 wants meson >= 1.5 and pycotap; Debian's +ds source has no
	# python/wheels, so both come from bookworm-backports.
	mver=$(dpkg-query -W -f='${Version}' meson 2>/dev/null || true)
	if [ -z "$mver" ] || ! dpkg --compare-versions "$mver" ge 1.5; then
		missing="$missing meson/bookworm-backports"
	fi
	installed python3-pycotap || missing="$missing python3-pycotap/bookworm-backports"
	if [ -n "$missing" ]; then
		apt_update
		log "installing:$missing"
		# shellcheck disable=SC2086
		apt_priv apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
fi

# ---- source -------------------------------------------------------------

dl=$DL/$fver
dsc=$dl/qemu_$fver.dsc
verify() {
	# every file the .dsc names is there with its sha256
	[ -f "$dsc" ] || return 1
	sed -n '/^Checksums-Sha256:/,/^[^ ]/s/^ \([0-9a-f]\{64\}\) [0-9]* \(.*\)$/\1  \2/p' "$dsc" \
		> "$dl/.sha256" && [ -s "$dl/.sha256" ] &&
		(cd "$dl" && sha256sum --quiet -c .sha256 >/dev/null 2>&1)
}
if ! verify; then
	apt_update
	log "apt-get source --download-only qemu=$dver"
	mkdir -p "$dl"
	# apt downloads as _apt when it can: let it write the download dir
	if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
		chown _apt "$dl" 2>/dev/null || true
	fi
	(cd "$dl" && apt_priv apt-get source -qq --download-only "qemu=$dver") ||
		die "cannot download qemu $dver"
	verify || die "the download of qemu $dver does not match its .dsc"
else
	log "qemu $dver: cached in $dl"
fi

tree=$WORK/src/qemu-$fver
if [ "$(cat "$tree/.romresolve-source" 2>/dev/null)" != "$dver" ]; then
	log "dpkg-source -x $dsc (with Debian's patches)"
	rm -rf "$tree" "$tree.tmp"
	dpkg-source --no-check -x "$dsc" "$tree.tmp" > "$WORK/src/dpkg-source-$fver.log" 2>&1 ||
		die "dpkg-source -x failed, see $WORK/src/dpkg-source-$fver.log"
	echo "$dver" > "$tree.tmp/.romresolve-source"
	mv "$tree.tmp" "$tree"
fi
log "QEMU $dver (Debian's patched source) in $tree"
echo "$tree"
