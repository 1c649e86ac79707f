#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Per-arch ROM dirs: one fake host, two QEMU targets, two efi-e1000.rom.

/usr/share/qemu-aarch64 (arch = aarch64, searched first) holds a 100 KiB
efi-e1000.rom; /usr/lib/ipxe/qemu (every target) a 240 KiB one.
qemu-system-aarch64 -M virt -device e1000 must get the aarch64 file (ROM
RAMBlock 0x20000); qemu-system-x86_64 -M pc -device e1000 must not see the
aarch64 dir and gets the 240 KiB file (0x40000). `romresolve which`
predicts both.

Mode 'wrapper' (default): Debian's QEMU through `romresolve exec`.
Mode 'patched': the patched QEMU of ROMRESOLVE_PATCHED_QEMU_DIR, installed
on the fake host (e2e.patched_install), resolves itself; the file is checked
through its load_file trace event instead of the romfile property. Skipped
when the variable is unset.
"""
import os

from e2e import (check_e1000_rom, check_eq, firmware_dir, launcher, log, make_root,
		 parse_args, run, run_test)

A64 = '/usr/share/qemu-aarch64'
IPXE = '/usr/lib/ipxe/qemu'
CONF = f"""\
[dir {A64}]
arch = aarch64
priority = 10
max-size = 256K

[dir {IPXE}]
priority = 30
max-size = 256K

[device e1000]
romfile = efi-e1000.rom
"""

CASES = (
	# target, machine, file it must load, ROM RAMBlock length
	('aarch64', 'virt', A64 + '/efi-e1000.rom', 0x20000),
	('x86_64', 'pc', IPXE + '/efi-e1000.rom', 0x40000),
)


def main(tmp):
	romresolve, mode = parse_args()
	root = make_root(os.path.join(tmp, 'host'), {
		f'{A64}/efi-e1000.rom': 100 * 1024,
		f'{IPXE}/efi-e1000.rom': 240 * 1024,
	}, CONF)
	fw = firmware_dir(tmp)
	for target, machine, path, length in CASES:
		st, out, err = run([romresolve, 'which', 'efi-e1000.rom', '--arch', target,
				    '--root', root], tmp)
		check_eq((st, out, err), (0, root + path + '\n', ''), f'which for {target}')

		prefix, env = launcher(mode, romresolve, root, target, tmp)
		block = check_e1000_rom(mode, target, prefix, env, machine, fw, tmp, root, path,
					 length)
		log(f'{target} -M {machine}: {block} 0x{length:x} from {path}')


if __name__ == '__main__':
	run_test(main)
