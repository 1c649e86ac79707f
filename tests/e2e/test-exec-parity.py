#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`romresolve exec` with nothing pinned = stock QEMU, RAMBlock for RAMBlock.

On the real host (Debian's qemu-system-x86_64, its ROM packages, the embedded
default config), for the machine types pc-i440fx-2.6, pc-q35-2.6,
pc-i440fx-7.2, pc and q35: every ROM-carrying device of QEMU's x86 table
(the NICs in one guest, each display device in its own), the machine's
default devices (no -nodefaults), -nic and -net nic, -vga qxl and virtio, a
secondary qxl beside the default VGA, a NIC hot-plugged with device_add,
started paused under TCG once by stock QEMU and once through exec: HMP `info
ramblock` (names and lengths) must be the same, and through exec QEMU prints
no line stock QEMU does not. vmxnet3 on the 2.6 machine types has no ROM
(pc_compat_2_6), as stock. A different ROM (a control run that gives e1000 a
smaller file through exec) must make the comparison fail.

Also: the option table exec reads from the binary's -help says, for every
option, what the binary itself says when probed (`-version -OPT`).
"""
import os

from e2e import (Failure, Qemu, check, check_eq, log, parse_args, qtree_prop, rom_bytes,
		 run, run_test)

QEMU = 'qemu-system-x86_64'
MACHINES = ('pc-i440fx-2.6', 'pc-q35-2.6', 'pc-i440fx-7.2', 'pc', 'q35')
# QEMU 7.2's x86 PCI devices with a default romfile (hw/net, hw/display),
# whatever the device table says: exec must match stock on each.
NICS = ('e1000', 'e1000-82544gc', 'e1000-82545em', 'e1000e', 'i82550', 'i82551',
	'i82557a', 'i82557b', 'i82557c', 'i82558a', 'i82558b', 'i82559a', 'i82559b',
	'i82559c', 'i82559er', 'i82562', 'i82801', 'ne2k_pci', 'pcnet', 'rtl8139',
	'vmxnet3', 'virtio-net-pci', 'virtio-net-pci-transitional',
	'virtio-net-pci-non-transitional')
DISPLAYS = ('VGA', 'secondary-vga', 'cirrus-vga', 'qxl-vga', 'qxl', 'vmware-svga',
	    'virtio-vga', 'ati-vga', 'bochs-display', 'virtio-gpu-pci')


def ramblocks(q):
	"""(name, used, total) of every RAMBlock: the offset may differ."""
	out = []
	for line in q.hmp('info ramblock').splitlines()[1:]:
		cols = line.split()
		if len(cols) >= 6:
			out.append((cols[0], cols[4], cols[5]))
	return sorted(out)


def start(name, argv, tmp, hook=None):
	"""Start QEMU paused, run hook(q, name); its RAMBlocks, or None when it
	refused to start."""
	q = Qemu(name, argv, tmp)
	if not q.connect():
		q.wait_exit()
		return None, q.stderr()
	if hook:
		hook(q, name)
	blocks = ramblocks(q)
	q.quit()
	return blocks, q.stderr()


def compare(label, args, romresolve, tmp, extra_exec=(), hook=None):
	"""Stock vs exec for one command line; returns (stock, exec) blocks."""
	base = ['-accel', 'tcg', '-S', '-display', 'none'] + args
	stock, err = start(f'stock-{label}', [QEMU] + base, tmp, hook)
	if stock is None:
		log(f'{label}: stock QEMU does not start it ({err.strip()!r}): skipped')
		return None, None
	via, err2 = start(f'exec-{label}', [romresolve, 'exec', '--', QEMU] + base +
			  list(extra_exec), tmp, hook)
	check(via is not None, f'{label}: through exec QEMU did not start: {err2!r}')
	# exec adds no line to what QEMU prints (a -global QEMU cannot use
	# is a warning).
	added = [line for line in err2.splitlines() if line not in err.splitlines()]
	check(not added, f'{label}: through exec QEMU also printed {added!r}')
	return stock, via


def roms(blocks):
	return [b for b in blocks if b[0].endswith('.rom') or 'vgabios' in b[0]]


def check_same(label, stock, via):
	if stock != via:
		diff = sorted(set(stock) ^ set(via))
		raise Failure(f'{label}: exec differs from stock QEMU: stock {stock}, '
			      f'exec {via}; differing: {diff}')
	log(f'{label}: same RAMBlocks; ROMs: {roms(stock)}')


def hotplug(q, name):
	"""device_add a NIC, as libvirt's attach-device does (on q35, into a
	PCIe root port)."""
	bus = {'bus': 'rp0'} if qtree_prop(q, 'pcie-root-port', 'chassis') else {}
	q.qmp('device_add', driver='rtl8139', id='hp0', **bus)
	check_resolved(q, name, 'rtl8139', '/usr/lib/ipxe/qemu/efi-rtl8139.rom')


def check_resolved(q, name, driver, path):
	"""Through exec, the device's romfile is the resolved path (the -global
	reached it); under stock QEMU it is the bare default name."""
	got = qtree_prop(q, driver, 'romfile')
	if name.startswith('exec-'):
		check_eq(got, [path], f'[{name}] {driver} romfile')
	else:
		check(got and not got[0].startswith('/'), f'[{name}] {driver} romfile {got}')


def defaults(q, name):
	"""The default VGA and NIC (e1000, or e1000e on newer q35)."""
	check_resolved(q, name, 'VGA', '/usr/share/seabios/vgabios-stdvga.bin')
	nics = [n for n in ('e1000', 'e1000e') if qtree_prop(q, n, 'romfile')]
	check_eq(len(nics), 1, f'[{name}] default NICs {nics}')
	check_resolved(q, name, nics[0], f'/usr/lib/ipxe/qemu/efi-{nics[0]}.rom')


def check_options(romresolve, tmp):
	"""The option table exec reads from -help = what the binary says."""
	cache = os.path.join(tmp, 'cache')
	status, out, err = run([romresolve, 'exec', '--print', '--cache-dir', cache, '--',
				QEMU, '-M', 'pc', '-S'], tmp)
	check_eq(status, 0, f'exec --print status ({err!r})')
	tables = [f for f in os.listdir(cache) if f.endswith('.options')]
	check_eq(len(tables), 1, 'option tables cached')
	with open(os.path.join(cache, tables[0])) as f:
		table = dict(line.split() for line in f if line.strip())
	check(len(table) > 100, f'only {len(table)} options read from -help')
	check_eq(table.get('M'), '2', '-M (not in -help: probed) takes an argument')
	wrong = []
	for name, kind in sorted(table.items()):
		status, _, err = run([QEMU, '-version', '-' + name], tmp)
		said = '2' if 'requires an argument' in err else '1' if status == 0 else '3'
		if said != kind:
			wrong.append(f'-{name}: table {kind}, binary {said}')
	check(not wrong, f'option table differs from the binary: {wrong}')
	log(f'option table: {len(table)} options, each as the binary says')


def main(tmp):
	romresolve, _ = parse_args()
	check_options(romresolve, tmp)
	for machine in MACHINES:
		m = ['-M', machine]
		stock, via = compare(f'{machine}-nics', m + ['-nodefaults'] + sum(
			(['-device', n] for n in NICS), []), romresolve, tmp)
		check(stock is not None, f'{machine}: stock QEMU refused the NICs')
		check_same(f'{machine} NICs', stock, via)
		names = [b[0] for b in roms(stock)]
		if machine.endswith('-2.6'):
			check(not any(n.endswith('/vmxnet3.rom') for n in names),
			      f'{machine}: vmxnet3 has a ROM: {names}')
		else:
			check(any(n.endswith('/vmxnet3.rom') for n in names),
			      f'{machine}: vmxnet3 has no ROM: {names}')
		for d in DISPLAYS:
			stock, via = compare(f'{machine}-{d}', m + ['-nodefaults', '-device', d],
					     romresolve, tmp)
			if stock is not None:
				check_same(f'{machine} {d}', stock, via)
		# The machine's default devices, -nic, -net nic.
		for label, args, hook in (
				('defaults', [], defaults),
				('nic', ['-nodefaults', '-nic', 'user,model=rtl8139'], None),
				('net-nic', ['-nodefaults', '-net', 'nic,model=ne2k_pci', '-net', 'user'],
				 None),
				# Display types of modules (qxl, virtio-vga), made by -vga
				# or -device beside the default VGA.
				('vga-qxl', ['-vga', 'qxl'], None),
				('vga-virtio', ['-vga', 'virtio'], None),
				('qxl', ['-device', 'qxl'], None),
				('hotplug', ['-nodefaults'] + (
					['-device', 'pcie-root-port,id=rp0,chassis=1']
					if 'q35' in machine else []), hotplug)):
			stock, via = compare(f'{machine}-{label}', m + args, romresolve, tmp,
					     hook=hook)
			check(stock is not None, f'{machine} {label}: stock QEMU refused')
			check_same(f'{machine} {label}', stock, via)

	# The control: a different ROM through exec must not compare equal.
	small = os.path.join(tmp, 'small-e1000.rom')
	with open(small, 'wb') as f:
		f.write(rom_bytes(20000))
	stock, via = compare('control', ['-M', 'pc', '-nodefaults', '-device', 'e1000'],
			     romresolve, tmp, ['-global', f'e1000.romfile={small}'])
	try:
		check_same('control', stock, via)
	except Failure as e:
		log(f'control: a different ROM is caught: {e}')
	else:
		raise Failure('control: a different ROM compared equal')


if __name__ == '__main__':
	run_test(main)
