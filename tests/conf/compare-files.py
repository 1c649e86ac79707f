#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The RPM spec and the Debian packages name the same files.

    compare-files.py SPEC-EXPANDED MULTIARCH DEB...

SPEC-EXPANDED is `rpmspec -P` output; each DEB is compared with the %files
section of the matching subpackage (libromresolve1: -libs, libromresolve-dev:
-devel, romresolve: the main package). %{_libdir} is mapped to Debian's
/usr/lib/MULTIARCH. Docs are compared by name: %doc FILE or DIR against
/usr/share/doc/PACKAGE/FILE(.gz) and .../examples/DIR. A path that ends
in / names every file under it, as RPM takes it. A %dir must be a
directory of the .deb. Lintian overrides, %license files and Debian's own
packages (dh-romresolve) are not compared, nor RPM's own files (/usr/lib/rpm:
the macros.romresolve that dh-romresolve is to Debian).
"""
import fnmatch
import os
import re
import subprocess
import sys

SUBPACKAGE = {'libromresolve1': 'libs', 'libromresolve-dev': 'devel', 'romresolve': ''}


def spec_files(text, libdir):
    sections = {}
    current = None
    for line in text.splitlines():
        m = re.match(r'^%files(?:\s+(\S+))?\s*$', line)
        if m:
            current = sections.setdefault(m.group(1) or '', {'files': [], 'docs': [], 'dirs': []})
            continue
        if re.match(r'^%(changelog|package|description|prep|build|install|check)\b', line):
            current = None
        if current is None or not line.strip() or line.startswith('#'):
            continue
        if line.startswith('%doc '):
            current['docs'] += [os.path.basename(d) for d in line.split()[1:]]
        elif line.startswith('%license ') or line.startswith('%ghost '):
            # (%ghost: a file the package owns but does not ship, the
            # host's baseline.)
            continue
        elif line.startswith('%exclude '):
            # Left out on purpose (e.g. AppArmor rules on Fedora): the .deb
            # may ship it, the RPM does not.
            current['files'].append(line.split()[1])
        elif line.startswith('%dir '):
            current['dirs'].append(line.split()[1].replace('/usr/lib64/', libdir + '/'))
        else:
            path = line.strip().replace('/usr/lib64/', libdir + '/')
            # A dir (a trailing /) takes every file under it, as RPM does.
            current['files'].append(path + '*' if path.endswith('/') else path)
    return sections


def deb_files(deb):
    out = subprocess.run(['dpkg-deb', '-c', deb], check=True, capture_output=True,
                         text=True).stdout
    files, dirs = [], []
    for line in out.splitlines():
        path = line.split(None, 5)[5].split(' -> ')[0].rstrip('/')
        (dirs if line.startswith('d') else files).append(path[1:])  # ./usr/... -> /usr/...
    return files, dirs


def main(argv):
    spec, multiarch, debs = argv[1], argv[2], argv[3:]
    with open(spec, encoding='utf-8') as f:
        sections = spec_files(f.read(), '/usr/lib/' + multiarch)
    problems = []
    count = 0
    for deb in debs:
        package = os.path.basename(deb).split('_')[0]
        section = sections.get(SUBPACKAGE[package])
        if section is None:
            problems.append(f'{package}: no %files section for it in the spec')
            continue
        files, dirs = deb_files(deb)
        for d in section['dirs']:
            if d not in dirs:
                problems.append(f'{package}: the spec owns {d}, the .deb has no such directory')
        docdir = f'/usr/share/doc/{package}/'
        # Lintian overrides are Debian's alone.
        plain = [f for f in files
                 if not f.startswith(docdir) and not f.startswith('/usr/share/lintian/')]
        docs = set()
        for f in files:
            rest = f[len(docdir):] if f.startswith(docdir) else None
            if rest is None or rest in ('copyright', 'changelog.Debian.gz'):
                continue
            if rest.startswith('examples/'):
                docs.add(rest.split('/')[1])
            else:
                docs.add(re.sub(r'\.gz$', '', rest))
        for pattern in section['files']:
            # RPM's own files (the macros for ROM packages' specs).
            if pattern.startswith('/usr/lib/rpm/'):
                continue
            if not fnmatch.filter(plain, pattern):
                problems.append(f'{package}: the spec names {pattern}, the .deb has no such file')
        for f in plain:
            if not any(fnmatch.fnmatch(f, p) for p in section['files']):
                problems.append(f'{package}: the .deb has {f}, the spec does not name it')
        if docs != set(section['docs']):
            problems.append(f'{package}: docs differ: .deb {sorted(docs)}, '
                            f'spec {sorted(section["docs"])}')
        count += len(plain)
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f'{count} files in {len(debs)} packages: the same in the spec')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
