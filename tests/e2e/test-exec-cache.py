#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""exec's per-binary cache is trusted only where only the caller writes.

With Debian's qemu-system-x86_64: a cache whose `machines` file says that
`pc` is an alias of pc-i440fx-2.6 would make exec treat `-M pc` as 2.6 (no
-global for vmxnet3, QEMU's pc_compat_2_6). Such a planted file

- is used when it sits, mode 0600, in the caller's own cache dir (the
  control: the check can fail);
- is not used in a dir that is a symlink, or group-writable, or when the
  file is another user's or group/other-writable, or a symlink;
- is never looked for in $XDG_CACHE_HOME when the caller is root (root's
  cache is /var/cache/romresolve).

Nothing is written into a cache dir that was refused; in the caller's own
dir a refused file is replaced by what the binary says.
"""
import os
import shutil

from e2e import Skip, check, check_eq, env_for, log, parse_args, run, run_test

QEMU = 'qemu-system-x86_64'
ARGS = ['-M', 'pc', '-nodefaults', '-S']
NOBODY = 65534


def exec_print(romresolve, tmp, cache=None, env=None):
	argv = [romresolve, 'exec', '--print'] + (['--cache-dir', cache] if cache else []) + [
		'--', QEMU] + ARGS
	status, out, err = run(argv, tmp, env)
	check_eq((status, err), (0, ''), f'exec with cache {cache}')
	return out


def uses_planted(out):
	"""The planted alias (pc = pc-i440fx-2.6) takes vmxnet3's -global away."""
	return "'vmxnet3.romfile=" not in out


def main(tmp):
	romresolve, _ = parse_args()
	if os.geteuid() != 0:
		raise Skip('needs root (files of another owner, root\'s cache dir)')
	# The real files, then a planted copy of them.
	real = os.path.join(tmp, 'real')
	out = exec_print(romresolve, tmp, real)
	check(not uses_planted(out), f'vmxnet3 has no -global on pc: {out}')
	names = sorted(os.listdir(real))
	check_eq([n.rsplit('.', 1)[1].split('-')[0] for n in names],
		 ['classes', 'datadirs', 'devices2', 'machines', 'options'], 'cached files')
	machines = [n for n in names if n.endswith('.machines')][0]

	def planted(name, dir_mode=0o700, file_mode=0o600, owner=None):
		d = os.path.join(tmp, name)
		shutil.copytree(real, d)
		with open(os.path.join(d, machines)) as f:
			text = f.read()
		with open(os.path.join(d, machines), 'w') as f:
			f.write(text.replace('(alias of pc-i440fx-7.2)', '(alias of pc-i440fx-2.6)'))
		os.chmod(os.path.join(d, machines), file_mode)
		if owner is not None:
			os.chown(os.path.join(d, machines), owner, -1)
		os.chmod(d, dir_mode)
		return d

	# The control: the caller's own planted file is used.
	own = planted('own')
	check(uses_planted(exec_print(romresolve, tmp, own)), 'own cache file not used')
	log('control: a file in the caller\'s own cache dir is used')

	gw = planted('gw', dir_mode=0o770)
	before = sorted(os.listdir(gw))
	check(not uses_planted(exec_print(romresolve, tmp, gw)), 'group-writable dir: used')
	check_eq(sorted(os.listdir(gw)), before, 'group-writable dir: written into')
	log('a group-writable dir: not used, not written')
	# In the caller's own dir, a bad file is not read (it is replaced).
	for label, d in (('an other-writable file', planted('ow', file_mode=0o606)),
			 ('another user\'s file', planted('nobody', owner=NOBODY))):
		check(not uses_planted(exec_print(romresolve, tmp, d)), f'{label}: used')
		log(f'{label}: not used')

	link = os.path.join(tmp, 'link')
	os.symlink(planted('target'), link)
	before = sorted(os.listdir(link))
	check(not uses_planted(exec_print(romresolve, tmp, link)), 'symlinked dir: used')
	check_eq(sorted(os.listdir(link)), before, 'symlinked dir: written into')
	log('a symlinked dir: not used, not written')

	filelink = planted('filelink')
	os.rename(os.path.join(filelink, machines), os.path.join(tmp, 'elsewhere'))
	os.symlink(os.path.join(tmp, 'elsewhere'), os.path.join(filelink, machines))
	check(not uses_planted(exec_print(romresolve, tmp, filelink)), 'symlinked file: used')
	log('a symlinked file: not used')

	# Root never reads $XDG_CACHE_HOME/romresolve.
	xdg = os.path.join(tmp, 'xdg')
	os.makedirs(xdg, mode=0o700)
	shutil.copytree(own, os.path.join(xdg, 'romresolve'))
	out = exec_print(romresolve, tmp, None, env_for(tmp, {'XDG_CACHE_HOME': xdg}))
	check(not uses_planted(out), 'root read $XDG_CACHE_HOME/romresolve')
	check(os.path.isdir('/var/cache/romresolve'), 'root has no /var/cache/romresolve')
	log('root: $XDG_CACHE_HOME ignored, /var/cache/romresolve used')


if __name__ == '__main__':
	run_test(main)
