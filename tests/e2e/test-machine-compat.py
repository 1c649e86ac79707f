#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Machine-type compat ROMs with qemu-system-x86_64.

The host's efi-e1000.rom grew to 300 KiB (BAR 512 KiB). A [machine] rule
for pc-i440fx-* until = 2.10 maps it to a 240 KiB compat ROM and pins
rom-size 256K. Old machine types (2.9, and 2.10: the bound is inclusive)
must get the compat file and a 0x40000 ROM RAMBlock; newer ones (2.11:
numerically after 2.10, and 7.2) the new file and 0x80000. `romresolve
which --machine` predicts each.

Mode 'wrapper' (default): Debian's QEMU through `romresolve exec`.
Mode 'patched': the patched QEMU of ROMRESOLVE_PATCHED_QEMU_DIR, installed
on the fake host (e2e.patched_install), resolves itself; the file is checked
through its load_file trace event instead of the romfile property. Skipped
when the variable is unset.
Mode 'patched-10.2': the same with QEMU 10.2, which has no 2.x machine types:
the rule's bound is 7.1 (7.0 and 7.1 old, 7.2 and 10.0 new).
"""
import os

from e2e import (patched_qemu, COMPAT, IPXE, NEW_HOST_DIRS, check_e1000_rom, check_eq, firmware_dir, launcher,
		 log, make_root, parse_args, run, run_test)

CONF = NEW_HOST_DIRS + """\

[machine pre-bionic]
match = pc-i440fx-* pc-q35-*
until = 2.10
max-size = 256K
rom-size = 256K
map = efi-e1000.rom compat-256k-efi-e1000.rom

[device e1000]
romfile = efi-e1000.rom
"""

OLD = (COMPAT + '/compat-256k-efi-e1000.rom', 0x40000)
NEW = (IPXE + '/efi-e1000.rom', 0x80000)
CASES = (
	('pc-i440fx-2.9', OLD),
	('pc-i440fx-2.10', OLD),
	('pc-i440fx-2.11', NEW),
	('pc-i440fx-7.2', NEW),
)


# QEMU 10.2 has no 2.x machine types: the same bound, moved to 7.1
CONF_10_2 = CONF.replace('until = 2.10', 'until = 7.1')
CASES_10_2 = (
	('pc-i440fx-7.0', OLD),
	('pc-i440fx-7.1', OLD),
	('pc-i440fx-7.2', NEW),
	('pc-i440fx-10.0', NEW),
)


def main(tmp):
	romresolve, mode = parse_args()
	conf, cases = (CONF_10_2, CASES_10_2) if mode == 'patched-10.2' else (CONF, CASES)
	root = make_root(os.path.join(tmp, 'host'), {
		f'{IPXE}/efi-e1000.rom': 300 * 1024,
		f'{COMPAT}/compat-256k-efi-e1000.rom': 240 * 1024,
	}, conf)
	fw = firmware_dir(tmp)
	prefix, env = launcher(mode, romresolve, root, 'x86_64', tmp)
	# which asks the QEMU that runs the guest for its machine types: the
	# patched build's, or (wrapper) Debian's on PATH.
	qemu = ['--qemu', patched_qemu('x86_64', mode)] if mode.startswith('patched') else []
	for machine, (path, length) in cases:
		st, out, err = run([romresolve, 'which', 'efi-e1000.rom', '--arch', 'x86_64',
				    '--machine', machine, '--root', root] + qemu, tmp)
		check_eq((st, out, err), (0, root + path + '\n', ''), f'which for {machine}')

		block = check_e1000_rom(mode, machine, prefix, env, machine, fw, tmp, root, path,
					 length)
		log(f'{machine}: {block} 0x{length:x} from {path}')


if __name__ == '__main__':
	run_test(main)
