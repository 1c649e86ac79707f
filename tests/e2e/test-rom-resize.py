#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Option ROMs sized from the incoming migration stream (the rom-resize patch
group of qemu-integration/, QEMU's x-rom-resize device property): real
migrations between two QEMU processes (-incoming, TCG) whose hosts' ROM files
differ in size, with no romresolve configuration on either side.

Host A has 256 KiB efi-virtio.rom and efi-e1000.rom and a 64 KiB
vgabios-stdvga.bin; host B has 512 KiB, 512 KiB and 128 KiB files (the
Debian ipxe 256K -> 512K update). Each host's files are found through -L.
The guest runs a firmware that only halts (so nothing in the guest moves its
BARs); before it runs, the test programs each ROM BAR through the PCI config
ports (HMP o/i) at an address aligned to the BAR's size but not to twice
that, and enables it. On every destination it checks, for virtio-net-pci,
e1000 and VGA: the ROM RAMBlock's length (info ramblock), the ROM BAR's
address and size (info pci), the romsize property (info qtree) and the ROM's
bytes as the guest sees them through the BAR (pmemsave) equal the source's.

Cases:
- A -> B (precopy, the guest running), then back from that process to a
  fresh A (the sizes now agree);
- a guest started on B -> A, with postcopy (the ROMs shrink);
- A -> B through a mapped-ram file (migration/ram.c resizes blocks for
  mapped-ram streams too, with the series' second patch);
- x-rom-resize=off on the destination: QEMU's "Size mismatch"; off on the
  source only: migrates (the stream is the same);
- the destination's size from romsize= (its file is not even there) gives
  way to the source's;
- refused with the one error naming the ROM, the romfile and both sizes:
  a source whose ROM BAR is smaller than a page (the stream says one page),
  and a stream whose ROM length was edited to 0x60000; over the 16 MiB cap:
  RAM's own "Size too large";
- with the library (modes patched*): a size pinned by the destination's
  romresolve configuration gives way to the source's too.

Modes: 'patched' / 'patched-10.2' run the QEMU 10.0 / 10.2 built with the
library (ROMRESOLVE_PATCHED_QEMU_DIR / _10_2, from its build dir, whose
relocated config dirs are empty: the embedded default configuration; the
pinned host of case 7 is a fake install, e2e.patched_install); 'plain' / 'plain-10.2' the same series
built without it (ROMRESOLVE_PLAIN_QEMU_DIR / _10_2). Skipped when the
variable is unset.
"""
import json
import os
import sys
import random
import re
import struct

from e2e import (Qemu, check, check_eq, env_for, log, parse_args, patched_install,
		 patched_qemu, run, qtree_prop, rom_ramblock, run_test)

MACHINE = 'pc-i440fx-10.0'      # in QEMU 10.0 and 10.2
KiB = 1024
MiB = 1024 * KiB

# driver, PCI slot, RAMBlock name suffix, default romfile
DEVICES = [
	('VGA', 2, 'vga.rom', 'vgabios-stdvga.bin'),
	('virtio-net-pci', 3, 'virtio-net-pci.rom', 'efi-virtio.rom'),
	('e1000', 4, 'e1000.rom', 'efi-e1000.rom'),
]
HOST_A = {'vgabios-stdvga.bin': 64 * KiB, 'efi-virtio.rom': 256 * KiB,
	  'efi-e1000.rom': 256 * KiB}
HOST_B = {'vgabios-stdvga.bin': 128 * KiB, 'efi-virtio.rom': 512 * KiB,
	  'efi-e1000.rom': 512 * KiB}
# a ROM BAR smaller than a page: the stream carries one page
HOST_C = {'efi-virtio.rom': 2 * KiB}

UNMAPPED = 0xffffffffffffffff


def rom_image(host, name, size):
	"""A ROM of size bytes that differs between hosts and names: 0x55 0xAA,
	random bytes, no PCI data structure (QEMU patches no IDs into it)."""
	data = bytearray(random.Random(f'{host}/{name}').randbytes(size))
	data[0:2] = b'\x55\xaa'
	data[0x18:0x1a] = b'\0\0'
	return bytes(data)


def make_host(tmp, label, files):
	d = os.path.join(tmp, label)
	os.makedirs(d, exist_ok=True)
	for name, size in files.items():
		with open(os.path.join(d, name), 'wb') as f:
			f.write(rom_image(label, name, size))
	return d


def halt_firmware(tmp):
	"""A 64 KiB BIOS whose reset vector halts forever (cli; hlt; jmp back):
	the guest runs, uses no CPU and never touches PCI."""
	path = os.path.join(tmp, 'halt.bin')
	image = bytearray(64 * KiB)
	image[0xfff0:0xfff4] = b'\xfa\xf4\xeb\xfd'
	with open(path, 'wb') as f:
		f.write(image)
	return path


class Hosts:
	def __init__(self, tmp, mode):
		self.tmp = tmp
		self.mode = mode
		self.qemu = patched_qemu('x86_64', mode)
		self.lib = mode.startswith('patched')
		self.bios = halt_firmware(tmp)
		self.dirs = {'A': make_host(tmp, 'A', HOST_A), 'B': make_host(tmp, 'B', HOST_B),
			     'C': make_host(tmp, 'C', HOST_C)}
		self.empty_root = os.path.join(tmp, 'empty-root')
		os.makedirs(self.empty_root, exist_ok=True)
		self.count = 0

	def start(self, label, host, extra=(), devices=None, incoming=None, qemu=None):
		"""A QEMU on host (A, B, C or None: no -L dir), paused unless it
		is a destination (then it runs when the migration ends, as the
		source did); qemu: another binary (a fake install)."""
		self.count += 1
		argv = [qemu or self.qemu, '-accel', 'tcg', '-nodefaults', '-display', 'none',
			'-no-user-config', '-M', MACHINE, '-m', '32', '-bios', self.bios]
		if host:
			argv += ['-L', self.dirs[host]]
		if devices is None:
			devices = [f'{drv},addr={slot}' for drv, slot, _, _ in DEVICES]
		for d in devices:
			argv += ['-device', d]
		argv += list(extra)
		argv += ['-incoming', incoming] if incoming else ['-S']
		return Qemu(f'{self.count:02d}-{label}', argv, self.tmp, env_for(self.tmp))


# ---- what the guest sees ----

def cfg(q, slot, reg, value=None):
	"""Read (or write) the 32-bit config register reg of 00:slot.0 through
	the PCI config ports."""
	q.hmp(f'o /w 0xcf8 {0x80000000 | slot << 11 | reg:#x}')
	if value is not None:
		q.hmp(f'o /w 0xcfc {value:#x}')
		return value
	return int(q.hmp('i /w 0xcfc').split()[-1], 16)


def program_rom_bars(q, sizes, base=0xfe000000):
	"""Map each device's ROM BAR at an address aligned to its size but not
	to twice it (so a BAR of another size would not accept it), enabled,
	with memory decoding on."""
	for i, (drv, slot, _, _) in enumerate(DEVICES):
		if drv not in sizes:
			continue
		addr = base + i * 0x200000 + sizes[drv]
		cfg(q, slot, 0x30, addr | 1)
		cfg(q, slot, 0x04, (cfg(q, slot, 0x04) & 0xffff) | 0x2)


def rom_bars(q):
	"""{slot: (address, size)} of every ROM BAR (BAR6) in info pci."""
	bars, slot = {}, None
	for line in q.hmp('info pci').splitlines():
		m = re.match(r'\s*Bus\s+0, device\s+(\d+), function 0:', line)
		if m:
			slot = int(m.group(1))
			continue
		m = re.match(r'\s*BAR6: 32 bit memory at (0x[0-9a-f]+) \[(0x[0-9a-f]+)\]', line)
		if m and slot is not None:
			addr, end = int(m.group(1), 16), int(m.group(2), 16)
			# QEMU 10.0 unmapped: "at 0xffffffffffffffff [size - 2]"
			size = end + 2 if addr == UNMAPPED else end - addr + 1
			bars[slot] = (addr, size)
		elif slot is not None and re.match(r'\s*BAR6: 32 bit memory \(not mapped\)', line):
			bars[slot] = (UNMAPPED, None)     # QEMU 10.2: no size
	return bars


def rom_state(q, tmp, drivers=None):
	"""What the guest and the monitor show of each device's ROM:
	{driver: (RAMBlock, length, (BAR address, size), romsize, bytes)}."""
	state = {}
	bars = rom_bars(q)
	for drv, slot, block, _ in DEVICES:
		if drivers is not None and drv not in drivers:
			continue
		rb = rom_ramblock(q, block)
		check(rb is not None, f'[{q.name}] no {block} RAMBlock')
		check(slot in bars, f'[{q.name}] no ROM BAR on 00:{slot:02x}.0')
		addr, size = bars[slot]
		data = None
		if addr != UNMAPPED:
			path = os.path.join(tmp, f'{q.name}-{drv}.bin')
			q.hmp(f'pmemsave {addr:#x} {size:#x} "{path}"')
			with open(path, 'rb') as f:
				data = f.read()
		romsize = qtree_prop(q, drv, 'romsize')
		state[drv] = (rb[0], rb[1], bars[slot], romsize, data)
	return state


def check_source(q, tmp, host, files, sizes):
	"""The source's ROMs: sizes gives each driver's BAR (the file's, or
	its romsize=); the bytes the guest reads through a mapped BAR are the
	file's, padded with zeros."""
	state = rom_state(q, tmp, list(sizes))
	for drv, _, _, romfile in DEVICES:
		if drv not in state:
			continue
		size = sizes[drv]
		_, length, (_, bar), romsize, data = state[drv]
		# the RAMBlock is whole 4 KiB pages; an unmapped BAR's size is
		# not shown by QEMU 10.2
		want_bar = size if bar is not None else None
		check_eq((length, bar, romsize), (max(size, 4 * KiB), want_bar, [f'{size} (0x{size:x})']),
			 f'[{q.name}] {drv} ROM (RAMBlock, BAR, romsize)')
		if data is not None:
			image = rom_image(host, romfile, files[romfile])
			check_eq(data, image + bytes(size - len(image)), f'[{q.name}] {drv} ROM bytes')
	return state


def check_same(dst, src_state, tmp, what):
	got = rom_state(dst, tmp, list(src_state))
	for drv, want in src_state.items():
		block, length, bar, romsize, data = got[drv]
		check_eq((block, length, bar, romsize), want[:4],
			 f'{what}: {drv} ROM on the destination (RAMBlock, length, BAR, romsize)')
		check(data is not None and data == want[4],
		      f'{what}: {drv}: the guest reads other ROM bytes on the destination')
	log(f'{what}: ' + ', '.join(f'{d} {s[0]} {s[1]:#x} BAR {s[2][0]:#x}+{s[2][1]:#x}'
				    for d, s in sorted(src_state.items())))


# ---- migrations ----

def status(q):
	return q.qmp('query-status')['status']


def migrate(src, dst, sock, postcopy=False):
	"""Migrate the running src to dst (started with -incoming unix:sock)
	and wait until both are done: src postmigrate, dst running."""
	check(dst.connect(), f'[{dst.name}] exited: {dst.stderr()!r}')
	if postcopy:
		for q in (src, dst):
			q.qmp('migrate-set-capabilities',
			      capabilities=[{'capability': 'postcopy-ram', 'state': True}])
		# slow enough that postcopy starts before precopy ends
		src.qmp('migrate-set-parameters', **{'max-bandwidth': 64 * KiB})
	src.qmp('migrate', uri=f'unix:{sock}')
	if postcopy:
		src.qmp('migrate-start-postcopy')
	src.wait_for('migration completed',
		     lambda: src.qmp('query-migrate').get('status') in ('completed', 'failed'))
	check_eq(src.qmp('query-migrate').get('status'), 'completed',
		 f'[{src.name}] migration status ({dst.stderr()!r})')
	if postcopy:
		ram = src.qmp('query-migrate')['ram']
		check(ram.get('postcopy-bytes', 0) > 0,
		      f'[{src.name}] no page went in postcopy: {ram!r}')
	dst.wait_for('the guest running', lambda: status(dst) == 'running')


def refused(src, dst, sock, want):
	"""Migrate src to dst and expect dst to refuse the stream with want (a
	regular expression) and exit 1, and src to keep running. With a return
	path the source learns of a refusal that comes after it sent all: a
	refused device state."""
	check(dst.connect(), f'[{dst.name}] exited: {dst.stderr()!r}')
	for q in (src, dst):
		q.qmp('migrate-set-capabilities',
		      capabilities=[{'capability': 'return-path', 'state': True}])
	src.qmp('migrate', uri=f'unix:{sock}')
	code = dst.wait_exit()
	err = dst.stderr()
	check(re.search(want, err), f'[{dst.name}] expected /{want}/ in {err!r}')
	check_eq(code, 1, f'[{dst.name}] exit status')
	src.wait_for('migration failed', lambda: src.qmp('query-migrate').get('status') == 'failed')
	check_eq(status(src), 'running', f'[{src.name}] status after the refused migration')
	return re.search(want, err).group(0)


def running_source(h, label, host, files, extra=(), devices=None, program=True):
	"""Start a source on host, check its ROMs, map its ROM BARs (unless
	not program), let the guest run; returns it and its rom_state()."""
	src = h.start(label, host, extra, devices)
	check(src.connect(), f'[{src.name}] exited: {src.stderr()!r}')
	sizes = {}
	for d in devices or [f'{drv},addr={slot}' for drv, slot, _, _ in DEVICES]:
		drv = d.split(',')[0]
		m = re.search(r',romsize=(\d+)', d)
		romfile = [f for dv, _, _, f in DEVICES if dv == drv][0]
		sizes[drv] = int(m.group(1)) if m else files[romfile]
	if program:
		program_rom_bars(src, sizes)
	state = check_source(src, h.tmp, host, files, sizes)
	src.qmp('cont')
	return src, state


def main(tmp):
	_, mode = parse_args()
	h = Hosts(tmp, mode)
	sock = lambda n: os.path.join(tmp, f'mig-{n}.sock')

	# 1. A -> B: every ROM grows on the destination's disk, the guest keeps
	# the source's; then the same guest back to a fresh A.
	src, state = running_source(h, 'A', 'A', HOST_A)
	dst = h.start('A-to-B', 'B', incoming=f'unix:{sock(1)}')
	migrate(src, dst, sock(1))
	check_same(dst, state, tmp, 'A -> B (256 KiB ROMs, 512 KiB files)')
	check_eq(src.quit(), 0, 'source exit status')
	back = h.start('B-to-A', 'A', incoming=f'unix:{sock(2)}')
	migrate(dst, back, sock(2))
	check_same(back, state, tmp, 'and back to A')
	check_eq(dst.quit(), 0, 'exit status')
	check_eq(back.quit(), 0, 'exit status')

	# 2. a guest of host B -> A, with postcopy: the ROMs shrink
	src, state = running_source(h, 'B', 'B', HOST_B)
	dst = h.start('B-to-A-postcopy', 'A', incoming=f'unix:{sock(3)}')
	migrate(src, dst, sock(3), postcopy=True)
	check_same(dst, state, tmp, 'B -> A, postcopy (512 KiB ROMs, 256 KiB files)')
	src.quit()
	dst.quit()

	# 3. a mapped-ram stream (a file), A -> B
	src, state = running_source(h, 'A', 'A', HOST_A)
	image = os.path.join(tmp, 'mapped-ram.img')
	src.qmp('migrate-set-capabilities',
		capabilities=[{'capability': 'mapped-ram', 'state': True}])
	src.qmp('migrate', uri=f'file:{image}')
	src.wait_for('migration completed',
		     lambda: src.qmp('query-migrate').get('status') == 'completed')
	src.quit()
	dst = h.start('mapped-ram-to-B', 'B', incoming='defer')
	check(dst.connect(), f'[{dst.name}] exited: {dst.stderr()!r}')
	dst.qmp('migrate-set-capabilities',
		capabilities=[{'capability': 'mapped-ram', 'state': True}])
	dst.qmp('migrate-incoming', uri=f'file:{image}')
	dst.wait_for('the guest running', lambda: status(dst) == 'running')
	check_same(dst, state, tmp, 'A -> B through a mapped-ram file')
	dst.quit()

	virtio = ['virtio-net-pci,addr=3']

	# 4. x-rom-resize=off on the destination: today's refusal
	off = ['-global', 'pci-device.x-rom-resize=off']
	src, state = running_source(h, 'A', 'A', HOST_A, devices=virtio)
	dst = h.start('A-to-B-off', 'B', off, devices=virtio, incoming=f'unix:{sock(4)}')
	msg = refused(src, dst, sock(4),
		      r'Size mismatch: 0000:00:03\.0/virtio-net-pci\.rom: 0x40000 != 0x80000')
	log(f'x-rom-resize=off on the destination: {msg}')
	#    ... and off on the source only: the stream is the same, it migrates
	src.quit()
	src, state = running_source(h, 'A-off', 'A', HOST_A, off, devices=virtio)
	dst = h.start('A-off-to-B', 'B', devices=virtio, incoming=f'unix:{sock(5)}')
	migrate(src, dst, sock(5))
	check_same(dst, state, tmp, 'x-rom-resize=off on the source only')
	src.quit()
	dst.quit()

	# 5. a size the destination's user chose (romsize=, no such file there)
	src, state = running_source(h, 'A', 'A', HOST_A, devices=virtio)
	dst = h.start('A-to-B-romsize', 'B', devices=[
		'virtio-net-pci,addr=3,romfile=no-such.rom,romsize=1048576'],
		incoming=f'unix:{sock(6)}')
	migrate(src, dst, sock(6))
	got = rom_state(dst, tmp, ['virtio-net-pci'])['virtio-net-pci']
	check_eq(got[:4], state['virtio-net-pci'][:4], 'romsize=1048576 on the destination')
	check_eq(got[4], state['virtio-net-pci'][4], 'romsize=1048576: ROM bytes')
	log('the destination\'s romsize=1048576 (no file) gave way to the source\'s 0x40000')
	src.quit()
	dst.quit()

	# 6. refused lengths, each with one error
	#    a source ROM BAR of 2 KiB: the stream says one page
	src, state = running_source(h, 'C', 'C', HOST_C, devices=virtio)
	dst = h.start('C-to-B', 'B', devices=virtio, incoming=f'unix:{sock(7)}')
	msg = refused(src, dst, sock(7), re.escape(
		'ROM size mismatch: 0000:00:03.0/virtio-net-pci.rom (romfile "efi-virtio.rom"): '
		'0x1000 (incoming) != 0x80000 (local): an incoming ROM size must be a '
		'power of two above 0x1000'))
	check_eq(len([line for line in dst.stderr().splitlines() if 'ROM size mismatch' in line]),
		 1, 'lines naming the refused ROM size')
	log(f'a 2 KiB source ROM: {msg}')
	src.quit()

	#    a stream whose ROM length says 0x60000 (not a power of two)
	src, state = running_source(h, 'A', 'A', HOST_A, devices=virtio)
	stream = os.path.join(tmp, 'A.stream')
	src.qmp('migrate', uri=f'exec:cat > {stream}')
	src.wait_for('migration completed',
		     lambda: src.qmp('query-migrate').get('status') == 'completed')
	src.quit()
	edit_rom_length(stream, '0000:00:03.0/virtio-net-pci.rom', 0x40000, 0x60000)
	dst = h.start('edited-to-B', 'B', devices=virtio, incoming=f'exec:cat {stream}')
	code = dst.wait_exit()
	want = ('ROM size mismatch: 0000:00:03.0/virtio-net-pci.rom (romfile "efi-virtio.rom"): '
		'0x60000 (incoming) != 0x80000 (local)')
	check(want in dst.stderr(), f'expected {want!r} in {dst.stderr()!r}')
	check_eq(code, 1, 'destination exit status')
	log(f'an edited stream: {want}')

	#    over the cap: the source's romsize=32M
	src, state = running_source(h, 'A-32M', 'A', HOST_A,
				    devices=['virtio-net-pci,addr=3,romsize=33554432'], program=False)
	dst = h.start('A-32M-to-B', 'B', devices=virtio, incoming=f'unix:{sock(8)}')
	msg = refused(src, dst, sock(8), re.escape(
		'Size too large: 0000:00:03.0/virtio-net-pci.rom: 0x2000000 > 0x1000000'))
	log(f'over the cap: {msg}')
	src.quit()

	# 8. what romresolve manifest says of this binary: every machine type
	# sizes ROMs from the stream (x-rom-resize); and compare then calls the
	# 256K -> 512K RAMBlocks of two hosts "resized", not a clash
	romresolve = os.path.abspath(sys.argv[1])
	st, out, err = run([romresolve, 'manifest', '--qemu', h.qemu, '--arch', 'x86_64',
			    '--machine', 'pc', '--machine', 'q35', '--name', 'efi-virtio.rom',
			    '--root', h.empty_root], tmp)
	check_eq(st, 0, f'manifest: {err}')
	doc = json.loads(out)
	streams = {(e['arch'], e['machine']) for e in doc.get('rom_from_stream', [])}
	machines = {e['machine'] for e in doc['entries']}
	check_eq(len(machines), 2, 'pc and q35, concrete')
	check(all(('x86_64', m) in streams for m in machines),
	      f'rom_from_stream names every machine type: {sorted(streams)}')
	log(f'manifest: rom_from_stream {sorted(m for _, m in streams)}')

	# 7. with the library: the size the destination's configuration pins
	if h.lib:
		root = os.path.join(tmp, 'pinned-root')
		ipxe = os.path.join(root, 'usr/lib/ipxe/qemu')
		os.makedirs(ipxe)
		os.makedirs(os.path.join(root, 'etc/qemu/romresolve.d'))
		with open(os.path.join(ipxe, 'efi-virtio.rom'), 'wb') as f:
			f.write(rom_image('pinned', 'efi-virtio.rom', 300 * KiB))
		with open(os.path.join(root, 'etc/qemu/romresolve.d/50-pin.conf'), 'w') as f:
			f.write('[dir /usr/lib/ipxe/qemu]\nmax-size = 1M\nrom-size = 1M\n')
		bindir, _ = patched_install(h.mode, root)
		pinned = os.path.join(bindir, 'qemu-system-x86_64')
		local = h.start('pinned', None, devices=virtio, qemu=pinned)
		check(local.connect(), f'[{local.name}] exited: {local.stderr()!r}')
		check_eq(rom_ramblock(local, 'virtio-net-pci.rom')[1], MiB,
			 'the pinned host\'s own ROM RAMBlock')
		local.quit()
		src, state = running_source(h, 'A', 'A', HOST_A, devices=virtio)
		dst = h.start('A-to-pinned', None, devices=virtio, qemu=pinned,
			      incoming=f'unix:{sock(9)}')
		migrate(src, dst, sock(9))
		check_same(dst, state, tmp, 'A -> a host pinning rom-size 1M')
		src.quit()
		dst.quit()


def edit_rom_length(path, block, old, new):
	"""Change the length that the RAM section's block list gives block in a
	saved stream (and the list's total), as a hostile source could."""
	with open(path, 'rb') as f:
		data = bytearray(f.read())
	name = bytes([len(block)]) + block.encode()
	at = data.find(name)
	check(at > 0, f'{block} is not in the stream')
	at += len(name)
	check_eq(struct.unpack('>Q', data[at:at + 8])[0], old, f'{block} length in the stream')
	data[at:at + 8] = struct.pack('>Q', new)
	# the RAM section starts with the total of the lengths | RAM_SAVE_FLAG_MEM_SIZE
	ram = data.find(b'\x03ram')
	check(0 < ram < at, 'no RAM section before the block list')
	total_at = ram + 4 + 4 + 4
	total = struct.unpack('>Q', data[total_at:total_at + 8])[0]
	check(total & 0x4, 'the RAM section does not start with the block list')
	data[total_at:total_at + 8] = struct.pack('>Q', total + new - old)
	with open(path, 'wb') as f:
		f.write(data)


if __name__ == '__main__':
	run_test(main)
