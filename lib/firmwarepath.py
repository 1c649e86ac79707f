#!/usr/bin/env python3
# The embedded default with the build's firmware path (meson option
# 'firmwarepath'): firmwarepath.py IN OUT DIR...
#
# IN's [dir PATH] sections are replaced by one section per DIR, in order,
# each with the keys of IN's first [dir] section; a `priority` key counts up
# from the first section's value in the step between IN's first two. When
# the DIRs are IN's dirs, OUT is IN byte for byte. A DIR may also be a
# colon-separated list, as QEMU's --firmwarepath takes it.
import re
import sys

HEADER = re.compile(r'^\s*\[\s*(\S+)\s*(.*?)\s*\]\s*$')


def fail(msg):
    print('firmwarepath: %s' % msg, file=sys.stderr)
    sys.exit(1)


def main(argv):
    src, out = argv[1], argv[2]
    dirs = [d for arg in argv[3:] for d in arg.split(':') if d]
    if not dirs:
        fail('no dir given (-Dfirmwarepath is empty)')
    for d in dirs:
        if not d.startswith('/') or re.search(r'[\]\s#;]', d) or d != d.rstrip('/') or d == '/':
            fail("'%s' is not an absolute dir path without blanks, ']', '#' or ';'" % d)
    if len(set(dirs)) != len(dirs):
        fail('a dir is given twice: %s' % ':'.join(dirs))
    with open(src, encoding='utf-8') as f:
        lines = f.read().splitlines(keepends=True)

    # Sections: (kind, arg, first line, end line) with end excluding the
    # comments and blank lines that precede the next section.
    starts = [i for i, line in enumerate(lines) if HEADER.match(line)]
    sections = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        while end > i + 1 and re.match(r'^\s*([#;].*)?$', lines[end - 1]):
            end -= 1
        kind, arg = HEADER.match(lines[i]).groups()
        sections.append((kind, arg, i, end))
    dir_sections = [s for s in sections if s[0] == 'dir']
    if not dir_sections:
        fail('%s has no [dir] section' % src)
    if [s[1] for s in dir_sections] == dirs:
        text = ''.join(lines)
    else:
        first = dir_sections[0]
        keys = [line for line in lines[first[2] + 1:first[3]]
                if line.strip() and not line.lstrip().startswith(('#', ';'))]

        def priority(s):
            for line in lines[s[2] + 1:s[3]]:
                m = re.match(r'^\s*priority\s*=\s*(\d+)', line)
                if m:
                    return int(m.group(1))
            return None
        base = priority(first)
        step = 10
        if base is not None and len(dir_sections) > 1 and priority(dir_sections[1]) is not None:
            step = max(1, priority(dir_sections[1]) - base)
        generated = []
        for n, d in enumerate(dirs):
            if generated:
                generated.append('\n')
            generated.append('[dir %s]\n' % d)
            for key in keys:
                if base is not None and re.match(r'^\s*priority\s*=', key):
                    key = 'priority = %d\n' % (base + n * step)
                generated.append(key)
        drop = set()
        for s in dir_sections:
            drop.update(range(s[2], s[3]))
            # the blank line that separated the section from the next one
            if s is not first and s[3] < len(lines) and not lines[s[3]].strip():
                drop.add(s[3])
        out_lines = []
        for i, line in enumerate(lines):
            if i == first[2]:
                out_lines.extend(generated)
            if i not in drop:
                out_lines.append(line)
        text = ''.join(out_lines)
    with open(out, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main(sys.argv)
