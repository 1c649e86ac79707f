#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An oversize ROM stops QEMU before it starts.

The fake host's only efi-e1000.rom is 300 KiB in a dir whose ceiling is
256K. `romresolve which` refuses it with one line that names the file, its
size and the ceiling (and the config line).

Mode 'wrapper' (default): `romresolve exec -- qemu-system-x86_64 ... -device
e1000` exits 1 with that same line (prefixed with the device) and nothing
else on stderr, and QEMU never starts a guest: a qemu-system-x86_64 on PATH
that logs its command lines records at most the wrapper's queries of the
binary (-help, -version -OPT, -machine help, -device help, -L help, the -global check
of an empty machine). The machine's
default NIC (no -nodefaults) stops the start, and a device_add of an e1000
is refused, each with QEMU's error quoting romresolve's reason. A control run with a 240 KiB file through the same logging
QEMU shows that the log does see the guest's QEMU when it runs.
Mode 'patched': the patched QEMU of ROMRESOLVE_PATCHED_QEMU_DIR, installed on
the fake host (e2e.patched_install), refuses the device itself, with the
library's message (the same as `romresolve which`, with the paths it has on
that install), and exits 1.
"""
import os
import shutil

from e2e import (Failure, Qemu, check, check_eq, env_for, firmware_dir, log, make_root,
		 parse_args, patched_install, run, run_test)

IPXE = '/usr/lib/ipxe/qemu'
MACHINE = 'pc-i440fx-7.2'   # -M pc
CONF = f"""\
[dir {IPXE}]
max-size = 256K

[device e1000]
romfile = efi-e1000.rom
"""


def logging_qemu(tmp):
	"""A qemu-system-x86_64 that appends its arguments to a log, then runs
	the real one; returns (bin dir, log path)."""
	real = shutil.which('qemu-system-x86_64')
	check(real is not None, 'no qemu-system-x86_64 on PATH')
	bindir = os.path.join(tmp, 'bin')
	os.makedirs(bindir)
	logfile = os.path.join(tmp, 'qemu-runs.log')
	script = os.path.join(bindir, 'qemu-system-x86_64')
	with open(script, 'w') as f:
		f.write(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {logfile}\nexec {real} "$@"\n')
	os.chmod(script, 0o755)
	return bindir, logfile


def is_query(run):
	"""What exec asks the binary about itself; no guest runs (-machine none:
	the -global check of an empty machine)."""
	return run in ('-help', '-machine help', '-device help', '-L help', '-version') or \
		run.startswith('-version -') or run.startswith('-machine none -nodefaults ')


def runs(logfile):
	if not os.path.exists(logfile):
		return []
	with open(logfile) as f:
		return f.read().splitlines()


def main(tmp):
	romresolve, mode = parse_args()
	root = make_root(os.path.join(tmp, 'host'), {f'{IPXE}/efi-e1000.rom': 300 * 1024},
			 CONF)
	conf = f'{root}/etc/qemu/romresolve.d/50-e2e.conf'
	reason = (f'no usable efi-e1000.rom for x86_64, machine {MACHINE}: '
		  f'{root}{IPXE}/efi-e1000.rom: '
		  f'300 KiB (307200 bytes) is over the 256 KiB ceiling of {IPXE} from {conf}:1')
	which = [romresolve, 'which', 'efi-e1000.rom', '--arch', 'x86_64',
		 '--machine', MACHINE, '--root', root]

	qemu_args = ['-accel', 'tcg', '-S', '-nodefaults', '-display', 'none', '-M', MACHINE,
		     '-L', firmware_dir(tmp), '-device', 'e1000']
	if mode != 'wrapper':
		# skipped here when that QEMU build is not there
		bindir, patched_conf = patched_install(mode, root)
		prefix = [os.path.join(bindir, 'qemu-system-x86_64')]
		# the patched QEMU must give the library's own reason, word for
		# word, with the dir and config file of its install
		st, out, err = run(which, tmp)
		check_eq((st, out, err), (1, '', f'romresolve: {reason}\n'), 'which')
		reason = reason.replace(f'ceiling of {IPXE} from {conf}',
					f'ceiling of {root}{IPXE} from {patched_conf}')
		q = Qemu(mode, prefix + qemu_args, tmp, env_for(tmp))
		q.connect()
		status = q.wait_exit()
		lines = q.stderr().splitlines()
		check(any(line.endswith(reason) and line.startswith(prefix[0].rsplit('/', 1)[1])
			  for line in lines),
		      f'expected a line ending in {reason!r} in {lines!r}')
		check_eq(status, 1, 'patched QEMU exit status')
		log('patched QEMU refused the device: ' + reason)
		return

	st, out, err = run(which, tmp)
	check_eq((st, out, err), (1, '', f'romresolve: {reason}\n'), 'which')

	bindir, logfile = logging_qemu(tmp)
	env = env_for(tmp, {'PATH': bindir + os.pathsep + os.environ['PATH']})
	argv = [romresolve, 'exec', '--root', root, '--', 'qemu-system-x86_64'] + qemu_args
	q = Qemu('oversize', argv, tmp, env)
	check(not q.connect(), 'QEMU started: its QMP socket answered')
	status = q.wait_exit()
	check_eq((status, q.stderr()), (1, f'romresolve: -device e1000: {reason}\n'),
		 'romresolve exec (status, stderr)')
	check(not os.path.exists(q.sock_path), 'QEMU created its QMP socket')
	check(all(is_query(r) for r in runs(logfile)),
	      f'QEMU ran with more than queries: {runs(logfile)!r}')
	log(f'romresolve exec stopped before QEMU; QEMU runs logged: {runs(logfile)!r}')

	# A device exec does not see on the command line: the machine's default
	# NIC (no -nodefaults) stops the start, a device_add is refused, both
	# with QEMU's error naming romresolve's reason; QEMU's own lookup is
	# never reached.
	base = [a for a in qemu_args if a not in ('-nodefaults', '-device', 'e1000')]
	q = Qemu('default-nic', [romresolve, 'exec', '--root', root, '--',
				 'qemu-system-x86_64'] + base + ['-vga', 'none'], tmp, env)
	check(not q.connect(), 'QEMU started with an oversize default NIC ROM')
	check_eq(q.wait_exit(), 1, 'default NIC: QEMU exit status')
	want = ('/dev/null/romresolve: e1000: no usable efi-e1000.rom for x86_64, machine ' +
		MACHINE + ': ')
	check(want in q.stderr(), f'default NIC: expected {want!r} in {q.stderr()!r}')
	log('default NIC: ' + q.stderr().strip())
	q = Qemu('hotplug', [romresolve, 'exec', '--root', root, '--',
			     'qemu-system-x86_64'] + base + ['-nodefaults'], tmp, env)
	check(q.connect(), f'hotplug QEMU exited: {q.stderr()!r}')
	try:
		q.qmp('device_add', driver='e1000', id='hp0')
	except Failure as e:
		check(want in str(e), f'device_add: expected {want!r} in {e}')
		log(f'device_add refused: {e}')
	else:
		raise Failure('device_add of an e1000 with an oversize ROM succeeded')
	check_eq(q.quit(), 0, 'hotplug QEMU exit status')

	# Control: the log does record a guest's QEMU when one runs.
	os.truncate(f'{root}{IPXE}/efi-e1000.rom', 240 * 1024)
	q = Qemu('control', argv, tmp, env)
	check(q.connect(), f'control QEMU exited: {q.stderr()!r}')
	check_eq(q.quit(), 0, 'control QEMU exit status')
	guest_runs = [r for r in runs(logfile) if not is_query(r)][2:]
	check_eq(len(guest_runs), 1, f'guest QEMU runs logged in {runs(logfile)!r}')
	check(f'-global e1000.romfile={root}{IPXE}/efi-e1000.rom ' in guest_runs[0],
	      f'control run: no -global for e1000 in {guest_runs[0]!r}')
	log('control: a 240 KiB ROM starts QEMU, and the log shows it')


if __name__ == '__main__':
	run_test(main)
