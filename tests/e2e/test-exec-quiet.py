#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`romresolve exec` prints nothing on a valid start, and one line per failure.

With Debian's qemu-system-x86_64 and qemu-system-aarch64 7.2 (TCG, paused)
and the host's config: valid starts through exec, with and without
-nodefaults, with every display device and -vga value whose class lives in
a module (qxl, virtio-vga) or cannot be hot-plugged (VGA, cirrus-vga,
vmware-svga, ati-vga), print nothing at all (QEMU warns about a -global it
cannot use: `global X.romfile has invalid class name`, `global
X.romfile=... not used`); the machine's default VGA stays (`info pci`).
On a fake host whose ROMs are missing, every failure is one line naming the
device, the ROM and why: a -device at start (exec's own error), a device
the machine makes (QEMU's, quoting the romfile exec gave), a device_add on
QMP and on the human monitor.
"""
import os

from e2e import (Qemu, check, check_eq, firmware_dir, log, parse_args, run, run_test)

X86 = 'qemu-system-x86_64'
ARM = 'qemu-system-aarch64'
BASE = ['-accel', 'tcg', '-S', '-display', 'none']

# (binary, arguments): valid starts that each load a ROM or name a class
# exec must leave alone.
STARTS = [
	(X86, ['-M', 'pc']),
	(X86, ['-M', 'pc', '-nodefaults']),
	(X86, ['-M', 'q35']),
	(X86, ['-M', 'q35', '-nodefaults']),
	(X86, ['-M', 'pc', '-vga', 'qxl']),
	(X86, ['-M', 'pc', '-vga', 'virtio']),
	(X86, ['-M', 'pc', '-vga', 'cirrus']),
	(X86, ['-M', 'pc', '-vga', 'vmware']),
	(X86, ['-M', 'pc', '-vga', 'none']),
	(X86, ['-M', 'pc', '-device', 'qxl']),
	(X86, ['-M', 'q35', '-device', 'qxl-vga']),
	(X86, ['-M', 'q35', '-nodefaults', '-device', 'virtio-vga']),
	(X86, ['-M', 'pc', '-nodefaults', '-device', 'ati-vga']),
	(X86, ['-M', 'pc', '-nodefaults', '-device', 'cirrus-vga', '-netdev', 'user,id=n0',
	       '-device', 'e1000,netdev=n0']),
	(X86, ['-M', 'pc', '-nodefaults', '-device', 'secondary-vga', '-nic', 'user,model=virtio']),
	(ARM, ['-M', 'virt']),
	(ARM, ['-M', 'virt', '-nodefaults']),
	(ARM, ['-M', 'virt', '-nodefaults', '-netdev', 'user,id=n0', '-device',
	       'virtio-net-pci,netdev=n0', '-device', 'VGA']),
	(ARM, ['-M', 'virt', '-device', 'bochs-display', '-device', 'ati-vga', '-nic',
	       'user,model=e1000']),
]


def pci_vga(q):
	"""The VGA-class functions of `info pci`."""
	return [line.strip() for line in q.hmp('info pci').splitlines()
		if 'VGA controller' in line]


def quiet(romresolve, tmp):
	for binary, args in STARTS:
		label = f'{binary} {" ".join(args)}'
		q = Qemu('quiet', [romresolve, 'exec', '--', binary] + BASE + args, tmp)
		check(q.connect(), f'{label}: QEMU did not start: {q.stderr()!r}')
		vga = pci_vga(q) if binary == X86 else []
		check_eq(q.quit(), 0, f'{label}: exit status')
		check_eq(q.stderr(), '', f'{label}: what exec\'s QEMU printed')
		if binary == X86 and args in (['-M', 'pc'], ['-M', 'q35']):
			# The default VGA, given its ROM through pci-vga, stays.
			check_eq(len(vga), 1, f'{label}: VGA controllers in info pci')
		log(f'{label}: nothing printed{"; " + vga[0] if vga else ""}')


def one_line(text, what, *words):
	lines = text.strip().splitlines()
	check_eq(len(lines), 1, f'{what}: lines of {text!r}')
	for w in words:
		check(w in lines[0], f'{what}: {w!r} not in {lines[0]!r}')
	log(f'{what}: {lines[0]}')


def failures(romresolve, tmp):
	"""A host with no option ROM at all (its drop-in masks the default):
	every ROM lookup fails."""
	root = os.path.join(tmp, 'empty-host')
	confdir = os.path.join(root, 'etc/qemu/romresolve.d')
	os.makedirs(confdir)
	os.makedirs(os.path.join(root, 'roms'))
	with open(os.path.join(confdir, '00-default.conf'), 'w'):
		pass
	with open(os.path.join(confdir, '50-e2e.conf'), 'w') as f:
		f.write('[dir /roms]\n')
	fw = firmware_dir(tmp)
	exe = [romresolve, 'exec', '--root', root, '--', X86] + BASE + ['-L', fw, '-M', 'pc']

	# A device the command line names: exec stops, exit 1.
	status, out, err = run(exe + ['-nodefaults', '-device', 'rtl8139'], tmp)
	check_eq(status, 1, 'start with -device rtl8139: exit status')
	one_line(err, 'start, -device', 'romresolve: -device rtl8139:', 'efi-rtl8139.rom',
		 'not found')
	# A device the machine makes (the default NIC): QEMU refuses it.
	status, out, err = run(exe + ['-vga', 'none', '-monitor', 'none'], tmp)
	check(status != 0, 'start with the default NIC: QEMU started')
	one_line(out + err, 'start, default NIC', 'e1000', 'efi-e1000.rom', 'not found')
	# Hot-plug: QMP's error and the human monitor's.
	q = Qemu('hotplug', exe + ['-nodefaults'], tmp)
	check(q.connect(), f'hot-plug: QEMU did not start: {q.stderr()!r}')
	try:
		q.qmp('device_add', driver='rtl8139', id='n0')
		check(False, 'device_add rtl8139 succeeded')
	except Exception as e:  # Failure, with QMP's error in it
		desc = str(e)
	one_line(desc, 'device_add (QMP)', 'rtl8139', 'efi-rtl8139.rom', 'not found')
	hmp = q.hmp('device_add e1000,id=n1')
	one_line(hmp, 'device_add (HMP)', 'e1000', 'efi-e1000.rom', 'not found')
	check_eq(q.quit(), 0, 'hot-plug: exit status')
	check_eq(q.stderr(), '', 'hot-plug: what QEMU printed')


def main(tmp):
	romresolve, _ = parse_args()
	quiet(romresolve, tmp)
	failures(romresolve, tmp)


if __name__ == '__main__':
	run_test(main)
