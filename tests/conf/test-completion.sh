#!/bin/sh
# completion/romresolve.bash, sourced in bash: commands (those of
# `romresolve --help`), options (those of each command's --help), targets
# (the library's), ROM names of the search path. Nothing here lists the
# commands: a new one is completed, and tested, as it is.
# Usage: test-completion.sh ROMRESOLVE COMPLETION PRINT-ARCHES
ROMRESOLVE=$1 COMPLETION=$2 PRINT_ARCHES=$3
. "$(dirname "$0")/lib.sh"
COMPLETION=$(abs "$COMPLETION")
PRINT_ARCHES=$(abs "$PRINT_ARCHES")

# `romresolve` on PATH is the one under test.
mkdir -p "$W/bin"
ln -s "$ROMRESOLVE" "$W/bin/romresolve"
PATH=$W/bin:$PATH
export PATH

# complete WORDS...: what the completion offers for the last word, one a line.
cat >"$W/complete.bash" <<'END'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
_romresolve
printf '%s\n' "${COMPREPLY[@]}" | sort
END
complete() { run_prog bash "$W/complete.bash" "$COMPLETION" "$@"; }

# The commands of `romresolve --help`, which its descriptors make.
"$ROMRESOLVE" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' >"$W/commands"
run_prog test -s "$W/commands"
complete romresolve ''
{ cat "$W/commands" && printf '%s\n' --help --version help; } | LC_ALL=C sort >"$W/want"
out <"$W/want"

complete romresolve help w
out which

complete romresolve ex
out exec explain

# The targets, all of the library's and no other.
"$PRINT_ARCHES" | sort >"$W/arches"
complete romresolve which --arch ''
out <"$W/arches"
complete romresolve manifest -a x86
out x86_64
# --arch=x8<TAB>: bash hands "--arch" "=" "x8" (= breaks words), or one
# word where COMP_WORDBREAKS lacks "=".
complete romresolve which --arch = x8
out x86_64
complete romresolve which --arch =
out <"$W/arches"
complete romresolve which --arch=x8
out x86_64

# Each command's options are those of its --help (every "--WORD" in it: the
# usage line has them all, and exec's has the "--" that ends its options).
for c in $(cat "$W/commands"); do
	"$ROMRESOLVE" "$c" --help | grep -o -- '--[a-z-]*' | sort -u >"$W/options"
	complete romresolve "$c" --
	out <"$W/options"
done

# ROM names: the files of the search path for this --arch and --root.
T=$W/host
mkdir -p "$T/usr/share/qemu/romresolve.d"
printf '[dir /x86]\narch = x86_64\n[dir /arm]\narch = aarch64\n' \
	>"$T/usr/share/qemu/romresolve.d/50-test.conf"
rom "$T/x86/efi-virtio.rom" 4096
rom "$T/x86/efi-e1000.rom" 4096
rom "$T/arm/efi-virtio-arm.rom" 4096
complete romresolve which --root "$T" --arch x86_64 efi-
out efi-e1000.rom efi-virtio.rom
complete romresolve explain --root "$T" --arch aarch64 ''
out efi-virtio-arm.rom

# Machine types come from the QEMU of --arch.
cat >"$W/bin/qemu-system-aarch64" <<'END'
#!/bin/sh
printf 'Supported machines are:\nvirt                 QEMU Virtual Machine (alias of virt-7.2)\nvirt-7.2             QEMU 7.2 ARM Virtual Machine\nvirt-7.1             QEMU 7.1 ARM Virtual Machine\nsbsa-ref             QEMU SBSA Reference\n'
END
chmod +x "$W/bin/qemu-system-aarch64"
complete romresolve which efi-virtio.rom --arch aarch64 --machine virt
out virt virt-7.1 virt-7.2

# exec: after --, the QEMU binary.
complete romresolve exec -- qemu-system-aarc
out qemu-system-aarch64

complete romresolve list --root "$T" --js
out --json

finish
