#!/bin/sh
# The version script must export exactly what romresolve.h declares, and the
# built library must export exactly that.
# Usage: check-symbols.sh romresolve.h libromresolve.sym libromresolve.so
set -eu
header=$1 map=$2 lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -o 'romresolve_[a-z0-9_]*[[:space:]]*(' "$header" | sed 's/[[:space:](]//g' | sort -u >"$tmp/header"
sed -n 's/^[[:space:]]*\(romresolve_[a-z0-9_]*\);/\1/p' "$map" | sort -u >"$tmp/map"
nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | grep '^romresolve_' | sort -u >"$tmp/lib"
status=0
if ! diff -u "$tmp/header" "$tmp/map"; then
	echo "check-symbols: $map does not list what $header declares" >&2
	status=1
fi
if ! diff -u "$tmp/header" "$tmp/lib"; then
	echo "check-symbols: $lib does not export what $header declares" >&2
	status=1
fi
[ $status -eq 0 ] && echo "check-symbols: $(wc -l <"$tmp/header") symbols match"
exit $status
