#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Firmware parity with stock QEMU on Debian's real packages.

Usage: firmware-parity.py ROMRESOLVE SUITE

Extracts SUITE's (default trixie) qemu-system-data, qemu-system-{x86,arm,ppc,
riscv,misc}, ipxe-qemu, seabios, ovmf, opensbi, qemu-efi-aarch64 and
u-boot-qemu into one tree (fetched with tests/lib/debian-debs.sh), adds three
links of its own, and with the embedded default config (--root TREE):

- every name that stock QEMU's qemu_find_file() finds through Debian's
  FIRMWAREPATH (/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu; the
  first dir where access(R_OK) succeeds, following links) resolves with
  `which --firmware` to the same path, for every target checked;
- every option ROM among them (it begins with 0x55 0xAA) resolves the same
  with a plain `which` (so within its ceiling);
- a dangling link resolves to nothing (exit 1), an absolute link resolves
  inside TREE, not on the host.

Links are followed the way QEMU inside that tree (a chroot) would follow them:
an absolute target resolves inside TREE.
"""
import os
import shutil
import subprocess
import sys
import tempfile

PACKAGES = ["qemu-system-data", "qemu-system-x86", "qemu-system-arm", "qemu-system-ppc",
            "qemu-system-riscv", "qemu-system-misc", "ipxe-qemu", "seabios", "ovmf",
            "opensbi", "qemu-efi-aarch64", "u-boot-qemu"]
FIRMWAREPATH = ["/usr/share/qemu", "/usr/share/seabios", "/usr/lib/ipxe/qemu"]
ARCHES = ["x86_64", "i386", "aarch64", "arm", "riscv64", "ppc64", "s390x"]
# Links Debian ships and that a resolver has to follow (checked to exist, so
# the test cannot pass on a tree without them).
MUST_FOLLOW = ["OVMF.fd", "opensbi-riscv64-generic-fw_dynamic.bin"]
# Links the test adds: dangling; absolute, inside the tree; absolute, to a
# file that exists on the host only (inside the tree it dangles).
ADDED = {"romresolve-test-dangling.bin": "../missing/nothing.bin",
         "romresolve-test-absolute.bin": "/usr/share/seabios/bios-256k.bin",
         "romresolve-test-host-only.bin": "/etc/os-release"}


def in_root(tree, path, hops=0):
    """realpath() of @path inside @tree as if chrooted there, or None."""
    parts = [p for p in path.split("/") if p]
    cur = "/"
    while parts:
        p = parts.pop(0)
        if p == ".":
            continue
        if p == "..":
            cur = os.path.dirname(cur)
            continue
        nxt = os.path.join(cur, p)
        host = tree + nxt
        if os.path.islink(host):
            hops += 1
            if hops > 40:
                return None
            target = os.readlink(host)
            parts = [q for q in target.split("/") if q] + parts
            cur = "/" if target.startswith("/") else cur
            continue
        if not os.path.lexists(host):
            return None
        cur = nxt
    return cur


def stock_find(tree, name):
    """What qemu_find_file() opens for @name: the first FIRMWAREPATH dir
    where the name passes access(R_OK), links followed."""
    for d in FIRMWAREPATH:
        real = in_root(tree, os.path.join(d, name))
        if real is not None and os.path.isfile(tree + real):
            return tree + os.path.join(d, name), tree + real
    return None, None


def is_option_rom(path):
    with open(path, "rb") as f:
        return f.read(2) == b"\x55\xaa"


def which(exe, tree, name, arch, firmware):
    argv = [exe, "which", name, "--arch", arch, "--root", tree] + (["--firmware"] if firmware else [])
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def main():
    exe = os.path.abspath(sys.argv[1])
    suite = sys.argv[2] if len(sys.argv) > 2 else "trixie"
    here = os.path.dirname(os.path.abspath(__file__))
    fetch = os.path.join(here, "..", "lib", "debian-debs.sh")
    got = subprocess.run([fetch, suite] + PACKAGES, capture_output=True, text=True)
    if got.returncode != 0:
        print(got.stderr, end="")
        print(f"FAIL: {fetch} {suite} exited {got.returncode}")
        return 1
    debs = got.stdout.split()
    if len(debs) != len(PACKAGES):
        print(f"FAIL: expected {len(PACKAGES)} .debs, got {debs}")
        return 1
    tree = tempfile.mkdtemp(prefix="romresolve-parity-")
    try:
        return check_tree(exe, suite, debs, tree)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def check_tree(exe, suite, debs, tree):
    os.chmod(tree, 0o755)
    for deb in debs:
        subprocess.run(["dpkg-deb", "-x", deb, tree], check=True)
        print(f"extracted {os.path.basename(deb)}")
    for link, target in ADDED.items():
        os.symlink(target, os.path.join(tree, "usr/share/qemu", link))

    names = set()
    for d in FIRMWAREPATH:
        if os.path.isdir(tree + d):
            names.update(n for n in os.listdir(tree + d) if not os.path.isdir(tree + d + "/" + n)
                         or os.path.islink(tree + d + "/" + n))
    failures = 0

    def fail(msg):
        nonlocal failures
        failures += 1
        print(f"FAIL: {msg}")

    for n in MUST_FOLLOW:
        if not os.path.islink(os.path.join(tree, "usr/share/qemu", n)):
            fail(f"/usr/share/qemu/{n} is not a link in {suite}'s packages: the test lost its point")
    checked = roms = 0
    for name in sorted(names):
        want, real = stock_find(tree, name)
        for arch in ARCHES:
            st, out, err = which(exe, tree, name, arch, True)
            if want is None:
                if st != 1 or out:
                    fail(f"{name} --arch {arch} --firmware: stock finds nothing, got exit {st} '{out}'")
                continue
            checked += 1
            if st != 0 or out != want:
                fail(f"{name} --arch {arch} --firmware: want {want}, got exit {st} '{out}' {err}")
            if is_option_rom(real):
                roms += 1
                st, out, err = which(exe, tree, name, arch, False)
                if st != 0 or out != want:
                    fail(f"{name} --arch {arch} (option ROM): want {want}, got exit {st} '{out}' {err}")
    for link in ADDED:
        if link not in names:
            fail(f"{link}: not seen")
    print(f"{checked} (name, arch) lookups match stock QEMU, {roms} of them option ROMs; "
          f"{len(names)} names in {suite}'s firmware dirs; {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
