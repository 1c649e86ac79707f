#!/bin/sh
# -Dfirmwarepath's presets (lib/firmwarepath.py): the table of
# docs/packagers.md names each with its dirs, and a build with a preset
# embeds exactly those dirs, in that order.
# Usage: test-firmwarepath.sh ROMRESOLVE SRCDIR
ROMRESOLVE=$1 SRC=$2
. "$(dirname "$0")/lib.sh"

script=$SRC/lib/firmwarepath.py

# The docs' table, "NAME DIRS" a line, against the script's.
sed -n 's/^| `\([a-z-]*\)` | `\(\/[^`,]*\)` | .*/\1 \2/p' "$SRC/docs/packagers.md" >"$W/docs"
run_prog python3 "$script" --presets
out <"$W/docs"

# Each preset, as the build embeds it: the default's dirs in that order.
while read -r name dirs; do
	run_prog python3 "$script" "$SRC/conf/default.conf" "$W/$name.c" "$name"
	sed -n '/romresolve_default_dirs/,/NULL/s/^\t"\(.*\)",$/\1/p' "$W/$name.c" |
		paste -sd: >"$W/$name.dirs"
	run_prog cat "$W/$name.dirs"
	out "$dirs"
done <"$W/docs"

# A word that is no preset, or a preset beside dirs: the build stops.
run_prog python3 "$script" "$SRC/conf/default.conf" "$W/x.c" debian-stretch
err "firmwarepath: 'debian-stretch' is no preset (debian-bookworm, debian-sid, debian-trixie, fedora, ubuntu); a preset stands alone"
status 1
run_prog python3 "$script" "$SRC/conf/default.conf" "$W/x.c" fedora /usr/share/qemu
err "firmwarepath: 'fedora:/usr/share/qemu' is no preset (debian-bookworm, debian-sid, debian-trixie, fedora, ubuntu); a preset stands alone"
status 1

# Through meson: -Dfirmwarepath=debian-sid is what the library compiles in
# (the built default-conf.c is the file of the preset, byte for byte).
run_prog meson setup "$W/build-sid" "$SRC" -Dfirmwarepath=debian-sid -Dtests=disabled
any_out
run_prog ninja -C "$W/build-sid" lib/default-conf.c
any_out
run_prog cmp "$W/build-sid/lib/default-conf.c" "$W/debian-sid.c"

finish
