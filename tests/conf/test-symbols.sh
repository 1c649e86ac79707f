#!/bin/sh
# The Debian symbols file lists exactly what lib/libromresolve.sym exports,
# each symbol with a version (packaging/symbols.py check); dpkg-gensymbols
# -c4, as the package build runs it, passes on the built library and fails
# when the file lacks a symbol the library exports (a new symbol never gets
# the minimum version of an older release).
# Usage: test-symbols.sh SRCDIR LIBROMRESOLVE.SO
SRC=$1 LIB=$2
ROMRESOLVE=/bin/true
. "$(dirname "$0")/lib.sh"
SRC=$(abs "$SRC")
LIB=$(abs "$LIB")
S=$SRC/packaging/debian/libromresolve1.symbols
n=$(sed -n 's/^[[:space:]]*\(romresolve_[a-z0-9_]*\);/\1/p' "$SRC/lib/libromresolve.sym" | wc -l)
nodes=$(grep -c '^[A-Za-z_][A-Za-z0-9_.]*[[:space:]]*{' "$SRC/lib/libromresolve.sym")

run_prog python3 "$SRC/packaging/symbols.py" check "$S" "$SRC/lib/libromresolve.sym"
out "symbols: $((n + nodes)) symbols listed, each with its version"

# Every entry names a version node of the script and carries a version.
run_prog sh -c "grep '^ ' '$S' | grep -cv '^ [A-Za-z_][A-Za-z0-9_.]*@ROMRESOLVE_[0-9.]* [0-9][0-9.~+]*\$'"
out 0
status 1

if ! command -v dpkg-gensymbols >/dev/null; then
	finish
	echo "test-symbols: no dpkg-gensymbols: the Debian check was not run"
	exit 0
fi
version=$(dpkg-parsechangelog -l "$SRC/packaging/debian/changelog" -S Version)
mkdir -p "$W/src/debian"
cp "$SRC/packaging/debian/control" "$SRC/packaging/debian/changelog" "$W/src/debian/"
gensymbols() {
	(cd "$W/src" && dpkg-gensymbols -c4 -v"$version" -plibromresolve1 -e"$LIB" -I"$1" -O"$W/out.symbols")
}
run_prog gensymbols "$S"

# A symbol the file does not list (as if just added to the library): fails.
first=$(sed -n 's/^ \(romresolve_[a-z0-9_]*\)@.*/\1/p' "$S" | head -n 1)
grep -v "^ $first@" "$S" >"$W/short.symbols"
run_prog gensymbols "$W/short.symbols"
any_out
any_err
status 2
grep -q "^+ $first@" "$W/out" || fail "dpkg-gensymbols did not name $first"

finish
