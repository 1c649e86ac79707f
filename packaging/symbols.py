#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Keep debian/libromresolve1.symbols in step with lib/libromresolve.sym.

    symbols.py check  SYMBOLS LIBROMRESOLVE.SYM
    symbols.py update SYMBOLS LIBROMRESOLVE.SYM VERSION

The symbols file lists every exported symbol, `NAME@NODE MINVER`, with the
upstream version that first shipped it, so that `dpkg-gensymbols -c4` fails a
build whose library exports a symbol the file does not list, and a package
that uses a newer symbol gets a Depends on the release that added it.

check: exit 1 (with what differs) unless SYMBOLS lists exactly the symbols and
version nodes of the version script. update: rewrite SYMBOLS from the version
script; symbols already listed keep their version, new ones get VERSION (the
release that will first ship them: meson.build's project version), symbols
gone from the script are dropped with a warning (an ABI break: raise the
soname).
"""
import re
import sys

HEAD = ('libromresolve.so.1 libromresolve1 #MINVER#\n'
        '* Build-Depends-Package: libromresolve-dev\n')


def read_map(path):
    """[(node, [symbols])] of a GNU ld version script."""
    text = re.sub(r'/\*.*?\*/', '', open(path, encoding='utf-8').read(), flags=re.S)
    nodes = []
    for m in re.finditer(r'([A-Za-z_][A-Za-z0-9_.]*)\s*\{(.*?)\}', text, flags=re.S):
        body = m.group(2)
        glob = re.search(r'global\s*:(.*?)(local\s*:|$)', body, flags=re.S)
        names = re.findall(r'([A-Za-z_][A-Za-z0-9_]*)\s*;', glob.group(1) if glob else body)
        nodes.append((m.group(1), names))
    return nodes


def wanted(nodes):
    out = {}
    for node, names in nodes:
        out['%s@%s' % (node, node)] = None
        for n in names:
            out['%s@%s' % (n, node)] = None
    return out


def read_symbols(path):
    entries = {}
    for line in open(path, encoding='utf-8'):
        m = re.match(r'^ (\S+) (\S+)', line)
        if m:
            entries[m.group(1)] = m.group(2)
    return entries


def main(argv):
    if len(argv) < 4 or argv[1] not in ('check', 'update') or (argv[1] == 'update') != (len(argv) == 5):
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    symbols, mapfile = argv[2], argv[3]
    want = wanted(read_map(mapfile))
    have = read_symbols(symbols)
    if argv[1] == 'check':
        missing = sorted(set(want) - set(have))
        extra = sorted(set(have) - set(want))
        for s in missing:
            print('%s: %s is exported (%s) but not listed' % (symbols, s, mapfile))
        for s in extra:
            print('%s: %s is listed but not exported (%s)' % (symbols, s, mapfile))
        if missing or extra:
            print('symbols: run packaging/symbols.py update %s %s VERSION '
                  '(VERSION: the release that first ships the new symbols)' % (symbols, mapfile))
            return 1
        print('symbols: %d symbols listed, each with its version' % len(want))
        return 0
    version = argv[4]
    for s in sorted(set(have) - set(want)):
        print('symbols: %s is gone: an ABI break, raise the soname' % s, file=sys.stderr)
    with open(symbols, 'w', encoding='utf-8') as f:
        f.write(HEAD)
        for s in want:
            f.write(' %s %s\n' % (s, have.get(s, version)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
