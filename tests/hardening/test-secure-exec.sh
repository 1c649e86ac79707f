#!/bin/sh
# The command reads its user's romresolve.d (XDG_CONFIG_HOME/qemu) when an
# unprivileged user runs it, and not in a secure exec: euid != uid, or the
# kernel's AT_SECURE (here: file capabilities on a copy, euid = uid), where
# the environment is the caller's and not to be trusted (tools/main.c).
#
# Usage: test-secure-exec.sh ROMRESOLVE
# Root only, with setpriv and setcap; the command must load libc only (the
# static_command build, which scripts/test's second build is): a secure exec
# ignores LD_LIBRARY_PATH and $ORIGIN, and a copy must run as nobody from
# anywhere. Otherwise skipped (77), saying why.
set -eu
cmd=$1

skip() {
	echo "skip: $*"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "not root"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
command -v setcap >/dev/null || skip "no setcap (libcap2-bin)"
! ldd "$cmd" 2>/dev/null | grep -q libromresolve ||
	skip "$cmd loads libromresolve (run against the static_command build)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/xdg/qemu/romresolve.d" "$tmp/roms"
cp "$cmd" "$tmp/romresolve"
# an option ROM of 4 KiB in the user's own dir, searched first
{
	printf '\125\252'
	head -c 4094 /dev/zero
} > "$tmp/roms/efi-e1000.rom"
printf '[dir %s]\npriority = 1\n' "$tmp/roms" > "$tmp/xdg/qemu/romresolve.d/50-user.conf"
chmod -R go-w "$tmp"
chmod -R a+rX "$tmp"

failed=0
# which as the given setpriv options, in a clean environment
which_as() {
	(cd "$tmp" && env -i PATH=/usr/bin:/bin HOME="$tmp" XDG_CONFIG_HOME="$tmp/xdg" \
		setpriv "$@" --clear-groups "$q" which efi-e1000.rom --arch x86_64 --qemu none) 2>&1
}
expect() {
	if [ "$2" = "$3" ]; then
		echo "ok - $1: $2"
	else
		echo "not ok - $1: got '$2', want '$3'"
		failed=1
	fi
}

q=$tmp/romresolve
# the answer without any user config: root's own (root reads none)
host=$(cd "$tmp" && env -i PATH=/usr/bin:/bin HOME="$tmp" XDG_CONFIG_HOME="$tmp/xdg" \
	"$q" which efi-e1000.rom --arch x86_64 --qemu none 2>&1) || true
[ "$host" != "$tmp/roms/efi-e1000.rom" ] || {
	echo "not ok - root read a user config: $host"
	exit 1
}

expect "nobody reads its user config" \
	"$(which_as --reuid=nobody --regid=nogroup)" "$tmp/roms/efi-e1000.rom"
expect "uid nobody, euid root (setuid-like): no user config" \
	"$(which_as --ruid=nobody --euid=0 --regid=nogroup)" "$host"

cp "$q" "$tmp/romresolve-caps"
q=$tmp/romresolve-caps
if setcap cap_net_bind_service+ep "$q" 2>/dev/null; then
	expect "AT_SECURE (file capabilities), euid = uid = nobody: no user config" \
		"$(which_as --reuid=nobody --regid=nogroup)" "$host"
else
	skip "setcap does not work on $tmp's file system"
fi
exit $failed
