# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by debian-chroot.sh and debian-debs.sh: where they fetch from and
# where they keep what they fetched. Sets
#   mirror  $ROMRESOLVE_TEST_MIRROR, else the host's Debian mirror (its
#           sources.list.d/*.sources or sources.list), else deb.debian.org
#   cache   $ROMRESOLVE_TEST_CACHE, else /var/cache/romresolve-tests when
#           writable, else ${XDG_CACHE_HOME:-$HOME/.cache}/romresolve-tests
#           (made here)

host_mirror() {
	{
		sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' /etc/apt/sources.list
	} 2>/dev/null | head -n 1
}
mirror=${ROMRESOLVE_TEST_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}

if [ -n "${ROMRESOLVE_TEST_CACHE:-}" ]; then
	cache=$ROMRESOLVE_TEST_CACHE
elif mkdir -p /var/cache/romresolve-tests 2>/dev/null && [ -w /var/cache/romresolve-tests ]; then
	cache=/var/cache/romresolve-tests
else
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/romresolve-tests
fi
mkdir -p "$cache"
