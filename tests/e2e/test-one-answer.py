#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One answer for a guest (issue 22's acceptance): `which`, the manifest entry
and the ROM that `exec` makes real QEMU load name the same file and size.

With Debian's qemu-system-x86_64 and qemu-system-aarch64 7.2, on two hosts
(this machine's config, and a fake host under --root whose per-arch dir
serves only `virt-*` machine types and whose rule gives old pc machine
types a compat e1000 ROM), for pc, q35, virt, the binary's default machine,
and machine types of `-machine help` sampled across versions (each family's
oldest, its 2.6 if any, a middle one and its newest), for every
ROM-carrying device of the device table that the binary has:

- `which NAME --arch A [--machine M] --json` (M as the user writes it:
  aliases too) gives a path, size and RAMBlock;
- `manifest --arch A --machine M...` has the entry (A, the concrete type,
  NAME) with the same path, size and RAMBlock, and records the binary and
  its version;
- QEMU started through `exec` (paused, -nodefaults, every NIC in one guest,
  each display device in its own, `-trace load_file`) loads that file for
  the device (its romfile, load_file's name) into a ROM RAMBlock of that
  length; where the answer is "no ROM", QEMU makes none.

Unknown machine types fail: which and manifest exit 2 naming the binary,
with the closest names; exec leaves the command line to QEMU, which refuses
it. Usage: test-one-answer.py ROMRESOLVE PRINT_DEVICES.
"""
import json
import os
import re
import shutil
import sys

from e2e import (Qemu, check, check_eq, device_help, log, rom_ramblocks, rom_bytes, run,
		 run_test)

BINARIES = {'x86_64': '/usr/bin/qemu-system-x86_64', 'aarch64': '/usr/bin/qemu-system-aarch64'}
# Devices a paused start cannot make alone (tests/e2e/test-device-table.py).
UNSTARTABLE = {'vhost-user-vga', 'virtio-vga-gl', 'virtio-vga-rutabaga'}

FAKE_CONF = """\
# aarch64 virt guests get a per-arch efi-virtio.rom (300 KiB: a 512 KiB BAR)
[dir /usr/share/qemu-aarch64]
arch = aarch64
machine = virt-*
priority = 10
max-size = 512K

# old x86 machine types keep a compat e1000 ROM
[machine old-pc]
match = pc-i440fx-* pc-q35-*
until = 2.10
map = efi-e1000.rom compat-256k-efi-e1000.rom
"""


def machine_help(binary, tmp):
	"""The concrete types of -machine help, their aliases and the default."""
	_, out, _ = run([binary, '-machine', 'help'], tmp)
	types, aliases, default = [], {}, None
	for line in out.splitlines()[1:]:
		name = line.split()[0]
		m = re.search(r'\(alias of (\S+)\)', line)
		if m:
			aliases[name] = m.group(1)
			continue
		types.append(name)
		if '(default)' in line:
			default = name
	return types, aliases, default


def version_key(t):
	return [int(x) for x in re.findall(r'\d+', t.rsplit('-', 1)[-1])]


def sample(types, aliases, default):
	"""Aliases, the default (None: no --machine) and, per family, the
	oldest, 2.6, a middle and the newest version."""
	picked = list(aliases) + ([None] if default else [])
	for family in ('pc-i440fx', 'pc-q35', 'virt'):
		vers = sorted((t for t in types if re.fullmatch(family + r'-\d+\.\d+', t)),
			      key=version_key)
		if not vers:
			continue
		for t in (vers[0], family + '-2.6', vers[len(vers) // 2], vers[-1]):
			if t in vers and t not in picked:
				picked.append(t)
	return picked


def table(print_devices, arch, machine, tmp):
	_, out, _ = run([print_devices, arch, machine], tmp)
	return dict(line.split(' ', 1) for line in out.splitlines())


def rr(romresolve, root, *args):
	return [romresolve] + list(args) + (['--root', root] if root else [])


def which(romresolve, root, arch, machine, name, tmp):
	argv = rr(romresolve, root, 'which', name, '--arch', arch, '--json') + \
		(['--machine', machine] if machine else [])
	status, out, err = run(argv, tmp)
	check(status == 0, f'which {name} --arch {arch} --machine {machine}: exit {status}, {err!r}')
	check(err == '', f'which {name} --arch {arch} --machine {machine}: printed {err!r}')
	doc = json.loads(out)
	return (doc['path'], doc['size'], doc['ramblock']) if not doc['no_rom'] else (None, None, 0)


def manifest(romresolve, root, arch, machines, tmp):
	argv = rr(romresolve, root, 'manifest', '--arch', arch) + \
		sum((['--machine', m] for m in machines if m), [])
	status, out, err = run(argv, tmp)
	check_eq(status, 0, f'manifest --arch {arch} ({err!r})')
	doc = json.loads(out)
	entries = {(e['arch'], e['machine'], e['name']):
		   (e['path'], e.get('size'), e['ramblock']) for e in doc['entries']}
	return doc, entries


def exec_start(romresolve, root, binary, machine, devices, tmp):
	"""QEMU through exec with @devices at slots 3, 4, ...: per device its
	romfile property, its ROM RAMBlock length (0: none), and what
	load_file loaded."""
	args = ['-accel', 'tcg', '-S', '-display', 'none', '-nodefaults', '-trace', 'load_file']
	if machine:
		args += ['-M', machine]
	for i, dev in enumerate(devices):
		args += ['-device', f'{dev},addr=0x{i + 3:x}']
	q = Qemu('exec', rr(romresolve, root, 'exec') + ['--', binary] + args, tmp)
	check(q.connect(), f'exec {machine} {devices}: QEMU did not start: {q.stderr()!r}')
	blocks = {int(name.split('/')[0].split(':')[2].split('.')[0], 16): length
		  for name, length in rom_ramblocks(q)}
	got = {}
	for i, dev in enumerate(devices):
		romfile = None
		for line in q.hmp('info qtree').split('dev: ')[1:]:
			if line.startswith(dev + ',') and f'addr = {i + 3:02x}.0' in line:
				m = re.search(r'romfile = "([^"]*)"', line)
				romfile = m.group(1) if m else None
		got[dev] = (romfile, blocks.get(i + 3, 0))
	check_eq(q.quit(), 0, f'exec {machine}: exit status')
	loaded = set(re.findall(r'load_file name (\S+) location', q.stderr()))
	return got, loaded


def one_host(romresolve, print_devices, root, tmp):
	host = f'--root {root}' if root else 'this host'
	for arch, binary in BINARIES.items():
		types, aliases, default = machine_help(binary, tmp)
		machines = sample(types, aliases, default)
		devices = device_help(binary, tmp)
		have = {d[0] for d in devices}
		doc, entries = manifest(romresolve, root, arch, machines, tmp)
		qemus = [b for b in doc.get('qemu', []) if b.get('arch') == arch]
		check_eq([b.get('binary') for b in qemus], [binary], f'{host} manifest: the binary')
		check(qemus[0].get('version', '').startswith('7.2'), f'manifest version: {qemus}')
		n = 0
		for machine in machines:
			concrete = aliases.get(machine, machine) if machine else default
			want = table(print_devices, arch, concrete, tmp)
			devs = [d for d in sorted(want) if d in have and d not in UNSTARTABLE]
			answers = {}
			for dev in devs:
				name = want[dev]
				if name == '-':
					answers[dev] = (None, None, 0)
					continue
				answers[dev] = which(romresolve, root, arch, machine, name, tmp)
				check_eq(entries.get((arch, concrete, name)), answers[dev],
					 f'{host}: manifest entry ({arch}, {concrete}, {name}) '
					 f'against which')
			cats = {d[0]: d[2] for d in devices}
			groups = [[d for d in devs if cats.get(d) != 'Display devices']] + \
				 [[d] for d in devs if cats.get(d) == 'Display devices']
			for group in groups:
				got, loaded = exec_start(romresolve, root, binary, machine, group, tmp)
				for dev in group:
					path, size, ramblock = answers[dev]
					romfile, length = got[dev]
					what = f'{host}: {arch} {machine or "(default)"} {dev}'
					check_eq(length, ramblock, f'{what}: ROM RAMBlock (which, manifest)')
					if path:
						check_eq(romfile, path, f'{what}: romfile exec gave')
						check(path in loaded, f'{what}: QEMU did not load {path}')
						check_eq(os.path.getsize(path), size, f'{what}: size')
					n += 1
			log(f'{host}: {arch} {machine or "(default: " + str(default) + ")"} '
			    f'({concrete}): {len(devs)} devices agree')
		log(f'{host}: {arch}: {n} (machine, device) pairs, one answer each')


def unknown(romresolve, tmp):
	for arch, binary in BINARIES.items():
		status, out, err = run([romresolve, 'which', 'efi-virtio.rom', '--arch', arch,
					'--machine', 'pc-q53'], tmp)
		check_eq(status, 2, f'which --machine pc-q53 ({arch}): exit status')
		check(binary in err and 'pc-q53' in err, f'which: {err!r}')
		status, out, err = run([romresolve, 'manifest', '--arch', arch, '--machine',
					'virt-9.9'], tmp)
		check_eq(status, 2, f'manifest --machine virt-9.9 ({arch}): exit status')
		log(f'unknown machine types ({arch}): {err.strip()}')
	status, out, err = run([romresolve, 'exec', '--', BINARIES['x86_64'], '-M', 'pc-q53',
				'-S', '-display', 'none'], tmp)
	check(status != 0, 'exec -M pc-q53: QEMU started')
	log(f'exec -M pc-q53: QEMU refuses: {err.strip()}')


def fake_host(romresolve, print_devices, tmp):
	"""The host's ROM files under a root (copies: a link would resolve
	inside the root), a per-arch efi-virtio.rom and a compat e1000 ROM."""
	root = os.path.join(tmp, 'host')
	names = set()
	for arch in BINARIES:
		names |= {r for r in table(print_devices, arch, 'none', tmp).values() if r != '-'}
	for name in names:
		status, out, _ = run([romresolve, 'which', name, '--arch', 'x86_64'], tmp)
		if status == 0:
			dest = root + out.strip()
			os.makedirs(os.path.dirname(dest), exist_ok=True)
			shutil.copyfile(os.path.realpath(out.strip()), dest)
	for path, size in (('usr/share/qemu-aarch64/efi-virtio.rom', 300 * 1024),
			   ('usr/share/qemu/compat-256k-efi-e1000.rom', 100 * 1024)):
		os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
		with open(os.path.join(root, path), 'wb') as f:
			f.write(rom_bytes(size))
	os.makedirs(os.path.join(root, 'etc/qemu/romresolve.d'))
	with open(os.path.join(root, 'etc/qemu/romresolve.d/50-e2e.conf'), 'w') as f:
		f.write(FAKE_CONF)
	return root


def fake_host_policy(romresolve, root, tmp):
	"""The fake host's policy is at work (the agreement above is not that
	of a host where every answer is the same file)."""
	for arch, machine, name, want in (
			('aarch64', 'virt', 'efi-virtio.rom', '/usr/share/qemu-aarch64/efi-virtio.rom'),
			('aarch64', 'virt-2.6', 'efi-virtio.rom', '/usr/share/qemu-aarch64/efi-virtio.rom'),
			('x86_64', 'pc-i440fx-2.6', 'efi-e1000.rom',
			 '/usr/share/qemu/compat-256k-efi-e1000.rom')):
		path, size, ramblock = which(romresolve, root, arch, machine, name, tmp)
		check_eq(path, root + want, f'--root: which {name} --arch {arch} --machine {machine}')
		log(f'--root: {arch} {machine} {name}: {path} ({size} bytes, RAMBlock 0x{ramblock:x})')


def main(tmp):
	if len(sys.argv) != 3:
		print(f'usage: {sys.argv[0]} ROMRESOLVE PRINT_DEVICES', file=sys.stderr)
		sys.exit(99)
	romresolve, print_devices = (os.path.abspath(a) for a in sys.argv[1:])
	one_host(romresolve, print_devices, None, tmp)
	root = fake_host(romresolve, print_devices, tmp)
	one_host(romresolve, print_devices, root, tmp)
	fake_host_policy(romresolve, root, tmp)
	unknown(romresolve, tmp)


if __name__ == '__main__':
	run_test(main)
