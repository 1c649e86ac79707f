#!/bin/sh
# The exe_wrapper of `meson test --setup valgrind`: memcheck on what the
# project built, whichever way a test runs it.
#
#   valgrind-wrap.sh BUILD_ROOT SUPPRESSIONS PROGRAM [ARGS...]
#
# PROGRAM built in BUILD_ROOT (a cmocka test): run under memcheck. Another
# PROGRAM (python3 running tests/cli's case runner, a shell script): run as
# is, but every argument that is an executable built in BUILD_ROOT (the
# romresolve command) is replaced by a script of the same name that runs it
# under memcheck, so each run of the command the test makes is checked. A
# memcheck report goes to stderr, which the case runners compare exactly, and
# makes the exit status 1.
set -eu
build=$1
supp=$2
shift 2

# Absolute paths: some cases run the command with a PATH of their own.
vg_base="$(command -v valgrind) --tool=memcheck --leak-check=full --error-exitcode=1 -q --num-callers=30"
vg="$vg_base --suppressions=$supp"

# meson gives built programs as paths relative to the build dir (the cwd).
absolute() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}

is_built_exe() {
	case $(absolute "$1") in
	"$build"/*) [ -f "$1" ] && [ -x "$1" ] && [ "$(head -c 4 "$1")" = "$(printf '\177ELF')" ] ;;
	*) return 1 ;;
	esac
}

export G_SLICE=always-malloc G_DEBUG=gc-friendly
case $1 in
valgrind | */valgrind) exec "$@" ;;
esac
if is_built_exe "$1"; then
	# shellcheck disable=SC2086
	exec $vg "$@"
fi

shims=$(mktemp -d "${TMPDIR:-/tmp}/romresolve-valgrind-XXXXXX")
trap 'rm -rf "$shims"' EXIT
chmod 755 "$shims"
# The shims run staged copies (tests/lib/stage-exe.sh) and a copy of the
# suppressions: cases that switch to another user must not need to enter the
# build tree, which may be closed to that user (a checkout under /root).
stage=$(dirname "$0")/../lib/stage-exe.sh
cp "$supp" "$shims/valgrind.supp"
chmod 644 "$shims/valgrind.supp"
vg_shim="$vg_base --suppressions=$shims/valgrind.supp"
program=$1
shift
n=0
for arg; do
	if is_built_exe "$arg"; then
		n=$((n + 1))
		mkdir -m 755 "$shims/$n"
		shim="$shims/$n/$(basename "$arg")"
		# The case runners give the command a clean environment.
		staged=$("$stage" "$(absolute "$arg")" "$shims/$n/stage")
		printf '#!/bin/sh\nexec /usr/bin/env G_SLICE=always-malloc G_DEBUG=gc-friendly %s "%s" "$@"\n' \
			"$vg_shim" "$staged" >"$shim"
		chmod 755 "$shim"
		arg=$shim
	fi
	set -- "$@" "$arg"
	shift
done
status=0
"$program" "$@" || status=$?
exit $status
