#!/bin/sh
# What docs/decisions.md says the code chose where DESIGN.md is silent: each
# claim, shown. Usage: test-decisions.sh ROMRESOLVE
ROMRESOLVE=$1
. "$(dirname "$0")/lib.sh"

T=$W/host
C=$T/usr/share/qemu/romresolve.d/50-test.conf
mkdir -p "$T/usr/share/qemu/romresolve.d" "$T/etc/qemu/romresolve.d"
conf() { cat >"$C"; }
# The cases are about the test's own drop-in: the embedded default masked.
: >"$T/etc/qemu/romresolve.d/00-default.conf"
M="not read: <embedded default> masked by $T/etc/qemu/romresolve.d/00-default.conf"

# 1. max-size defaults to 256K, or to rom-size when only that is set.
conf <<END
[dir /a]
[dir /b]
rom-size = 64K
END
cmd list --root "$T"
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $T/a ($C:1; max-size default)
50       64 KiB     64 KiB     *              *            $T/b ($C:2; max-size default)
read: $C
$M
END

# 2. priority is 0 to 9999.
conf <<END
[dir /a]
priority = 0
[dir /b]
priority = 10000
END
cmd list --root "$T"
err "romresolve: $C:4: priority 10000 is not a whole number from 0 to 9999"
any_out

# 3. The compat name is looked for through every dir before the name.
conf <<END
[dir /first]
priority = 10
[dir /second]
priority = 20
[machine old]
match = pc-*
until = 2.10
map = efi-virtio.rom compat-efi-virtio.rom
END
rom "$T/first/efi-virtio.rom" 200000
rom "$T/second/compat-efi-virtio.rom" 200000
cmd explain efi-virtio.rom --arch x86_64 --machine pc-q35-2.10 --root "$T"
out <<END
rom lookup of efi-virtio.rom for x86_64, machine pc-q35-2.10
  rule old ($C:5) maps it to compat-efi-virtio.rom
  $T/first/compat-efi-virtio.rom: missing
  $T/second/compat-efi-virtio.rom: used
result: $T/second/compat-efi-virtio.rom (200000 bytes; [dir /second] from $C:3; ceiling 256 KiB, the default; ROM BAR 256 KiB, pow2ceil of the size)
END

# 4. Rules apply only when a machine type is given.
cmd which efi-virtio.rom --arch x86_64 --root "$T"
out "$T/first/efi-virtio.rom"

# 5. Masking takes away what a file said; only masking 00-default.conf
# takes the default away.
ln -s /dev/null "$T/etc/qemu/romresolve.d/50-test.conf"
cmd list --root "$T"
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
not read: $C masked by $T/etc/qemu/romresolve.d/50-test.conf
$M
END
cmd which efi-virtio.rom --arch x86_64 --root "$T"
err "romresolve: efi-virtio.rom not found: no search directory applies to x86_64"
status 1
rm "$T/etc/qemu/romresolve.d/50-test.conf"

# 6. A config problem: a warning everywhere, a finding in check (1), fatal
# only with check --strict (2).
conf <<END
[dir /a]
max-size = 300K
END
cmd check --root "$T"
err "romresolve: $C:2: max-size 300K is not a power of two"
any_out
status 1
cmd check --strict --root "$T"
err "romresolve: $C:2: max-size 300K is not a power of two"
status 2
cmd list --root "$T"
err "romresolve: $C:2: max-size 300K is not a power of two"
any_out

# 7. Lines are at most 199 bytes.
{ echo '[dir /a]'; printf '#%0198d\n' 0; } >"$C"
cmd list --root "$T" --arch x86_64
out <<END
PRIORITY MAX-SIZE   ROM-SIZE   ARCH           MACHINE      DIR (FROM)
50       256 KiB    -          *              *            $T/a ($C:1; max-size default)
read: $C
$M
END
{ echo '[dir /a]'; printf '#%0199d\n' 0; } >"$C"
cmd list --root "$T" --arch x86_64
err "romresolve: $C:2: line is longer than 199 bytes"
any_out

# 8. manifest records x86_64 unless told otherwise.
conf <<END
[dir /first]
END
cmd manifest --root "$T" --host h --name efi-virtio.rom
out <<END
{
  "format" : "romresolve-manifest",
  "version" : 1,
  "host" : "h",
  "mode" : "romresolve",
  "entries" : [
    {
      "arch" : "x86_64",
      "machine" : null,
      "name" : "efi-virtio.rom",
      "path" : "$T/first/efi-virtio.rom",
      "size" : 200000,
      "romsize" : 262144,
      "ramblock" : 262144
    }
  ]
}
END

# 9. exec gives ROMs through -global, never by rewriting an argument: the
# -nic and the -device alike get the resolved ROM, both passed byte for byte.
conf <<END
[dir /first]
[device virtio-net-pci]
romfile = efi-virtio.rom
END
mkdir -p "$W/bin" "$W/cache"
chmod 700 "$W/cache"
cat >"$W/bin/qemu-system-x86_64" <<'END'
#!/bin/sh
# A QEMU that knows only its options, machine types and one device, and
# whose -global check of an empty machine finds every class there.
case "$*" in
"-machine none "*) /bin/cat >/dev/null ;;
"-L help") printf '/usr/share/qemu\n/usr/share/seabios\n/usr/lib/ipxe/qemu\n' ;;
-help) printf 'usage: qemu-system-x86_64 [options]\n-machine [type=]name\n-M machine\n-nic [user][,option]\n-device driver[,prop[=value]]\n-netdev user,id=str\n-global driver.property=value\n' ;;
"-machine help") printf 'Supported machines are:\npc                   Standard PC (alias of pc-i440fx-7.2)\npc-i440fx-7.2        Standard PC (default)\n' ;;
"-device help") printf 'Network devices:\nname "virtio-net-pci", bus PCI, alias "virtio-net"\n' ;;
*) exit 3 ;;
esac
END
chmod +x "$W/bin/qemu-system-x86_64"
QEMU_PATH=$W/bin
cmd exec --root "$T" --cache-dir "$W/cache" --print -- qemu-system-x86_64 -M pc \
	-nic user,model=virtio-net-pci -device virtio-net-pci,netdev=n0 -netdev user,id=n0
out "'qemu-system-x86_64' '-global' 'virtio-net-pci.romfile=$T/first/efi-virtio.rom' '-M' 'pc' '-nic' 'user,model=virtio-net-pci' '-device' 'virtio-net-pci,netdev=n0' '-netdev' 'user,id=n0'"

# 10. QEMU's facts come from the binary, and nothing inside --root runs: a
# qemu-system-x86_64 of the tree, on PATH or named by --qemu, is refused.
mkdir -p "$T/usr/bin"
cat >"$T/usr/bin/qemu-system-x86_64" <<END
#!/bin/sh
: >"$W/ran"
END
chmod +x "$T/usr/bin/qemu-system-x86_64"
QEMU_PATH=$T/usr/bin
cmd which efi-virtio.rom --arch x86_64 --root "$T"
err "romresolve: $T/usr/bin/qemu-system-x86_64 is inside --root $T: romresolve never runs a binary of the tree (give the host's with --qemu)"
status 2
cmd which efi-virtio.rom --arch x86_64 --root "$T" --qemu "$T/usr/bin/qemu-system-x86_64"
err "romresolve: $T/usr/bin/qemu-system-x86_64 is inside --root $T: romresolve never runs a binary of the tree (give the host's with --qemu)"
status 2
run_prog test -e "$W/ran"
status 1

finish
