#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""romresolve-qemu-system-x86_64 as libvirt's <emulator>, with Debian's
libvirt-daemon (qemu:///system, as root, QEMU as libvirt-qemu, TCG, diskless
guests started paused).

- virtlogd and libvirtd are started by hand unless they run already (then
  they are used and left running); the ones started here are stopped again.
  Skipped only when libvirtd cannot start.
- Capability probing through the wrapper (domcapabilities).
- A guest on pc-i440fx-7.1 with NICs given as JSON -device by libvirt and a VGA:
  the e1000 and the VGA get the resolved ROMs (romfile = the absolute path,
  RAMBlock length = the resolved file's BAR); <rom bar='off'/> keeps the
  resolved romfile with rombar=0; <rom enabled='no'/> gets no ROM;
  <rom file=.../> gets that file.
- Hot-plug (virsh attach-device) of an e1000: it gets the resolved ROM too.
  Then virsh save, a ROM update (the file replaced by another of the same
  BAR), virsh restore: the guest comes back with the same RAMBlocks.

The host config gets one drop-in for the test's duration, limited to the
machine type pc-i440fx-7.1 (no other test uses it): a dir with a 100 KiB
efi-e1000.rom (BAR 0x20000, where Debian's own is 0x40000), so a ROM QEMU
found by itself would show.
"""
import fcntl
import os
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET

from e2e import Failure, Skip, check, check_eq, log, parse_args, rom_bytes, run_test

URI = 'qemu:///system'
MACHINE = 'pc-i440fx-7.1'
DROPIN = '/etc/qemu/romresolve.d/99-romresolve-e2e-libvirt.conf'
NAME = 'romresolve-e2e-libvirt'
TIMEOUT = 120
# One run at a time on a host: the daemons, the domain name and the drop-in
# are the host's. Other worktrees' runs wait for this lock.
LOCK = '/run/lock/romresolve-e2e-libvirt.lock'
LOCK_WAIT = 400


def sh(argv, ok=True, timeout=TIMEOUT):
	p = subprocess.run(['timeout', '-k', '5', str(timeout)] + argv, capture_output=True,
			   text=True)
	if ok and p.returncode != 0:
		raise Failure(f'{" ".join(argv)}: exit {p.returncode}: {p.stderr.strip()}')
	return p


def virsh(*args, ok=True):
	return sh(['virsh', '-c', URI] + list(args), ok=ok)


def hmp(line):
	return virsh('qemu-monitor-command', NAME, '--hmp', line).stdout


def ramblocks():
	"""name -> used length, of every RAMBlock."""
	out = {}
	for line in hmp('info ramblock').splitlines()[1:]:
		cols = line.split()
		if len(cols) >= 6:
			out[cols[0]] = int(cols[4], 16)
	return out


def qtree():
	"""id -> {prop: value} of every device with an id (string values
	without their quotes)."""
	devs, cur = {}, None
	for line in hmp('info qtree').splitlines():
		s = line.strip()
		if s.startswith('dev: '):
			head = s[5:]
			driver, _, rest = head.partition(', id ')
			cur = {'driver': driver}
			devs[rest.strip('"')] = cur
		elif cur is not None and ' = ' in s:
			k, v = s.split(' = ', 1)
			cur.setdefault(k, v[1:-1] if v.startswith('"') else v)
	return devs


def slot_block(devs, dev_id, suffix):
	"""The RAMBlock name of the device's ROM: '0000:00:SS.0/<suffix>'."""
	addr = devs[dev_id]['addr'].split()[0]           # "03.0"
	return f'0000:00:{addr}/{suffix}'


class Daemons:
	"""virtlogd and libvirtd, started here unless they run already."""

	def __init__(self):
		self.started = []

	def running(self, name):
		return subprocess.run(['pgrep', '-x', name], capture_output=True).returncode == 0

	def start(self):
		for name in ('virtlogd', 'libvirtd'):
			path = shutil.which(name) or f'/usr/sbin/{name}'
			if not os.access(path, os.X_OK):
				raise Skip(f'{name} is not installed (libvirt-daemon-system)')
			if self.running(name):
				log(f'{name} runs already: used, left running')
				continue
			p = subprocess.run([path, '-d'], capture_output=True, text=True)
			if p.returncode != 0:
				raise Skip(f'{name} -d cannot start: {p.stderr.strip()}')
			pid = self.pid(name)
			check(pid, f'{name} -d exited 0 but does not run')
			self.started.append((name, pid))
		deadline = time.monotonic() + 30
		while time.monotonic() < deadline:
			if virsh('version', ok=False).returncode == 0:
				return
			time.sleep(0.5)
		raise Skip('libvirtd started but qemu:///system does not answer in 30 s: '
			   + virsh('version', ok=False).stderr.strip())

	def pid(self, name):
		deadline = time.monotonic() + 10
		while time.monotonic() < deadline:
			p = subprocess.run(['pgrep', '-x', '-n', name], capture_output=True, text=True)
			if p.returncode == 0:
				return int(p.stdout.split()[0])
			time.sleep(0.1)
		return None

	def stop(self):
		for name, pid in reversed(self.started):
			try:
				os.kill(pid, 15)
			except ProcessLookupError:
				continue
			for _ in range(100):
				try:
					os.kill(pid, 0)
				except ProcessLookupError:
					break
				time.sleep(0.1)
			log(f'{name} ({pid}) stopped')


def domain_xml(emulator, own_rom):
	# libvirt 9.0 gives QEMU 7.2 its NICs as JSON -device values.
	return f"""<domain type='qemu'>
  <name>{NAME}</name>
  <memory unit='MiB'>128</memory>
  <os><type arch='x86_64' machine='{MACHINE}'>hvm</type></os>
  <features><acpi/></features>
  <devices>
    <emulator>{emulator}</emulator>
    <interface type='user'><model type='e1000'/><alias name='ua-e1000'/></interface>
    <interface type='user'><model type='e1000'/><rom bar='off'/><alias name='ua-baroff'/></interface>
    <interface type='user'><model type='e1000'/><rom enabled='no'/><alias name='ua-norom'/></interface>
    <interface type='user'><model type='e1000'/><rom file='{own_rom}'/><alias name='ua-own'/></interface>
    <video><model type='vga'/><alias name='ua-vga'/></video>
  </devices>
</domain>
"""


HOTPLUG = """<interface type='user'><model type='e1000'/><alias name='ua-hot'/></interface>"""


def lock():
	"""Take the host-wide lock of this test, waiting for another run."""
	os.makedirs(os.path.dirname(LOCK), exist_ok=True)
	f = open(LOCK, 'w')
	deadline = time.monotonic() + LOCK_WAIT
	while True:
		try:
			fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
			return f
		except BlockingIOError:
			if time.monotonic() > deadline:
				raise Failure(f'another run held {LOCK} for {LOCK_WAIT} s')
			time.sleep(1)


def main(tmp):
	romresolve, _ = parse_args()
	held = lock()
	template = os.path.join(os.path.dirname(romresolve), 'romresolve-qemu-build')
	check(os.path.exists(template), f'no {template}')
	# A dir libvirt-qemu can read: the wrapper, the test's ROMs.
	pub = tempfile.mkdtemp(prefix='romresolve-libvirt-', dir='/var/tmp')
	os.chmod(pub, 0o755)
	daemons = Daemons()
	made = [d for d in ('/etc/qemu', os.path.dirname(DROPIN)) if not os.path.isdir(d)]
	try:
		body(romresolve, template, pub, daemons)
	finally:
		virsh('destroy', NAME, ok=False)
		virsh('undefine', NAME, ok=False)
		if os.path.exists(DROPIN):
			os.unlink(DROPIN)
		for d in reversed(made):
			try:
				os.rmdir(d)
			except OSError:
				pass
		held.close()
		daemons.stop()
		shutil.rmtree(pub, ignore_errors=True)


def body(romresolve, template, pub, daemons):
	wrapper = os.path.join(pub, 'romresolve-qemu')
	# libvirt-qemu may not enter the build tree (a checkout under /root): the
	# wrapper runs a staged copy of the command and its library.
	stage = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib', 'stage-exe.sh')
	staged = sh([stage, os.path.abspath(romresolve), os.path.join(pub, 'stage')]).stdout.strip()
	with open(template) as f:
		text = f.read()
	check(os.path.abspath(romresolve) in text, f'{template} does not run {romresolve}')
	with open(wrapper, 'w') as f:
		f.write(text.replace(os.path.abspath(romresolve), staged))
	os.chmod(wrapper, 0o755)
	emulator = os.path.join(pub, 'romresolve-qemu-system-x86_64')
	os.symlink('romresolve-qemu', emulator)
	roms = os.path.join(pub, 'roms')
	os.mkdir(roms)
	os.chmod(roms, 0o755)
	ours = os.path.join(roms, 'efi-e1000.rom')
	with open(ours, 'wb') as f:
		f.write(rom_bytes(100 * 1024))           # BAR 0x20000
	own = os.path.join(pub, 'own.rom')
	with open(own, 'wb') as f:
		f.write(rom_bytes(10 * 1024))            # BAR 0x4000
	os.makedirs(os.path.dirname(DROPIN), exist_ok=True)
	# Debian's search path as the embedded default has it, so that a
	# drop-in (which, in config format v1, replaces the default) changes
	# nothing for any other machine type on this host meanwhile.
	with open(DROPIN, 'w') as f:
		f.write(f'# romresolve e2e test (tests/e2e/test-libvirt.py); removed after it\n'
			f'[dir {roms}]\npriority = 1\nmachine = {MACHINE}\n' + ''.join(
				f'[dir {d}]\npriority = {p}\nmax-size = 256K\n'
				for d, p in (('/usr/share/qemu', 10), ('/usr/share/seabios', 20),
					     ('/usr/lib/ipxe/qemu', 30))))
	for p in (ours, own, DROPIN):
		os.chmod(p, 0o644)

	daemons.start()
	virsh('destroy', NAME, ok=False)
	virsh('undefine', NAME, ok=False)

	# 1. Capability probing through the wrapper.
	caps = virsh('domcapabilities', '--emulatorbin', emulator, '--arch', 'x86_64',
		     '--virttype', 'qemu').stdout
	root = ET.fromstring(caps)
	check_eq(root.findtext('path'), emulator, 'domcapabilities path')
	log(f'domcapabilities through the wrapper: machine {root.findtext("machine")}')

	# 2. The guest, paused.
	xml = os.path.join(pub, 'domain.xml')
	with open(xml, 'w') as f:
		f.write(domain_xml(emulator, own))
	virsh('define', xml)
	started = virsh('start', NAME, '--paused', ok=False)
	if started.returncode != 0 and 'Failed disable mount propagation' in started.stderr:
		# libvirt gives QEMU a mount namespace; in a chroot (/ not a mount
		# point) the kernel refuses it before QEMU runs. Not a romresolve
		# matter, and not a host libvirt runs on.
		raise Skip('libvirt cannot set up QEMU\'s mount namespace here (a chroot?): '
			   + started.stderr.strip().splitlines()[-1])
	check(started.returncode == 0, f'virsh start {NAME} --paused: {started.stderr.strip()}')
	cmdline = ''
	pid = sh(['pgrep', '-f', f'guest={NAME}']).stdout.split()[0]
	with open(f'/proc/{pid}/cmdline', 'rb') as f:
		cmdline = f.read().split(b'\0')
	check(any(a.startswith(b'{"driver":"e1000"') for a in cmdline),
	      f'libvirt gave no JSON -device: {cmdline}')
	check(b'-no-user-config' in cmdline, 'no -no-user-config')
	check(b'e1000.romfile=' + ours.encode() in cmdline, f'no -global for e1000: {cmdline}')
	devs = qtree()
	blocks = ramblocks()
	log(f'RAMBlocks: {blocks}')
	check_eq(devs['ua-e1000']['romfile'], ours, 'e1000 romfile')
	check_eq(blocks.get(slot_block(devs, 'ua-e1000', 'e1000.rom')), 0x20000,
		 'e1000 ROM RAMBlock')
	check_eq(devs['ua-baroff']['romfile'], ours, "<rom bar='off'/> romfile")
	check_eq(devs['ua-baroff']['rombar'], '0 (0x0)', "<rom bar='off'/> rombar")
	check(slot_block(devs, 'ua-baroff', 'e1000.rom') not in blocks,
	      "<rom bar='off'/> has a ROM BAR")
	check_eq(devs['ua-norom']['romfile'], '', "<rom enabled='no'/> romfile")
	check(slot_block(devs, 'ua-norom', 'e1000.rom') not in blocks,
	      "<rom enabled='no'/> has a ROM")
	check_eq(devs['ua-own']['romfile'], own, '<rom file=.../> romfile')
	check_eq(blocks.get(slot_block(devs, 'ua-own', 'e1000.rom')), 0x4000,
		 '<rom file=.../> ROM RAMBlock')
	check_eq(devs['ua-vga']['romfile'], '/usr/share/seabios/vgabios-stdvga.bin',
		 'VGA romfile')
	log('guest: every ROM as resolved, bar=off, enabled=no and file= honoured')

	# 3. Hot-plug, then save and restore across a ROM update.
	nic = os.path.join(pub, 'nic.xml')
	with open(nic, 'w') as f:
		f.write(HOTPLUG)
	virsh('attach-device', NAME, nic, '--live')
	devs = qtree()
	check_eq(devs['ua-hot']['romfile'], ours, 'hot-plugged e1000 romfile')
	hot = slot_block(devs, 'ua-hot', 'e1000.rom')
	before = ramblocks()
	check_eq(before.get(hot), 0x20000, 'hot-plugged e1000 ROM RAMBlock')
	state = os.path.join(pub, 'saved')
	virsh('save', NAME, state)
	with open(ours, 'wb') as f:
		f.write(rom_bytes(120 * 1024))           # updated, same BAR
	virsh('restore', state, '--paused')
	after = ramblocks()
	check_eq(after, before, 'RAMBlocks after restore')
	check_eq(qtree()['ua-hot']['romfile'], ours, 'restored hot-plugged romfile')
	check('paused' in virsh('domstate', NAME).stdout, 'restored guest not paused')
	log('hot-plug, save, ROM update, restore: same RAMBlocks')
	virsh('destroy', NAME)


if __name__ == '__main__':
	run_test(main)
