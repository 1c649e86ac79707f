# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers of the e2e tests: fake host roots, QEMU started paused and
bounded by timeout(1), QMP (and HMP through QMP) over a unix socket.

Every test script is run as: python3 test-X.py ROMRESOLVE [MODE]
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
QEMU_TIMEOUT = 60        # seconds any one QEMU (or romresolve) may live
QMP_TIMEOUT = 30         # seconds to wait for a QMP socket or reply
FIRMWARE = ('bios-256k.bin', 'bios.bin')   # what -M pc needs to start
SEABIOS = '/usr/share/seabios'

# The old-host/new-host case of the migration tests: the new host's ipxe ROMs
# grew to 512 KiB; guests of machine types up to 7.2 keep a 256 KiB compat ROM.
IPXE = '/usr/lib/ipxe/qemu'
COMPAT = '/usr/share/qemu/compat-256k'
# The new host's dirs: the compat ROMs first, then the grown ipxe ROMs.
NEW_HOST_DIRS = f"""\
[dir {COMPAT}]
priority = 20
max-size = 256K

[dir {IPXE}]
priority = 30
max-size = 512K
"""
NEW_HOST_CONF = NEW_HOST_DIRS + """\

# guests of machine types up to 7.2 keep their 256 KiB ROM BAR
[machine until-7.2]
match = pc-i440fx-*
until = 7.2
rom-size = 256K
map = efi-virtio.rom compat-256k-efi-virtio.rom
"""


class Failure(Exception):
	pass


def check(cond, msg):
	if not cond:
		raise Failure(msg)


def check_eq(got, want, what):
	if got != want:
		raise Failure(f'{what}: expected {want!r}, got {got!r}')


def log(msg):
	print(msg, flush=True)


def run_test(body):
	"""Run body(tmpdir) with a fresh temp dir; map the outcome to an exit
	status (0 pass, 1 fail, 77 skip) and stop every QEMU left behind."""
	tmp = tempfile.mkdtemp(prefix='romresolve-e2e-')
	status = 1
	try:
		body(tmp)
		status = 0
		log('PASS')
	except Skip as e:
		log(f'SKIP: {e}')
		status = SKIP
	except Failure as e:
		log(f'FAIL: {e}')
	finally:
		for q in list(Qemu.running):
			q.kill()
		if status != 1:
			shutil.rmtree(tmp, ignore_errors=True)
		else:
			log(f'(temp dir kept: {tmp})')
	sys.exit(status)


class Skip(Exception):
	pass


# ---- fake hosts ----

def rom_bytes(size):
	"""A file that starts like a PCI expansion ROM (0x55 0xAA)."""
	return b'\x55\xaa' + bytes(size - 2)


def make_root(path, files, conf):
	"""A fake host: files maps host paths to sizes (an option ROM of that
	many bytes) and conf is the text of etc/qemu/romresolve.d/50-e2e.conf."""
	for host_path, size in files.items():
		dest = os.path.join(path, host_path.lstrip('/'))
		os.makedirs(os.path.dirname(dest), exist_ok=True)
		with open(dest, 'wb') as f:
			f.write(rom_bytes(size))
	confdir = os.path.join(path, 'etc/qemu/romresolve.d')
	os.makedirs(confdir, exist_ok=True)
	with open(os.path.join(confdir, '50-e2e.conf'), 'w') as f:
		f.write(conf)
	return path


def firmware_dir(tmp):
	"""A -L dir holding only the SeaBIOS images (links), so that QEMU
	finds its BIOS there and no option ROM at all."""
	d = os.path.join(tmp, 'firmware')
	os.makedirs(d, exist_ok=True)
	for name in FIRMWARE:
		src = os.path.join(SEABIOS, name)
		if os.path.exists(src) and not os.path.exists(os.path.join(d, name)):
			os.symlink(src, os.path.join(d, name))
	return d


# ---- processes ----

def env_for(tmp, extra=None):
	"""A clean environment: caches and user config inside tmp."""
	env = dict(os.environ)
	env['XDG_CACHE_HOME'] = os.path.join(tmp, 'cache')
	env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
	env['HOME'] = tmp
	env['LC_ALL'] = 'C'
	env.pop('ROMRESOLVE_ROOT', None)
	if extra:
		env.update(extra)
	return env


def run(argv, tmp, env=None, timeout=QEMU_TIMEOUT):
	"""Run a short command; returns (status, stdout, stderr)."""
	p = subprocess.run(['timeout', '-k', '5', str(timeout)] + argv, cwd=tmp,
			   env=env or env_for(tmp), capture_output=True, text=True)
	return p.returncode, p.stdout, p.stderr


class Qemu:
	"""One QEMU process (possibly started through `romresolve exec`), with
	a QMP socket. argv is the whole command; -qmp is appended."""
	running = []

	def __init__(self, name, argv, tmp, env=None):
		self.name = name
		self.tmp = tmp
		self.sock_path = os.path.join(tmp, name + '.qmp')
		self.err_path = os.path.join(tmp, name + '.stderr')
		self.argv = argv + ['-qmp', f'unix:{self.sock_path},server=on,wait=off']
		self.sock = None
		self.buf = b''
		log(f'[{name}] ' + ' '.join(self.argv))
		self.err = open(self.err_path, 'w+')
		self.proc = subprocess.Popen(
			['timeout', '-k', '5', str(QEMU_TIMEOUT)] + self.argv, cwd=tmp,
			env=env or env_for(tmp), stdin=subprocess.DEVNULL,
			stdout=self.err, stderr=self.err)
		Qemu.running.append(self)

	def stderr(self):
		self.err.flush()
		with open(self.err_path) as f:
			return f.read()

	def connect(self):
		"""Wait for the QMP socket; False if QEMU exited first."""
		deadline = time.monotonic() + QMP_TIMEOUT
		while time.monotonic() < deadline:
			if self.proc.poll() is not None:
				return False
			if os.path.exists(self.sock_path):
				s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
				s.settimeout(QMP_TIMEOUT)
				try:
					s.connect(self.sock_path)
				except OSError:
					s.close()
					time.sleep(0.05)
					continue
				self.sock = s
				try:
					self._recv()            # greeting
					self.qmp('qmp_capabilities')
				except (Failure, OSError):
					# QEMU exiting while we shake hands
					# (e.g. a refused -incoming stream)
					self._forget_sock()
					if self._exited(QMP_TIMEOUT):
						return False
					raise
				return True
			time.sleep(0.05)
		raise Failure(f'[{self.name}] no QMP socket after {QMP_TIMEOUT}s')

	def _recv(self):
		while b'\n' not in self.buf:
			chunk = self.sock.recv(65536)
			if not chunk:
				raise Failure(f'[{self.name}] QMP connection closed; '
					      f'stderr: {self.stderr()!r}')
			self.buf += chunk
		line, self.buf = self.buf.split(b'\n', 1)
		return json.loads(line)

	def qmp(self, cmd, **args):
		req = {'execute': cmd}
		if args:
			req['arguments'] = args
		self.sock.sendall(json.dumps(req).encode() + b'\n')
		while True:
			msg = self._recv()
			if 'return' in msg:
				return msg['return']
			if 'error' in msg:
				raise Failure(f'[{self.name}] {cmd}: {msg["error"]}')

	def hmp(self, line):
		return self.qmp('human-monitor-command', **{'command-line': line})

	def wait_for(self, what, pred, timeout=QMP_TIMEOUT):
		"""Poll pred() (a QMP query) until it is true; no timing assertion,
		only a bound on how long to wait."""
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			if pred():
				return
			time.sleep(0.1)
		raise Failure(f'[{self.name}] gave up waiting for {what}')

	def wait_exit(self, timeout=QEMU_TIMEOUT + 10):
		try:
			status = self.proc.wait(timeout)
		except subprocess.TimeoutExpired:
			self.kill()
			raise Failure(f'[{self.name}] did not exit')
		self._forget()
		return status

	def quit(self):
		if self.sock:
			try:
				self.qmp('quit')
			except (Failure, OSError):
				pass
		return self.wait_exit()

	def kill(self):
		# timeout(1) made itself a process group leader: kill QEMU with it.
		if self.proc.poll() is None:
			try:
				os.killpg(self.proc.pid, signal.SIGKILL)
			except ProcessLookupError:
				pass
			self.proc.wait()
		self._forget()

	def _exited(self, timeout):
		try:
			self.proc.wait(timeout)
			return True
		except subprocess.TimeoutExpired:
			return False

	def _forget_sock(self):
		if self.sock:
			self.sock.close()
			self.sock = None

	def _forget(self):
		self._forget_sock()
		if self in Qemu.running:
			Qemu.running.remove(self)


# ---- what a running QEMU shows ----

def rom_ramblock(q, rom):
	"""(block name, length) of the RAMBlock ending in '/<rom>' (e.g.
	'e1000.rom') in HMP info ramblock; None if there is none. Columns:
	name, page size (2 words), offset, used, total; QEMU 10 adds 2 more.
	The length is the used one, which the migration stream carries (a
	resizeable ROM's total is the most it may grow to)."""
	for line in q.hmp('info ramblock').splitlines():
		cols = line.split()
		if len(cols) >= 6 and cols[0].endswith('/' + rom):
			return cols[0], int(cols[4], 16)
	return None


def rom_ramblocks(q):
	"""(name, length) of every PCI ROM RAMBlock of HMP info ramblock: QEMU
	names one ADDR/NAME.rom, NAME.rom cut to 31 bytes (pci_add_option_rom's
	char name[32]: 0000:00:02.0/virtio-net-pci-non-transitional). The
	length is the used one, as in rom_ramblock()."""
	blocks = []
	for line in q.hmp('info ramblock').splitlines():
		cols = line.split()
		m = re.match(r'[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]/(.*)$', cols[0]) \
			if len(cols) >= 6 else None
		if m and (m.group(1).endswith('.rom') or len(m.group(1)) == 31):
			blocks.append((cols[0], int(cols[4], 16)))
	return blocks


def device_help(binary, tmp):
	"""(type, bus, category) of each `name "X"` line of BINARY -device help."""
	status, out, err = run([binary, '-device', 'help'], tmp)
	check_eq(status, 0, f'{binary} -device help ({err!r})')
	devices, category = [], None
	for line in out.splitlines():
		if line.endswith(':') and not line.startswith('name'):
			category = line[:-1]
		m = re.match(r'name "([^"]+)"(?:, bus ([^,]+))?', line)
		if m:
			devices.append((m.group(1), m.group(2), category))
	return devices


def qtree_prop(q, driver, prop):
	"""The values of property prop of the devices of driver driver in HMP
	info qtree (a string property is returned without its quotes)."""
	values, inside = [], False
	for line in q.hmp('info qtree').splitlines():
		m = re.match(r'\s*dev: ([^,]+), id', line)
		if m:
			inside = m.group(1) == driver
			continue
		m = re.match(r'\s*' + re.escape(prop) + r' = (.*)$', line)
		if inside and m:
			v = m.group(1)
			values.append(v[1:-1] if v.startswith('"') else v)
	return values


# ---- the patched QEMU (qemu-integration/) ----

def check_e1000_rom(mode, label, prefix, env, machine, fw, tmp, root, path, length):
	"""Start QEMU (prefix: the binary, through romresolve exec or patched)
	paused with one e1000 and check that its ROM came from ROOT+PATH with a
	BAR of LENGTH bytes: the RAMBlock, the romsize property, and the romfile
	property (wrapper) or the load_file trace (patched). Returns the
	RAMBlock's name."""
	trace = ['-trace', 'load_file'] if mode != 'wrapper' else []
	q = Qemu(f'{mode}-{label}', prefix + [
		'-accel', 'tcg', '-S', '-nodefaults', '-display', 'none',
		'-M', machine, '-L', fw, '-device', 'e1000'] + trace, tmp, env)
	check(q.connect(), f'{label}: QEMU exited: {q.stderr()!r}')
	block = rom_ramblock(q, 'e1000.rom')
	check(block is not None, f'{label}: no e1000.rom RAMBlock')
	check_eq(block[1], length, f'{label}: {block[0]} length')
	check_eq(qtree_prop(q, 'e1000', 'romsize'), [f'{length} (0x{length:x})'],
			 f'{label}: e1000 romsize')
	if mode == 'wrapper':
		check_eq(qtree_prop(q, 'e1000', 'romfile'), [root + path],
				 f'{label}: e1000 romfile')
	check_eq(q.quit(), 0, f'{label}: exit status')
	if mode != 'wrapper':
		# The patched QEMU keeps the default name in the property; its
		# load_file trace event names the file it opened.
		want = f'load_file name efi-e1000.rom location {root}{path}'
		check(want in q.stderr().splitlines(), f'expected {want!r} in {q.stderr()!r}')
	return block[0]


def patched_dir_var(mode='patched'):
	"""The variable naming the patched QEMU build of a mode: 'patched' is
	QEMU 10.0 with the library (ROMRESOLVE_PATCHED_QEMU_DIR), 'patched-10.2'
	QEMU 10.2 (ROMRESOLVE_PATCHED_QEMU_DIR_10_2); 'plain' and 'plain-10.2'
	the same series built without the library, x86_64 only
	(ROMRESOLVE_PLAIN_QEMU_DIR, ROMRESOLVE_PLAIN_QEMU_DIR_10_2)."""
	for kind in ('patched', 'plain'):
		var = f'ROMRESOLVE_{kind.upper()}_QEMU_DIR'
		if mode == kind:
			return var
		if mode.startswith(kind + '-'):
			return var + '_' + mode[len(kind) + 1:].replace('.', '_')
	raise Failure(f'unknown mode {mode!r}')


def patched_qemu(target, mode='patched'):
	"""Path of the patched qemu-system-<target> of the mode's build dir
	(patched_dir_var), or raise Skip."""
	var = patched_dir_var(mode)
	d = os.environ.get(var)
	if not d:
		raise Skip(f'{var} is not set (a dir with the patched qemu-system-x86_64'
			   + (')' if mode.startswith('plain') else
			      ', qemu-system-aarch64 and qemu-system-riscv64)'))
	path = os.path.join(d, 'qemu-system-' + target)
	if not os.access(path, os.X_OK):
		raise Failure(f'{var} is set but {path} is not '
			      'an executable')
	return path


def patched_build(mode='patched'):
	"""The mode's patched QEMU build dir (patched_dir_var), or raise Skip."""
	return os.path.dirname(patched_qemu('x86_64', mode))


FAKE_INSTALL = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
			    'qemu-integration', 'fake-install.sh')


def patched_install(mode, root):
	"""Install the mode's patched QEMU on the fake host ROOT, as a relocatable
	install in ROOT/qemu (qemu-integration/fake-install.sh --bare: an empty
	data dir), whose config dir (it reads its config dirs from where it is
	installed, and no root) gets each file of ROOT's etc/qemu/romresolve.d
	with each [dir PATH] made [dir ROOT+PATH]. Returns (bin dir, the path
	of 50-e2e.conf there)."""
	build = patched_build(mode)
	p = subprocess.run([FAKE_INSTALL, '--bare', build, os.path.join(root, 'qemu')],
			   capture_output=True, text=True)
	check(p.returncode == 0, f'fake-install.sh: {p.stderr!r}')
	where = dict(line.split('=', 1) for line in p.stdout.splitlines())
	confdir = os.path.join(root, 'etc/qemu/romresolve.d')
	for name in sorted(os.listdir(confdir)):
		with open(os.path.join(confdir, name)) as f:
			text = f.read()
		text = re.sub(r'^\[dir (/[^\]]*)\]', lambda m: f'[dir {root}{m.group(1)}]',
			      text, flags=re.M)
		conf = os.path.join(where['confdir'], name)
		with open(conf, 'w') as f:
			f.write(text)
	return where['bindir'], os.path.join(where['confdir'], '50-e2e.conf')


def launcher(mode, romresolve, root, target, tmp):
	"""How to start a QEMU for target on the fake host root: returns
	(argv prefix, env). 'wrapper': Debian's QEMU through romresolve exec;
	'patched', 'patched-10.2': the patched QEMU installed on the root
	(patched_install)."""
	if mode == 'wrapper':
		return ([romresolve, 'exec', '--root', root, '--',
			 'qemu-system-' + target], env_for(tmp))
	bindir, _ = patched_install(mode, root)
	return [os.path.join(bindir, 'qemu-system-' + target)], env_for(tmp)


def parse_args():
	if len(sys.argv) not in (2, 3):
		print(f'usage: {sys.argv[0]} ROMRESOLVE [wrapper|patched|patched-10.2]', file=sys.stderr)
		sys.exit(99)
	romresolve = os.path.abspath(sys.argv[1])
	mode = sys.argv[2] if len(sys.argv) == 3 else 'wrapper'
	return romresolve, mode
