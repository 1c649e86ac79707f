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
  mismatch" message (so the first case passes because of the rule).

Both destinations run with x-rom-resize=off (the rom-resize patch group),
which would otherwise take the ROM's size from the stream whatever the
rule says; a third case shows that: the pc-i440fx-10.0 guest migrates to
the new host with the property at its default, and keeps its 256 KiB ROM
(test-rom-resize.py tests that group in full).

Each host is a fake root given to the patched QEMU with ROMRESOLVE_ROOT (a
QEMU configured with --enable-romresolve-test-root). Mode 'patched' is
QEMU 10.0 (ROMRESOLVE_PATCHED_QEMU_DIR), 'patched-10.2' QEMU 10.2
(ROMRESOLVE_PATCHED_QEMU_DIR_10_2); skipped when the variable is unset.
"""
import os

from e2e import (COMPAT, IPXE, NEW_HOST_CONF, Qemu, check, check_eq, env_for, firmware_dir, log, make_root,
		 parse_args, patched_qemu, rom_ramblock, run_test)


OLD_CONF = f"""\
[dir {IPXE}]
max-size = 256K
"""



def main(tmp):
	_, mode = parse_args()
	qemu = patched_qemu('x86_64', mode)
	old = make_root(os.path.join(tmp, 'old'), {f'{IPXE}/efi-virtio.rom': 240 * 1024},
			OLD_CONF)
	new = make_root(os.path.join(tmp, 'new'), {
		f'{IPXE}/efi-virtio.rom': 300 * 1024,
		f'{COMPAT}/compat-256k-efi-virtio.rom': 240 * 1024,
	}, NEW_HOST_CONF)
	fw = firmware_dir(tmp)

	def argv(machine, extra=()):
		return [qemu, '-accel', 'tcg', '-S', '-nodefaults', '-display', 'none',
			'-no-user-config', '-M', machine, '-L', fw, '-trace', 'load_file',
			'-device', 'virtio-net-pci'] + list(extra)

	# the destination keeps its own ROM size, as QEMU without rom-resize
	fixed = ['-global', 'pci-device.x-rom-resize=off']

	def host(root):
		return env_for(tmp, {'ROMRESOLVE_ROOT': root})

	def save(machine):
		src = Qemu(f'src-{machine}', argv(machine), tmp, host(old))
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
	dst = Qemu(f'dst-{machine}', argv(machine, fixed) + ['-incoming', f'exec:cat {state}'],
		   tmp, host(new))
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
	dst = Qemu(f'dst-{machine}', argv(machine, fixed) + ['-incoming', f'exec:cat {state}'],
		   tmp, host(new))
	status = dst.wait_exit()
	want = f'Size mismatch: {block}: 0x40000 != 0x80000'
	check(want in dst.stderr(), f'{machine}: expected {want!r} in {dst.stderr()!r}')
	check_eq(status, 1, f'{machine}: destination exit status')
	log(f'{machine}: no rule applies, the destination refused the stream: {want}')

	# 3. the same guest, x-rom-resize at its default: the stream's size wins
	dst = Qemu(f'dst-{machine}-resize', argv(machine) + ['-incoming', f'exec:cat {state}'],
		   tmp, host(new))
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
