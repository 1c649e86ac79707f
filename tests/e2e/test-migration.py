#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Migration between two fake hosts with Debian's qemu-system-x86_64.

The old host has a 240 KiB efi-virtio.rom (BAR 256 KiB). The new host has a
300 KiB one (BAR 512 KiB) and, for machine types up to 7.2, a [machine] rule
that maps it to a 240 KiB compat ROM with rom-size 256K.

- stock QEMU, each host's file as romfile=: the destination refuses the
  stream with QEMU's "Size mismatch ... virtio-net-pci.rom" message;
- the same guest started through `romresolve exec --root OLD` and received
  through `romresolve exec --root NEW`: migrates, the destination is paused
  with migration status completed and the same 256 KiB ROM RAMBlock;
- `romresolve manifest` (--stock and not) on both roots and `romresolve
  compare` predict both outcomes, down to the sizes QEMU names.
"""
import json
import os

from e2e import (COMPAT, IPXE, NEW_HOST_CONF, Qemu, check, check_eq, firmware_dir, log, make_root,
		 parse_args, qtree_prop, rom_ramblock, run, run_test)

MACHINE = 'pc-i440fx-7.2'   # what -M pc is in Debian's QEMU 7.2

OLD_CONF = f"""\
[dir {IPXE}]
max-size = 256K

[device virtio-net-pci]
romfile = efi-virtio.rom
"""

NEW_CONF = NEW_HOST_CONF + """
[device virtio-net-pci]
romfile = efi-virtio.rom
"""


def main(tmp):
	romresolve, mode = parse_args()
	old = make_root(os.path.join(tmp, 'old'), {f'{IPXE}/efi-virtio.rom': 240 * 1024},
			OLD_CONF)
	new = make_root(os.path.join(tmp, 'new'), {
		f'{IPXE}/efi-virtio.rom': 300 * 1024,
		f'{COMPAT}/compat-256k-efi-virtio.rom': 240 * 1024,
	}, NEW_CONF)
	qemu = ['-accel', 'tcg', '-S', '-nodefaults', '-display', 'none', '-M', 'pc',
		'-L', firmware_dir(tmp)]
	stock = ['qemu-system-x86_64'] + qemu

	def wrapped(root):
		return [romresolve, 'exec', '--root', root, '--', 'qemu-system-x86_64'] + qemu

	def save(src, name):
		"""Migrate the paused source into a file; return the ROM RAMBlock."""
		check(src.connect(), f'source exited: {src.stderr()!r}')
		block = rom_ramblock(src, 'virtio-net-pci.rom')
		check(block is not None, 'source: no virtio-net-pci.rom RAMBlock')
		state = os.path.join(tmp, name)
		src.qmp('migrate', uri=f'exec:cat > {state}')
		src.wait_for('migration completed',
			     lambda: src.qmp('query-migrate').get('status') == 'completed')
		check_eq(src.hmp('info status').strip(), 'VM status: paused (postmigrate)',
			 'source after migration')
		check_eq(src.quit(), 0, 'source exit status')
		return block, state

	# 1. stock QEMU, each host's own file: the stream is refused.
	src = Qemu('naive-src', stock + [
		'-device', f'virtio-net-pci,romfile={old}{IPXE}/efi-virtio.rom'], tmp)
	(block, length), state = save(src, 'naive.state')
	check_eq(length, 0x40000, f'naive source {block} length')
	dst = Qemu('naive-dst', stock + [
		'-device', f'virtio-net-pci,romfile={new}{IPXE}/efi-virtio.rom',
		'-incoming', f'exec:cat {state}'], tmp)
	status = dst.wait_exit()
	want = f'qemu-system-x86_64: Size mismatch: {block}: 0x40000 != 0x80000: Invalid argument'
	check(want in dst.stderr().splitlines(),
	      f'naive destination: expected the line {want!r} in {dst.stderr()!r}')
	check_eq(status, 1, 'naive destination exit status')
	log(f'stock QEMU refused the stream: {want}')

	# 2. the same through romresolve exec on each host: it migrates.
	src = Qemu('rr-src', wrapped(old) + ['-device', 'virtio-net-pci'], tmp)
	(block, length), state = save(src, 'romresolve.state')
	check_eq(length, 0x40000, f'romresolve source {block} length')
	dst = Qemu('rr-dst', wrapped(new) + ['-device', 'virtio-net-pci',
					     '-incoming', f'exec:cat {state}'], tmp)
	check(dst.connect(), f'romresolve destination exited: {dst.stderr()!r}')
	dst.wait_for('incoming migration completed',
		     lambda: dst.qmp('query-status')['status'] != 'inmigrate' and
		     dst.qmp('query-migrate').get('status') == 'completed')
	# The source had never run: the state that travels is prelaunch.
	check_eq(dst.qmp('query-status'),
		 {'status': 'prelaunch', 'singlestep': False, 'running': False},
		 'destination query-status')
	check_eq(dst.hmp('info status').strip(), 'VM status: paused (prelaunch)',
		 'destination info status')
	check_eq(rom_ramblock(dst, 'virtio-net-pci.rom'), (block, 0x40000),
		 'destination ROM RAMBlock')
	check_eq(qtree_prop(dst, 'virtio-net-pci', 'romfile'),
		 [f'{new}{COMPAT}/compat-256k-efi-virtio.rom'], 'destination romfile')
	check_eq(dst.quit(), 0, 'destination exit status')
	log('romresolve exec: migrated, destination paused with the compat ROM')

	# 3. manifests and compare predict both outcomes.
	manifests = {}
	for host, root in (('old', old), ('new', new)):
		for stock_mode in (False, True):
			name = f'{host}{"-stock" if stock_mode else ""}.json'
			argv = [romresolve, 'manifest', '--root', root, '--arch', 'x86_64',
				'--machine', MACHINE] + (['--stock'] if stock_mode else [])
			st, out, err = run(argv, tmp)
			check_eq((st, err), (0, ''), f'manifest {name}')
			with open(os.path.join(tmp, name), 'w') as f:
				f.write(out)
			manifests[name] = json.loads(out)

	def entry(name):
		es = [e for e in manifests[name]['entries']
		      if (e['arch'], e['machine'], e['name']) ==
		      ('x86_64', MACHINE, 'efi-virtio.rom')]
		check_eq(len(es), 1, f'{name}: efi-virtio.rom entries')
		return es[0]

	# What stock QEMU loaded on each host, and the RAMBlocks it compared.
	check_eq((entry('old-stock.json')['path'], entry('old-stock.json')['ramblock']),
		 (f'{old}{IPXE}/efi-virtio.rom', 0x40000), 'old stock manifest')
	check_eq((entry('new-stock.json')['path'], entry('new-stock.json')['ramblock']),
		 (f'{new}{IPXE}/efi-virtio.rom', 0x80000), 'new stock manifest')
	# What romresolve exec gave QEMU on each host.
	check_eq((entry('old.json')['path'], entry('old.json')['ramblock']),
		 (f'{old}{IPXE}/efi-virtio.rom', 0x40000), 'old manifest')
	check_eq((entry('new.json')['path'], entry('new.json')['ramblock']),
		 (f'{new}{COMPAT}/compat-256k-efi-virtio.rom', 0x40000), 'new manifest')

	old_host = manifests['old.json']['host']
	new_host = manifests['new.json']['host']
	st, out, err = run([romresolve, 'compare', 'old-stock.json', 'new-stock.json'], tmp)
	check_eq((st, out, err), (1,
		 f'clash: efi-virtio.rom, {MACHINE}, x86_64: 0x40000 != 0x80000\n'
		 f'1 clash, 0 missing: guests cannot all migrate from {old_host} to {new_host}\n',
		 ''),
		 'compare of the stock manifests')
	st, out, err = run([romresolve, 'compare', 'old.json', 'new.json'], tmp)
	check_eq((st, out, err), (0,
		 f'ok: efi-virtio.rom, {MACHINE}, x86_64: 0x40000\n'
		 f'0 clashes, 0 missing: guests can migrate from {old_host} to {new_host}\n',
		 ''),
		 'compare of the romresolve manifests')
	log('compare: clash for the stock pair, ok for the romresolve pair')


if __name__ == '__main__':
	run_test(main)
