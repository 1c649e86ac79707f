#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The built-in device table (lib/devices.c), held against real QEMU binaries.

QEMU sets a device's default romfile in its class init and shows it nowhere
(`-device DEV,help` lists no romfile), so the library carries a table of
them. For each binary on the machine (Debian's qemu-system-x86_64 and
qemu-system-aarch64 7.2; the patched 10.0 and 10.2 builds when
ROMRESOLVE_PATCHED_QEMU_DIR(_10_2) is set):

- every device the table names is in the binary's `-device help`, but for
  the ones this test lists as absent from that build, each with its reason
  (and a listed one that is there fails too: the list stays true);
- each of them, started alone (paused, -nodefaults, TCG, `-trace
  load_file`), loads the romfile the table predicts for the machine type
  (load_file's name) into a ROM RAMBlock of pow2ceil of that file's size, or
  no ROM where the table says none;
- every other PCI network or display device of the binary creates no ROM
  RAMBlock (a device the table misses would).

Usage: test-device-table.py PRINT_DEVICES [MODE]; MODE 'stock' (Debian's
binaries), 'patched' or 'patched-10.2'.
"""
import os
import re
import sys

from e2e import (Qemu, Skip, check, check_eq, device_help, log, patched_qemu, rom_ramblocks, run,
		 run_test)

DEBIAN_DIRS = ['/usr/share/qemu', '/usr/share/seabios', '/usr/lib/ipxe/qemu']
MACHINES = {'x86_64': 'pc', 'aarch64': 'virt'}

# Table devices a build lacks, and why: (arch, QEMU major version) -> names.
ABSENT = {
	# virtio-vga-rutabaga came with QEMU 8.2, and only with rutabaga.
	('x86_64', 7): {'virtio-vga-rutabaga'},
	# Debian builds the qxl and virtio-vga modules for x86 only.
	('aarch64', 7): {'virtio-vga-rutabaga', 'qxl-vga', 'virtio-vga', 'virtio-vga-gl',
			 'vhost-user-vga'},
	# The patched builds: --without-default-features (no rutabaga, no
	# opengl, no spice, no vhost-user).
	('x86_64', 10): {'virtio-vga-rutabaga', 'virtio-vga-gl', 'qxl-vga', 'vhost-user-vga'},
	# QEMU's Kconfig builds vmware-svga and virtio-vga for targets with
	# a PC-style VGA only.
	('aarch64', 10): {'virtio-vga-rutabaga', 'virtio-vga-gl', 'qxl-vga', 'vhost-user-vga',
			  'virtio-vga', 'vmware-svga'},
}
# Table devices a paused start alone cannot make, and why.
UNSTARTABLE = {
	'vhost-user-vga': 'needs a vhost-user backend (chardev)',
	'virtio-vga-gl': 'needs an OpenGL display',
	'virtio-vga-rutabaga': 'needs rutabaga',
}


def concrete(binary, machine, tmp):
	status, out, _ = run([binary, '-machine', 'help'], tmp)
	for line in out.splitlines():
		m = re.match(r'(\S+)\s.*\(alias of (\S+)\)', line)
		if m and m.group(1) == machine:
			return m.group(2)
	return machine


def version(binary, tmp):
	_, out, _ = run([binary, '-version'], tmp)
	m = re.match(r'QEMU emulator version (\d+)\.', out)
	check(m, f'{binary} -version: {out!r}')
	return int(m.group(1))


def table(print_devices, arch, machine, tmp):
	status, out, err = run([print_devices, arch, machine], tmp)
	check_eq(status, 0, f'print-devices ({err!r})')
	return dict(line.split(' ', 1) for line in out.splitlines())


def pow2ceil(n):
	p = 1
	while p < n:
		p <<= 1
	return p


def start_alone(binary, machine, device, tmp, extra):
	"""The PCI ROM RAMBlocks ((name, length)) and load_file lines of a
	paused start with only @device; None when QEMU refuses it."""
	q = Qemu('dev', [binary, '-accel', 'tcg', '-S', '-display', 'none', '-nodefaults', '-M',
			 machine, '-device', device, '-trace', 'load_file'] + extra, tmp)
	if not q.connect():
		q.wait_exit()
		return None, q.stderr()
	blocks = rom_ramblocks(q)
	q.quit()
	loads = re.findall(r'load_file name (\S+) location (\S+)', q.stderr())
	return blocks, loads


def check_binary(binary, arch, print_devices, tmp, extra):
	ver = version(binary, tmp)
	machine = concrete(binary, MACHINES[arch], tmp)
	devices = device_help(binary, tmp)
	types = {d[0] for d in devices}
	want = table(print_devices, arch, machine, tmp)
	absent = {d for d in want if d not in types}
	listed = ABSENT.get((arch, ver), set())
	check_eq(sorted(absent), sorted(listed & set(want)),
		 f'{binary} ({ver}): table devices absent from -device help')
	log(f'{binary} {ver}, {machine}: {len(want) - len(absent)} table devices present, '
	    f'absent as listed: {sorted(absent)}')
	for dev, romfile in sorted(want.items()):
		if dev in absent:
			continue
		if dev in UNSTARTABLE:
			log(f'  {dev}: not started alone ({UNSTARTABLE[dev]})')
			continue
		blocks, loads = start_alone(binary, machine, dev, tmp, extra)
		check(blocks is not None, f'{binary}: -device {dev} did not start: {loads!r}')
		roms = [(n, p) for n, p in loads if n not in ('bios-256k.bin', 'bios.bin',
								'kvmvapic.bin', 'linuxboot_dma.bin')]
		if romfile == '-':
			check_eq(blocks, [], f'{binary} {dev}: ROM RAMBlocks (the table says none)')
			log(f'  {dev}: no ROM, as the table says')
			continue
		check_eq([n for n, _ in roms], [romfile], f'{binary} {dev}: romfile loaded')
		size = os.path.getsize(os.path.realpath(roms[0][1]))
		check_eq([length for _, length in blocks], [max(4096, pow2ceil(size))],
			 f'{binary} {dev}: ROM RAMBlock length ({roms[0][1]}, {size} bytes)')
		log(f'  {dev}: {romfile} ({os.path.realpath(roms[0][1])}, {size} bytes) in '
		    f'{blocks[0][0]} of 0x{blocks[0][1]:x}')
	# The PCI network and display devices the table does not name: no ROM.
	others = [d for d, bus, cat in devices if d not in want and bus == 'PCI' and
		  cat in ('Network devices', 'Display devices')]
	started = 0
	for dev in others:
		blocks, loads = start_alone(binary, machine, dev, tmp, extra)
		started += blocks is not None
		if blocks is None:
			log(f'  {dev}: not in the table; QEMU does not start it alone: '
			    f'{loads.strip().splitlines()[-1] if loads.strip() else "?"}')
			continue
		check_eq(blocks, [], f'{binary} {dev}: ROM RAMBlocks of a device the table lacks')
	log(f'{binary}: {started} other PCI network and display devices started alone, '
	    f'none with a ROM ({len(others) - started} QEMU would not start alone)')


def main(tmp):
	if len(sys.argv) not in (2, 3):
		print(f'usage: {sys.argv[0]} PRINT_DEVICES [stock|patched|patched-10.2]',
		      file=sys.stderr)
		sys.exit(99)
	print_devices = os.path.abspath(sys.argv[1])
	mode = sys.argv[2] if len(sys.argv) == 3 else 'stock'
	for arch in MACHINES:
		if mode == 'stock':
			binary, extra = f'/usr/bin/qemu-system-{arch}', []
			if not os.access(binary, os.X_OK):
				raise Skip(f'{binary} is not installed')
		else:
			binary = patched_qemu(arch, mode)
			# A build tree's own data dirs hold no firmware.
			extra = sum((['-L', d] for d in DEBIAN_DIRS), [])
		check_binary(binary, arch, print_devices, tmp, extra)


if __name__ == '__main__':
	run_test(main)
