#!/bin/sh
# The docs cannot go stale: the API reference is the header's, the man page
# names every command, option and target the command has, its synopses and
# README's are the command's (made from its descriptors), README names the
# commands that take --json, and the man pages render without a groff
# warning.
# Usage: test-docs.sh ROMRESOLVE SRCDIR PRINT-ARCHES BUILT-MAN-PAGE...
ROMRESOLVE=$1 SRC=$2 PRINT_ARCHES=$3
shift 3
. "$(dirname "$0")/lib.sh"
PRINT_ARCHES=$(abs "$PRINT_ARCHES")
SRC=$(abs "$SRC")

run_prog python3 "$SRC/docs/gen-api.py" "$SRC/lib/romresolve.h" --check "$SRC/docs/api.md"

# Every command of `romresolve --help`, every long option of its --help.
MAN=$SRC/docs/romresolve.1.scd
"$ROMRESOLVE" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' >"$W/commands"
run_prog test -s "$W/commands"
sed -n '/^# COMMANDS/,/^# OPTIONS/p' "$MAN" >"$W/man-commands"
for c in $(cat "$W/commands"); do
	run_prog grep -c "^\*$c\*" "$W/man-commands"
	out 1
	"$ROMRESOLVE" "$c" --help | grep -o -- '--[a-z-]*' | sort -u >"$W/options"
	for o in $(cat "$W/options"); do
		run_prog grep -q -F -e "*$o*" "$MAN"
	done
done

# Every command descriptor of tools/ is in cli.c's table (a command whose
# line was forgotten would build, and be missing).
run_prog sh -c "sed -n 's/^    \.name = \"\([a-z-]*\)\",\$/\1/p' '$SRC'/tools/cmd-*.c '$SRC'/tools/*/cmd-*.c | LC_ALL=C sort"
LC_ALL=C sort "$W/commands" >"$W/sorted-commands"
out <"$W/sorted-commands"

# The synopses: each command's usage line, made from its descriptor, in
# `romresolve --help`'s order, is the man page's SYNOPSIS and README's.
for c in $(cat "$W/commands"); do
	"$ROMRESOLVE" "$c" --help | sed -n '2s/^  //p'
done >"$W/synopses"
run_prog sh -c "sed -n '/^# SYNOPSIS/,/^# DESCRIPTION/p' '$MAN' |
	grep '^\*romresolve [a-z-]*\*' | grep -v '^\*romresolve help\*' | tr -d '*_'"
out <"$W/synopses"
run_prog sh -c "sed -n '/^## The command/,/^Exit status/s/^    romresolve /romresolve /p' '$SRC/README.md'"
out <"$W/synopses"
# README names the commands that take --json: those whose --help has it.
for c in $(cat "$W/commands"); do
	if "$ROMRESOLVE" "$c" --help | grep -q -- '--json'; then echo "$c"; fi
done >"$W/json-commands"
run_prog sh -c "tr '\n' ' ' <'$SRC/README.md' |
	sed -n 's/.*that take \`--json\` print [^:]*: \([^;]*\);.*/\1/p' | grep -o '\`[a-z-]*\`' | tr -d '\`'"
out <"$W/json-commands"

# The targets of --arch, in the library's order.
"$PRINT_ARCHES" | tr '\n' ' ' | sed 's/ $//; s/ /, /g' >"$W/arches"
tr '\n' ' ' <"$MAN" | tr -s ' \t' '  ' >"$W/man-flat"
run_prog grep -q -F -f "$W/arches" "$W/man-flat"

# groff warnings, as lintian looks for them.
if command -v man >/dev/null; then
	for page in "$@"; do
		run_prog env LC_ALL=C.UTF-8 MANROFFSEQ= MANWIDTH=80 \
			man --warnings -E UTF-8 -l -Tutf8 -Z "$page"
		any_out
	done
fi

finish
