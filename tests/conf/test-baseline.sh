#!/bin/sh
# The host's baseline (issue 25): `manifest --save` keeps the host's
# manifest at ROOT/var/lib/romresolve/baseline.json, `check` names every
# (arch, machine type, ROM) whose BAR or presence changed since, `check
# --update` takes the changes. The three changes the package trigger must
# show: a ROM package update that grows a file, a raised ceiling of a dir
# every target shares, a per-arch dir without an `arch` key.
# Usage: test-baseline.sh ROMRESOLVE CONFDIR
ROMRESOLVE=$1 CONF=$2
. "$(dirname "$0")/lib.sh"

# Two QEMU binaries, as the host's (outside the tree): x86_64 with two
# machine types and aliases, aarch64 with one.
Q=$W/qemu
mkdir -p "$Q"
fake_qemu() { # fake_qemu TARGET MACHINE-HELP-LINE...
	f=$Q/qemu-system-$1
	shift
	lines=$(printf " '%s'" 'Supported machines are:' "$@")
	cat >"$f" <<END
#!/bin/sh
case "\$*" in
"-machine help") printf '%s\\n'$lines ;;
"-L help") printf '%s\\n' /usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu ;;
"-version") echo 'QEMU emulator version 7.2.22' ;;
*) exit 3 ;;
esac
END
	chmod +x "$f"
}
fake_qemu x86_64 \
	'pc                   Standard PC (alias of pc-i440fx-7.2)' \
	'pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)' \
	'q35                  Standard PC (alias of pc-q35-7.2)' \
	'pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)'
fake_qemu aarch64 \
	'virt                 QEMU 7.2 ARM Virtual Machine (alias of virt-7.2)' \
	'virt-7.2             QEMU 7.2 ARM Virtual Machine'
QEMU_PATH=$Q

T=$W/host
debian_host "$T"
mkdir -p "$T/etc"
echo "h1.example.org" >"$T/etc/hostname"
B=$T/var/lib/romresolve/baseline.json
I=$T/usr/lib/ipxe/qemu

# No baseline yet: check is what it was.
cmd check --root "$T"
out "0 findings"

# manifest --save: nothing on stdout, the document in the root, of every
# target with a binary and every machine type of each, named after the
# root's /etc/hostname.
cmd manifest --save --root "$T"
run_prog python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["host"], d["mode"], len(d["entries"]))
print(sorted({(e["arch"], e["machine"]) for e in d["entries"]}))' "$B"
out <<END
h1.example.org romresolve 54
[('aarch64', 'virt-7.2'), ('x86_64', 'pc-i440fx-7.2'), ('x86_64', 'pc-q35-7.2')]
END
run_prog sh -c "stat -c %a '$B'; ls '$T/var/lib/romresolve'"
out <<END
644
baseline.json
END
# Nothing changed: nothing to say.
cmd check --root "$T"
out "0 findings"

# 1. A ROM package update grows efi-virtio.rom past 256 KiB: refused, so
# every guest with a virtio-net NIC loses its ROM.
rom "$I/efi-virtio.rom" 307200
cmd check --root "$T"
out <<END
finding: $I/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
finding: efi-virtio.rom: a device's romfile that does not resolve for any target: no usable efi-virtio.rom for aarch64: $I/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
finding: efi-virtio.rom, virt-7.2, aarch64: in the baseline, but here: no usable efi-virtio.rom for aarch64, machine virt-7.2: $I/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
finding: efi-virtio.rom, x86_64 (2 machine types: pc-i440fx-7.2, pc-q35-7.2): in the baseline, but here: no usable efi-virtio.rom for x86_64, machine pc-i440fx-7.2: $I/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB ceiling of /usr/lib/ipxe/qemu from <embedded default>:15
5 findings
END
status 1
rom "$I/efi-virtio.rom" 249344

# 2. A drop-in raises the ceiling of a dir every target shares, and the
# grown ROM comes in: a 512 KiB BAR for every guest of every target.
mkdir -p "$T/etc/qemu/romresolve.d"
printf '[dir /usr/lib/ipxe/qemu]\nmax-size = 512K\n' >"$T/etc/qemu/romresolve.d/60-big.conf"
rom "$I/efi-virtio.rom" 307200
cmd check --root "$T"
out <<END
finding: efi-virtio.rom, virt-7.2, aarch64: ROM BAR 0x40000 in the baseline, 0x80000 here ($I/efi-virtio.rom)
finding: efi-virtio.rom, x86_64 (2 machine types: pc-i440fx-7.2, pc-q35-7.2): ROM BAR 0x40000 in the baseline, 0x80000 here ($I/efi-virtio.rom)
3 findings
END
status 1
rm "$T/etc/qemu/romresolve.d/60-big.conf"
rom "$I/efi-virtio.rom" 249344

# 3. A per-arch ROM package's drop-in forgets `arch =`: its 400 KiB aarch64
# ROM comes first for every target, x86_64 included.
printf '[dir /usr/share/qemu-aarch64]\npriority = 5\nmax-size = 512K\n' \
	>"$T/etc/qemu/romresolve.d/50-ipxe-qemu-multiarch.conf"
rom "$T/usr/share/qemu-aarch64/efi-virtio.rom" 409600
cmd check --root "$T"
out <<END
finding: efi-virtio.rom, virt-7.2, aarch64: ROM BAR 0x40000 in the baseline, 0x80000 here ($T/usr/share/qemu-aarch64/efi-virtio.rom)
finding: efi-virtio.rom, x86_64 (2 machine types: pc-i440fx-7.2, pc-q35-7.2): ROM BAR 0x40000 in the baseline, 0x80000 here ($T/usr/share/qemu-aarch64/efi-virtio.rom)
3 findings
END
status 1
# With the key, only aarch64 guests change (a new package, a new BAR).
printf '[dir /usr/share/qemu-aarch64]\narch = aarch64\npriority = 5\nmax-size = 512K\n' \
	>"$T/etc/qemu/romresolve.d/50-ipxe-qemu-multiarch.conf"
cmd check --root "$T"
out <<END
finding: efi-virtio.rom, virt-7.2, aarch64: ROM BAR 0x40000 in the baseline, 0x80000 here ($T/usr/share/qemu-aarch64/efi-virtio.rom)
1 finding
END
status 1

# The change is meant: --update takes it (printed as notes), and from then
# on it is the baseline.
cmd check --root "$T" --update
out <<END
note: taken into the baseline: efi-virtio.rom, virt-7.2, aarch64: ROM BAR 0x40000 in the baseline, 0x80000 here ($T/usr/share/qemu-aarch64/efi-virtio.rom)
note: $B now holds this host's ROM BARs
0 findings
END
cmd check --root "$T"
out "0 findings"
# The JSON document says which baseline, and each change with its entry.
rm "$T/usr/share/qemu-aarch64/efi-virtio.rom"
cmd check --root "$T" --json
any_out
status 1
cp "$W/out" "$W/doc"
run_prog python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["baseline"] == sys.argv[2], d["baseline_updated"], d["n_findings"])
for f in d["findings"]:
    print(f["kind"], f["arch"], f["machine"], f["name"], f["manifest_ramblock"], f["ramblock"], f["file"] == sys.argv[2])' \
	"$W/doc" "$B"
out <<END
True False 1
bar-mismatch aarch64 virt-7.2 efi-virtio.rom 524288 262144 True
END

# A ROM the baseline lacked is a note (no guest ran with it), not a finding.
rm "$T/etc/qemu/romresolve.d/50-ipxe-qemu-multiarch.conf"
cmd check --root "$T" --update
any_out
rm "$I/efi-vmxnet3.rom"
cmd check --root "$T" --update
any_out # the device table's finding: no efi-vmxnet3.rom
status 1
rom "$I/efi-vmxnet3.rom" 243712
cmd check --root "$T"
out <<END
note: efi-vmxnet3.rom, virt-7.2, aarch64: not in the baseline, here ROM BAR 0x40000 ($I/efi-vmxnet3.rom)
note: efi-vmxnet3.rom, x86_64 (2 machine types: pc-i440fx-7.2, pc-q35-7.2): not in the baseline, here ROM BAR 0x40000 ($I/efi-vmxnet3.rom)
0 findings
END

# A package's build tree has no baseline: --package never looks.
cmd check --root "$T" --package
out "0 findings"
# --update is the host's: not with --against or --package.
cmd check --root "$T" --update --package
err "romresolve: check: --update takes the host's changes to its baseline: not with --against or --package (see 'romresolve check --help')"
status 2
# A baseline that is no manifest: exit 2, naming it.
echo '{"format": "x"}' >"$B"
cmd check --root "$T"
err "romresolve: $B: not a romresolve manifest (format is not \"romresolve-manifest\")"
status 2
# --save writes it anew (atomically: a reader sees the old one or the new).
cmd manifest --save --root "$T"
cmd check --root "$T"
out "0 findings"
# --save keeps the host's own manifest.
cmd manifest --save --stock --root "$T"
out <<END
{
  "format" : "romresolve-manifest",
  "version" : 1,
  "error" : "manifest: --save keeps the host's own manifest: no --stock, --stock-path or --name (see 'romresolve manifest --help')"
}
END
err "romresolve: manifest: --save keeps the host's own manifest: no --stock, --stock-path or --name (see 'romresolve manifest --help')"
status 2

# manifest --root names the root's host (its /etc/hostname); a tree without
# one, by its path; --host, as given.
cmd manifest --root "$T" --arch x86_64 --machine pc-q35-7.2 --name efi-e1000.rom
any_out
cp "$W/out" "$W/doc"
run_prog python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["host"])' "$W/doc"
out "h1.example.org"
rm "$T/etc/hostname"
cmd manifest --root "$T" --arch x86_64 --machine pc-q35-7.2 --name efi-e1000.rom
any_out
cp "$W/out" "$W/doc"
run_prog python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["host"])' "$W/doc"
out "$T"
cmd manifest --root "$T" --host h2 --arch x86_64 --machine pc-q35-7.2 --name efi-e1000.rom
any_out
cp "$W/out" "$W/doc"
run_prog python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["host"])' "$W/doc"
out "h2"

finish
