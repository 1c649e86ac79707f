#!/usr/bin/env python3
# The embedded default as C, in parts: firmwarepath.py IN OUT.c DIR...
# (firmwarepath.py --presets prints each preset: NAME DIR:DIR...)
#
# IN is conf/default.conf. Its text before the first [dir] section is the
# head, the keys of its first [dir] section are what every search dir gets,
# and its sections of other kinds are the tail. DIR... (meson option
# 'firmwarepath'; each may be a colon-separated list, as QEMU's
# --firmwarepath takes it) are the dirs of a build without a QEMU binary at
# hand. context.c writes the default as head, one [dir] section with the
# keys for each dir of the search path (the caller's, else DIR...), tail.
#
# DIR... may instead be one preset name (PRESETS): the search path of a
# distribution's QEMU, for a build that has no QEMU binary at hand to ask.
import re
import sys

# QEMU's search path per distribution: its configure --firmwarepath, then its
# data dir (QEMU adds it last unless the list has it already). The sources
# are in docs/packagers.md ("Build options"); tests/conf/test-firmwarepath.sh
# holds that table to this one.
PRESETS = {
    # qemu 1:7.2+dfsg-7 (debian/rules), read back from the binary
    # (qemu-system-x86_64 -L help).
    'debian-bookworm': ['/usr/share/qemu', '/usr/share/seabios', '/usr/lib/ipxe/qemu'],
    # qemu 1:10.0.x: the same list.
    'debian-trixie': ['/usr/share/qemu', '/usr/share/seabios', '/usr/lib/ipxe/qemu'],
    # qemu 1:10.2.1 and later dropped /usr/lib/ipxe/qemu: ipxe-qemu ships
    # its ROMs into /usr/share/qemu since 1.21.1+git20220113 (Dec 2024).
    'debian-sid': ['/usr/share/qemu', '/usr/share/seabios'],
    # qemu.spec: %global firmwaredirs, then QEMU's data dir.
    'fedora': ['/usr/share/qemu-firmware', '/usr/share/ipxe/qemu', '/usr/share/seavgabios',
               '/usr/share/seabios', '/usr/share/qemu'],
    # Ubuntu's qemu keeps Debian's configure line; its ipxe-qemu (and
    # ipxe-qemu-256k-compat-efi-roms) still fill /usr/lib/ipxe/qemu.
    'ubuntu': ['/usr/share/qemu', '/usr/share/seabios', '/usr/lib/ipxe/qemu'],
}

HEADER = re.compile(r'^\s*\[\s*(\S+)\s*(.*?)\s*\]\s*$')
BLANK_OR_COMMENT = re.compile(r'^\s*([#;].*)?$')


def fail(msg):
    print('firmwarepath: %s' % msg, file=sys.stderr)
    sys.exit(1)


def c_string(text):
    out = []
    for line in text.splitlines(keepends=True):
        out.append('\t"%s"\n' % line.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n'))
    return ''.join(out) + '\t""'


def main(argv):
    if argv[1:] == ['--presets']:
        for name, dirs in PRESETS.items():
            print('%s %s' % (name, ':'.join(dirs)))
        return
    src, out = argv[1], argv[2]
    dirs = [d for arg in argv[3:] for d in arg.split(':') if d]
    if len(dirs) == 1 and dirs[0] in PRESETS:
        dirs = PRESETS[dirs[0]]
    elif any(not d.startswith('/') and re.fullmatch(r'[a-z][a-z0-9-]*', d) for d in dirs):
        fail("'%s' is no preset (%s); a preset stands alone"
             % (':'.join(dirs), ', '.join(sorted(PRESETS))))
    if not dirs:
        fail('no dir given (-Dfirmwarepath is empty)')
    for d in dirs:
        if not d.startswith('/') or re.search(r'[\]\s#;]', d) or d != d.rstrip('/') or d == '/':
            fail("'%s' is not an absolute dir path without blanks, ']', '#' or ';'" % d)
    if len(set(dirs)) != len(dirs):
        fail('a dir is given twice: %s' % ':'.join(dirs))
    with open(src, encoding='utf-8') as f:
        lines = f.read().splitlines(keepends=True)

    starts = [i for i, line in enumerate(lines) if HEADER.match(line)]
    if not starts or HEADER.match(lines[starts[0]]).group(1) != 'dir':
        fail('%s must begin with a [dir] section' % src)
    head = ''.join(lines[:starts[0]])
    keys, tail = [], []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        kind = HEADER.match(lines[i]).group(1)
        if kind != 'dir':
            tail.extend(lines[i:end])
        elif n == 0:
            keys = [line for line in lines[i + 1:end] if not BLANK_OR_COMMENT.match(line)]
    with open(out, 'w', encoding='utf-8') as f:
        f.write('/* Generated from %s by firmwarepath.py: do not edit. */\n' % src.split('/')[-1])
        f.write('#include "config.h"\n\n')
        f.write('const char romresolve_default_head[] =\n%s;\n' % c_string(head))
        f.write('const char romresolve_default_dir_keys[] =\n%s;\n' % c_string(''.join(keys)))
        f.write('const char romresolve_default_tail[] =\n%s;\n' % c_string(''.join(tail)))
        f.write('const char *const romresolve_default_dirs[] = {\n')
        for d in dirs:
            f.write('\t"%s",\n' % d)
        f.write('\tNULL,\n};\n')


if __name__ == '__main__':
    main(sys.argv)
