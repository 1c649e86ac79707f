#!/bin/sh
# Every C file of the project is clang-formatted (.clang-format): the files
# are found, not listed, so that a new one cannot be missed.
# Usage: check-format.sh CLANG-FORMAT SRCDIR
set -eu
clang_format=$1 src=$2
cd "$src"
files=$(find lib tools bench tests -name '*.[ch]' -type f | LC_ALL=C sort)
if [ -z "$files" ]; then
	echo "check-format: no C files under $src" >&2
	exit 1
fi
if printf '%s\n' "$files" | grep -q '[[:space:]]'; then
	echo "check-format: a C file name with a blank:" >&2
	printf '%s\n' "$files" | grep '[[:space:]]' >&2
	exit 1
fi
echo "check-format: $(printf '%s\n' "$files" | wc -l) files"
# shellcheck disable=SC2086 # split on purpose: the names have no blanks
exec "$clang_format" --dry-run -Werror $files
