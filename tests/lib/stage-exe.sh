#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Copy a program built in the build tree, with the project's shared libraries
# next to it, into DIR, so that another user can run it from any checkout
# (a build tree under /root is closed to everybody else). Prints the path of
# the copy.
#
#   stage-exe.sh EXE DIR
#
# The copy keeps meson's build RUNPATH, $ORIGIN/../lib: EXE goes to
# DIR/bin/NAME and the libraries of EXE's ../lib to DIR/lib. DIR and what it
# holds are made readable by everybody.
set -eu
exe=${1:?usage: stage-exe.sh EXE DIR}
dir=${2:?usage: stage-exe.sh EXE DIR}
mkdir -p "$dir/bin" "$dir/lib"
cp "$exe" "$dir/bin/"
for lib in "$(dirname "$exe")"/../lib/*.so*; do
	[ -f "$lib" ] || continue
	cp -P "$lib" "$dir/lib/"
done
chmod -R a+rX "$dir"
chmod a+rx "$dir"
printf '%s/bin/%s\n' "$dir" "$(basename "$exe")"
