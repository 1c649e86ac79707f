#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The AppArmor snippet for libvirt (qemu-integration/libvirt/apparmor-romresolve)
# parses together with Debian's libvirt-qemu abstraction, in a profile like
# the ones virt-aa-helper writes; a broken rule added to it must not.
# Skipped (77) without apparmor_parser (package apparmor) or the abstraction
# (libvirt-daemon-system).
set -eu
snippet=$1
parser=$(command -v apparmor_parser || echo /usr/sbin/apparmor_parser)
[ -x "$parser" ] || { echo "SKIP: no apparmor_parser (package apparmor)"; exit 77; }
[ -f /etc/apparmor.d/abstractions/libvirt-qemu ] ||
	{ echo "SKIP: no /etc/apparmor.d/abstractions/libvirt-qemu (libvirt-daemon-system)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
profile() {
	cat <<END
#include <tunables/global>
profile romresolve-test /usr/bin/romresolve-qemu-system-x86_64 {
  #include <abstractions/libvirt-qemu>
  #include "$1"
}
END
}
profile "$snippet" >"$tmp/good"
# -Q: build the policy but do not load it; -K: no cache.
"$parser" -Q -K -I /etc/apparmor.d "$tmp/good" 2>"$tmp/err" || {
	echo "FAIL: the snippet does not parse:"; cat "$tmp/err"; exit 1; }
for path in /usr/bin/romresolve /usr/bin/romresolve-qemu-system- /etc/qemu/romresolve.d/; do
	grep -q "^ *$path" "$snippet" || { echo "FAIL: no rule for $path"; exit 1; }
done
# The control: the same with a bad rule is refused.
{ cat "$snippet"; echo "  /usr/bin/romresolve zz,"; } >"$tmp/bad-snippet"
profile "$tmp/bad-snippet" >"$tmp/bad"
if "$parser" -Q -K -I /etc/apparmor.d "$tmp/bad" 2>/dev/null; then
	echo "FAIL: a broken rule parsed: the check cannot fail"; exit 1
fi
echo "PASS: the snippet parses with Debian's libvirt-qemu abstraction"
