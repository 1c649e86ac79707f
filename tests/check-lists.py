#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The test lists meson found when it configured are the files there now.

Usage: check-lists.py DIR PREFIX SUFFIX NAME...

meson builds its list of tests by globbing DIR for PREFIX*SUFFIX when it
configures (tests/cli/meson.build, tests/unit/meson.build), so no human
keeps the list. A file added since then would not run: this test fails,
naming it, until meson configures again.
"""
import glob
import os
import sys


def main():
    if len(sys.argv) < 4:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    where, prefix, suffix = sys.argv[1:4]
    configured = set(sys.argv[4:])
    found = {os.path.basename(p)[len(prefix):-len(suffix)]
             for p in glob.glob(os.path.join(where, f"{prefix}*{suffix}"))}
    if not found:
        print(f"check-lists: no {prefix}*{suffix} in {where}", file=sys.stderr)
        return 1
    status = 0
    for name in sorted(found - configured):
        print(f"check-lists: {where}/{prefix}{name}{suffix} is not among the tests meson "
              f"configured: run meson setup --reconfigure on the build dir", file=sys.stderr)
        status = 1
    for name in sorted(configured - found):
        print(f"check-lists: {where}/{prefix}{name}{suffix} is gone: reconfigure",
              file=sys.stderr)
        status = 1
    if status == 0:
        print(f"check-lists: {len(found)} {prefix}*{suffix} in {where}, each a test")
    return status


if __name__ == "__main__":
    sys.exit(main())
