#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Migration between two hosts that both run the patched QEMU and whose ROM
trees differ (the old-host/new-host case of test-migration.py, without the
wrapper).

The old host has a 240 KiB efi-virtio.rom (BAR 256 KiB). The new host has a
300 KiB one (BAR 512 KiB) and, for pc-i440fx machine types up to 7.2, a
[machine] rule that maps it to a 240 KiB compat ROM with rom-size 256K.

- a pc-i440fx-7.2 guest started paused on the old host migrates to the new
  host: the destination's resolver picks the compat ROM (load_file trace),
  the ROM RAMBlock is 256 KiB on both sides, migration completes;
- the same with pc-i440fx-10.0, which no rule covers: the new host's ROM
  BAR is 512 KiB and the destination refuses the stream with QEMU's "Size
  mismatch" message (so the first case passes because of the rule), which
  goes on to name the device, the romfile, the file and its size, and the
  romresolve dir (and config line) that chose the local size;
- the same 10.0 guest to a third host whose rule pins every ROM BAR of
  pc-i440fx machine types to 512 KiB: refused, and the hint names the pin's
  config line.

Both destinations run with x-rom-resize=off (the rom-resize patch group),
which would otherwise take the ROM's size from the stream whatever the
rule says; a third case shows that: the pc-i440fx-10.0 guest migrates to
the new host with the property at its default, and keeps its 256 KiB ROM
(test-rom-resize.py tests that group in full).

Each host is a fake root with the patched QEMU installed on it
(e2e.patched_install: its own binary, config dirs and data dir). Mode
'patched' is QEMU 10.0 (ROMRESOLVE_PATCHED_QEMU_DIR), 'patched-10.2' QEMU
10.2 (ROMRESOLVE_PATCHED_QEMU_DIR_10_2); skipped when the variable is unset.
"""
import os

from e2e import (COMPAT, IPXE, NEW_HOST_CONF, Qemu, check, check_eq, env_for, firmware_dir, log, make_root,
		 parse_args, patched_install, rom_ramblock, run_test)


OLD_CONF = f"""\
[dir {IPXE}]
max-size = 256K
"""
# every ROM BAR of pc-i440fx machine types pinned to 512 KiB (its header is
# line 3 of the file, after OLD_CONF)
PIN_RULE = """\
[machine pin-512k]
match = pc-i440fx-*
rom-size = 512K
"""



def main(tmp):
	_, mode = parse_args()
	old = make_root(os.path.join(tmp, 'old'), {f'{IPXE}/efi-virtio.rom': 240 * 1024},
			OLD_CONF)
	new = make_root(os.path.join(tmp, 'new'), {
		f'{IPXE}/efi-virtio.rom': 300 * 1024,
		f'{COMPAT}/compat-256k-efi-virtio.rom': 240 * 1024,
	}, NEW_HOST_CONF)
	fw = firmware_dir(tmp)
	qemu = {}
	for root in (old, new):
		bindir, conf = patched_install(mode, root)
		qemu[root] = os.path.join(bindir, 'qemu-system-x86_64')
	new_conf = conf

	def argv(root, machine, extra=()):
		return [qemu[root], '-accel', 'tcg', '-S', '-nodefaults', '-display', 'none',
			'-no-user-config', '-M', machine, '-L', fw, '-trace', 'load_file',
			'-device', 'virtio-net-pci'] + list(extra)

	# the destination keeps its own ROM size, as QEMU without rom-resize
	fixed = ['-global', 'pci-device.x-rom-resize=off']

	def save(machine):
		src = Qemu(f'src-{machine}', argv(old, machine), tmp, env_for(tmp))
		check(src.connect(), f'{machine}: source exited: {src.stderr()!r}')
		block = rom_ramblock(src, 'virtio-net-pci.rom')
		check(block is not None, f'{machine}: source has no virtio-net-pci.rom RAMBlock')
		check_eq(block[1], 0x40000, f'{machine}: source {block[0]} length')
		state = os.path.join(tmp, machine + '.state')
		src.qmp('migrate', uri=f'exec:cat > {state}')
		src.wait_for('migration completed',
			     lambda: src.qmp('query-migrate').get('status') == 'completed')
		check_eq(src.quit(), 0, f'{machine}: source exit status')
		want = f'load_file name efi-virtio.rom location {old}{IPXE}/efi-virtio.rom'
		check(want in src.stderr().splitlines(),
		      f'{machine}: expected {want!r} in {src.stderr()!r}')
		return block[0], state

	# 1. a 7.2 guest: the rule on the new host keeps its ROM BAR
	machine = 'pc-i440fx-7.2'
	block, state = save(machine)
	dst = Qemu(f'dst-{machine}', argv(new, machine, fixed) + ['-incoming', f'exec:cat {state}'],
		   tmp, env_for(tmp))
	check(dst.connect(), f'{machine}: destination exited: {dst.stderr()!r}')
	dst.wait_for('incoming migration completed',
		     lambda: dst.qmp('query-status')['status'] != 'inmigrate' and
		     dst.qmp('query-migrate').get('status') == 'completed')
	check_eq(dst.hmp('info status').strip(), 'VM status: paused (prelaunch)',
		 f'{machine}: destination info status')
	check_eq(rom_ramblock(dst, 'virtio-net-pci.rom'), (block, 0x40000),
		 f'{machine}: destination ROM RAMBlock')
	check_eq(dst.quit(), 0, f'{machine}: destination exit status')
	want = f'load_file name efi-virtio.rom location {new}{COMPAT}/compat-256k-efi-virtio.rom'
	check(want in dst.stderr().splitlines(),
	      f'{machine}: expected {want!r} in {dst.stderr()!r}')
	log(f'{machine}: migrated old -> new, the new host loaded its compat ROM, '
	    f'{block} 0x40000 on both')

	# 2. a 10.0 guest: no rule, the new host's BAR is 512 KiB: refused
	machine = 'pc-i440fx-10.0'
	block, state = save(machine)
	dst = Qemu(f'dst-{machine}', argv(new, machine, fixed) + ['-incoming', f'exec:cat {state}'],
		   tmp, env_for(tmp))
	status = dst.wait_exit()
	want = f'Size mismatch: {block}: 0x40000 != 0x80000'
	check(want in dst.stderr(), f'{machine}: expected {want!r} in {dst.stderr()!r}')
	# ... and names its cause: the device, the romfile, the file and its
	# size, the dir and config line that chose it, the local size
	why = (f'The size 0x80000 of {block} here is the ROM BAR of virtio-net-pci: '
	       f'romfile "efi-virtio.rom" ({new}{IPXE}/efi-virtio.rom, 307200 bytes) '
	       f'from romresolve dir {new}{IPXE} ({new_conf}:')
	check(why in dst.stderr(), f'{machine}: expected {why!r} in {dst.stderr()!r}')
	check_eq(status, 1, f'{machine}: destination exit status')
	log(f'{machine}: no rule applies, the destination refused the stream: {want}')
	log(next(line for line in dst.stderr().splitlines() if line.startswith('The size')))

	# 2b. the same guest to a host that pins the BAR: the hint names the pin
	pin = make_root(os.path.join(tmp, 'pin'), {f'{IPXE}/efi-virtio.rom': 240 * 1024},
			OLD_CONF + PIN_RULE)
	bindir, pin_conf = patched_install(mode, pin)
	qemu[pin] = os.path.join(bindir, 'qemu-system-x86_64')
	dst = Qemu(f'pin-{machine}', argv(pin, machine, fixed) +
		   ['-incoming', f'exec:cat {state}'], tmp, env_for(tmp))
	status = dst.wait_exit()
	why = (f'The size 0x80000 of {block} here is the ROM BAR of virtio-net-pci: '
	       f'romfile "efi-virtio.rom" ({pin}{IPXE}/efi-virtio.rom, 245760 bytes) '
	       f'from romresolve dir {pin}{IPXE} ({pin_conf}:1), ROM BAR 512 KiB pinned by '
	       f'rom-size ({pin_conf}:3).')
	check(why in dst.stderr(), f'{machine}: expected {why!r} in {dst.stderr()!r}')
	check_eq(status, 1, f'{machine}: pinned destination exit status')
	log(next(line for line in dst.stderr().splitlines() if line.startswith('The size')))

	# 3. the same guest, x-rom-resize at its default: the stream's size wins
	dst = Qemu(f'dst-{machine}-resize', argv(new, machine) + ['-incoming', f'exec:cat {state}'],
		   tmp, env_for(tmp))
	check(dst.connect(), f'{machine}: destination exited: {dst.stderr()!r}')
	dst.wait_for('incoming migration completed',
		     lambda: dst.qmp('query-status')['status'] != 'inmigrate' and
		     dst.qmp('query-migrate').get('status') == 'completed')
	check_eq(rom_ramblock(dst, 'virtio-net-pci.rom'), (block, 0x40000),
		 f'{machine}: destination ROM RAMBlock with x-rom-resize')
	check_eq(dst.quit(), 0, f'{machine}: destination exit status')
	log(f'{machine}: with x-rom-resize the new host took the stream\'s 0x40000')


if __name__ == '__main__':
	run_test(main)
