#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Firmware parity with stock QEMU on a distribution's real layout.

Usage: firmware-parity.py ROMRESOLVE SUITE          (bookworm, trixie, sid)
       firmware-parity.py ROMRESOLVE --layout FILE  (tests/real/layouts/*.layout)

A Debian SUITE's tree is made of its real packages (fetched with
tests/lib/debian-debs.sh): qemu-system-data, qemu-system-{x86,arm,ppc,misc}
(and -riscv where it exists), ipxe-qemu, seabios, ovmf, opensbi,
qemu-efi-aarch64, u-boot-qemu; sid once with ipxe-qemu and once with
ipxe-qemu-amd64, which Provides and Conflicts it. A FILE layout (Fedora,
Ubuntu) is rebuilt from its packaging facts: file names, link targets and
sizes, each source named in the file. Each layout has QEMU's FIRMWAREPATH
(for Debian, read back from the suite's qemu-system-x86_64 too) and its
drop-ins (conf/LAYOUT). romresolve gets that path as the `-L help` of fake
qemu-system-ARCH binaries on PATH (outside the tree). On the tree, with the
embedded default config:

- every name that stock QEMU's qemu_find_file() finds through FIRMWAREPATH
  (the first dir where access(R_OK) succeeds, links followed as in a chroot)
  resolves with `which --firmware` to the same path, for every target
  checked, and every option ROM among them (it begins with 0x55 0xAA) the
  same with a plain `which` (so within its ceiling);
- `check` passes with 0 findings (Ubuntu: its 512 KiB ROMs are over the
  default's 256 KiB, each a finding; its drop-ins are part of its layout);
- with the layout's drop-ins installed: each passes `verify`, `check` has 0
  findings, and (Ubuntu) old machine types get stock QEMU's compat ROMs;
- each package's own tree, with its own drop-in, passes `check --package`.
- Debian: a dangling link resolves to nothing (exit 1), an absolute link
  resolves inside TREE, not on the host.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
ARCHES = ["x86_64", "i386", "aarch64", "arm", "riscv64", "ppc64", "s390x"]
DEBIAN_PATH = ["/usr/share/qemu", "/usr/share/seabios", "/usr/lib/ipxe/qemu"]
COMMON = ["qemu-system-data", "qemu-system-x86", "qemu-system-arm", "qemu-system-ppc",
          "qemu-system-misc", "seabios", "ovmf", "opensbi", "qemu-efi-aarch64", "u-boot-qemu"]
# QEMU's FIRMWAREPATH per suite (docs/packagers.md's presets); the package
# sets of each tree; links the suite ships that a resolver must follow
# (checked to exist, so that the test cannot pass on a tree without them).
SUITES = {
    "bookworm": dict(path=DEBIAN_PATH, conf="debian-bookworm",
                     variants=[COMMON + ["ipxe-qemu"]],
                     follow=["/usr/share/qemu/bios-microvm.bin"]),
    "trixie": dict(path=DEBIAN_PATH, conf="debian-trixie",
                   variants=[COMMON + ["qemu-system-riscv", "ipxe-qemu"]],
                   follow=["/usr/share/qemu/OVMF.fd",
                           "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin"]),
    "sid": dict(path=DEBIAN_PATH[:2], conf="debian-sid",
                variants=[COMMON + ["qemu-system-riscv", "ipxe-qemu"],
                          COMMON + ["qemu-system-riscv", "ipxe-qemu-amd64"]],
                follow=["/usr/share/seabios/vgabios.bin"]),
}
# Links the test adds to a Debian tree: dangling; absolute, inside the tree;
# absolute, to a file that exists on the host only (inside the tree it
# dangles).
ADDED = {"romresolve-test-dangling.bin": "../missing/nothing.bin",
         "romresolve-test-absolute.bin": "/usr/share/seabios/bios-256k.bin",
         "romresolve-test-host-only.bin": "/etc/os-release"}
# The dirs a FIRMWAREPATH may name: what the binary's strings are searched for.
KNOWN_DIRS = set(DEBIAN_PATH) | {"/usr/share/qemu-firmware", "/usr/share/ipxe/qemu",
                                 "/usr/share/seavgabios"}


class Layout:
    def __init__(self, name, path, conf):
        self.name, self.path, self.conf = name, path, conf
        self.packages = {}      # name -> [(kind, path, arg)], or a .deb path
        self.compat = []        # (glob, until or None, name, compat name)
        self.follow = []

    def dropins(self):
        d = os.path.join(SRC, "conf", self.conf)
        return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".conf"))

    def dropin_of(self, package):
        """The layout's drop-in a package installs (50-PACKAGE.conf; the
        amd64 ipxe-qemu ships ipxe-qemu's, whose place it takes)."""
        for p in (package, package.replace("ipxe-qemu-amd64", "ipxe-qemu")):
            for f in self.dropins():
                if re.fullmatch(r"\d\d-%s\.conf" % re.escape(p), os.path.basename(f)):
                    return f
        return None


def read_layout(file):
    lay = None
    pkg = None
    for n, line in enumerate(open(file, encoding="utf-8"), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        kind, args = words[0], words[1:]
        if kind == "firmwarepath":
            lay = Layout(os.path.basename(file).rsplit(".", 1)[0], args[0].split(":"), None)
        elif kind == "conf":
            lay.conf = args[0]
        elif kind == "package":
            pkg = lay.packages.setdefault(args[0], [])
        elif kind in ("rom", "blob", "link") and len(args) == 2:
            pkg.append((kind, args[0], args[1]))
            if kind == "link":
                lay.follow.append(args[0])
        elif kind == "compat" and len(args) == 4:
            lay.compat.append((args[0], None if args[1] == "-" else args[1], args[2], args[3]))
        else:
            sys.exit(f"{file}:{n}: cannot read '{line.strip()}'")
    return lay


def make_files(tree, entries):
    for kind, path, arg in entries:
        full = tree + path
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if kind == "link":
            os.symlink(arg, full)
            continue
        with open(full, "wb") as f:
            f.write(b"\x55\xaa" if kind == "rom" else b"\x7fELF")
            f.truncate(int(arg))


def fill(tree, lay, only=None):
    os.makedirs(tree, mode=0o755, exist_ok=True)
    os.chmod(tree, 0o755)
    for name, what in lay.packages.items():
        if only and name != only:
            continue
        if isinstance(what, str):
            subprocess.run(["dpkg-deb", "-x", what, tree], check=True)
        else:
            make_files(tree, what)


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


def machine_version(machine):
    m = re.search(r"-(\d+)\.(\d+)$", machine or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def stock_names(lay, name, machine):
    """The names stock QEMU tries for @name on @machine: its compiled-in
    compat map first (Ubuntu), then the name."""
    import fnmatch
    for glob, until, frm, to in lay.compat:
        if frm != name or not machine or not fnmatch.fnmatchcase(machine, glob):
            continue
        v = machine_version(machine)
        if until is None and v is None:
            return [to, name]
        if until is not None and v is not None and v <= tuple(int(x) for x in until.split(".")):
            return [to, name]
    return [name]


def no_rom(name, machine):
    """QEMU's own compat property: pc_compat_2_6 gives vmxnet3 no ROM."""
    v = machine_version(machine)
    return name == "efi-vmxnet3.rom" and machine.startswith("pc-") and v is not None and v <= (2, 6)


def stock_find(tree, lay, name, machine=None):
    """What qemu_find_file() opens: the first FIRMWAREPATH dir where the name
    passes access(R_OK), links followed."""
    for n in stock_names(lay, name, machine):
        for d in lay.path:
            real = in_root(tree, os.path.join(d, n))
            if real is not None and os.path.isfile(tree + real):
                return tree + os.path.join(d, n), tree + real
    return None, None


def is_option_rom(path):
    with open(path, "rb") as f:
        return f.read(2) == b"\x55\xaa"


def binary_firmwarepath(binary):
    """QEMU's FIRMWAREPATH as compiled into @binary: the longest run of
    NUL-separated strings that are firmware dirs."""
    best, run = [], []
    for s in open(binary, "rb").read().split(b"\0"):
        s = s.decode("latin-1")
        if s in KNOWN_DIRS:
            run.append(s)
            best = max(best, run, key=len)
        else:
            run = []
    return best


FAKE_QEMU = """#!/bin/sh
# A stand-in for qemu-system-%(arch)s of the layout %(name)s.
case "$*" in
"-L help")
	printf '%%s\\n' %(dirs)s ;;
"-machine help")
	printf '%%s\\n' 'Supported machines are:' %(machines)s ;;
"-version")
	echo 'QEMU emulator version 10.0.0 (%(name)s layout)' ;;
*)	exit 3 ;;
esac
"""
MACHINES = {
    "x86_64": ["pc                   Standard PC (alias of pc-i440fx-10.0)",
               "pc-i440fx-10.0       Standard PC (i440FX + PIIX, 1996) (default)",
               "pc-i440fx-2.10       Standard PC (i440FX + PIIX, 1996)",
               "pc-i440fx-xenial     Ubuntu 16.04 PC (i440FX + PIIX, 1996)",
               "q35                  Standard PC (alias of pc-q35-10.0)",
               "pc-q35-10.0          Standard PC (Q35 + ICH9, 2009)",
               "pc-q35-2.4           Standard PC (Q35 + ICH9, 2009)"],
    "aarch64": ["virt                 QEMU 10.0 ARM Virtual Machine (alias of virt-10.0)",
                "virt-10.0            QEMU 10.0 ARM Virtual Machine"],
    "riscv64": ["virt                 RISC-V VirtIO board"],
    "ppc64": ["pseries              pSeries Logical Partition (alias of pseries-10.0)",
              "pseries-10.0         pSeries Logical Partition (PAPR compliant) (default)"],
    "s390x": ["s390-ccw-virtio      Virtual s390x machine (alias of s390-ccw-virtio-10.0)",
              "s390-ccw-virtio-10.0 Virtual s390x machine (default)"],
}
MACHINES["i386"] = MACHINES["x86_64"]
MACHINES["arm"] = MACHINES["aarch64"]


def data_dirs(lay):
    """QEMU's data dirs, as -L help lists them: FIRMWAREPATH, then the data
    dir unless the list has it."""
    return lay.path if "/usr/share/qemu" in lay.path else lay.path + ["/usr/share/qemu"]


def fake_qemus(bindir, lay):
    os.makedirs(bindir, exist_ok=True)
    for arch in ARCHES:
        p = os.path.join(bindir, "qemu-system-" + arch)
        with open(p, "w") as f:
            f.write(FAKE_QEMU % dict(arch=arch, name=lay.name,
                                     dirs=" ".join(data_dirs(lay)),
                                     machines=" ".join("'%s'" % m for m in MACHINES[arch])))
        os.chmod(p, 0o755)


class Runner:
    def __init__(self, exe, work, lay):
        self.exe, self.lay = exe, lay
        bindir = os.path.join(work, "bin")
        fake_qemus(bindir, lay)
        self.env = dict(os.environ, PATH=bindir + ":/usr/bin:/bin", LC_ALL="C",
                        XDG_CONFIG_HOME=os.path.join(work, "xdg-config"),
                        XDG_CACHE_HOME=os.path.join(work, "xdg-cache"))
        self.failures = 0

    def run(self, args):
        p = subprocess.run([self.exe] + args, capture_output=True, text=True, timeout=120,
                           env=self.env)
        return p.returncode, p.stdout, p.stderr

    def fail(self, msg):
        self.failures += 1
        print(f"FAIL: {self.lay.name}: {msg}")

    def which(self, tree, name, arch, firmware, machine=None):
        args = ["which", name, "--arch", arch, "--root", tree]
        args += (["--firmware"] if firmware else []) + (["--machine", machine] if machine else [])
        st, out, err = self.run(args)
        return st, out.strip(), err.strip()

    def parity(self, tree, machines=(None,)):
        names = set()
        for d in self.lay.path:
            if os.path.isdir(tree + d):
                names.update(n for n in os.listdir(tree + d)
                             if not os.path.isdir(tree + d + "/" + n) or os.path.islink(tree + d + "/" + n))
        checked = roms = 0
        for name in sorted(names):
            for arch in ARCHES:
                for machine in machines if arch == "x86_64" else (None,):
                    want, real = stock_find(tree, self.lay, name, machine)
                    st, out, err = self.which(tree, name, arch, True, machine)
                    if want is None:
                        if st != 1 or out:
                            self.fail(f"{name} --arch {arch} --firmware: stock finds nothing, got exit {st} '{out}'")
                        continue
                    checked += 1
                    if st != 0 or out != want:
                        self.fail(f"{name} --arch {arch} --machine {machine} --firmware: want {want}, got exit {st} '{out}' {err}")
                    if is_option_rom(real):
                        roms += 1
                        st, out, err = self.which(tree, name, arch, False, machine)
                        if machine and no_rom(name, machine):
                            want = ""
                        if st != 0 or out != want:
                            self.fail(f"{name} --arch {arch} --machine {machine} (option ROM): want {want}, got exit {st} '{out}' {err}")
        print(f"{self.lay.name}: {checked} (name, arch, machine) lookups match stock QEMU, {roms} of "
              f"them option ROMs; {len(names)} names in {':'.join(self.lay.path)}")
        return names

    def check(self, tree, want_status, extra=()):
        st, out, err = self.run(["check"] + list(extra) + ["--root", tree])
        lines = out.splitlines()
        print(f"{self.lay.name}: check {' '.join(list(extra) + ['--root', tree])}: exit {st}, "
              f"{lines[-1] if lines else ''}")
        if st != want_status or err:
            self.fail(f"check {' '.join(extra)}: exit {st}, expected {want_status}:\n{out}{err}")
        return [line for line in lines if line.startswith("finding: ")]


def debian_layouts(suite):
    spec = SUITES[suite]
    out = []
    for packages in spec["variants"]:
        lay = Layout(f"{suite} ({packages[-1]})", spec["path"], spec["conf"])
        got = subprocess.run([os.path.join(HERE, "..", "lib", "debian-debs.sh"), suite] + packages,
                             capture_output=True, text=True)
        if got.returncode != 0:
            print(got.stderr, end="")
            sys.exit(f"FAIL: debian-debs.sh {suite} exited {got.returncode}")
        debs = got.stdout.split()
        if len(debs) != len(packages):
            sys.exit(f"FAIL: expected {len(packages)} .debs, got {debs}")
        lay.packages = dict(zip(packages, debs))
        lay.follow = spec["follow"]
        out.append(lay)
    return out


def check_layout(exe, lay, work, debian):
    r = Runner(exe, work, lay)
    tree = os.path.join(work, "tree")
    fill(tree, lay)
    for link in lay.follow:
        if not os.path.islink(tree + link):
            r.fail(f"{link} is not a link in the layout: the test lost its point")
    if debian:
        x86 = tree + "/usr/bin/qemu-system-x86_64"
        if binary_firmwarepath(x86) != lay.path:
            r.fail(f"qemu-system-x86_64 has FIRMWAREPATH {binary_firmwarepath(x86)}, the layout says {lay.path}")
        for link, target in ADDED.items():
            os.symlink(target, os.path.join(tree, "usr/share/qemu", link))
    dropins = lay.dropins()
    needs_dropins = bool(lay.compat)
    # The stock host: the default config (Ubuntu: see below).
    if not needs_dropins:
        names = r.parity(tree)
        if debian:
            for link in ADDED:
                if link not in names:
                    r.fail(f"{link}: not seen")
        r.check(tree, 0)
    else:
        # Ubuntu's EFI ROMs are in the 512 KiB bucket and its QEMU maps old
        # machine types to compat ROMs: without its drop-ins, each EFI ROM
        # is over the default's 256 KiB (refused, never loaded).
        over = r.check(tree, 1)
        for f in over:
            if "over the 256 KiB ceiling" not in f and "does not resolve" not in f:
                r.fail(f"unexpected finding without the drop-ins: {f}")
    # The layout's drop-ins, as its packages install them.
    d = os.path.join(tree, "usr/share/qemu/romresolve.d")
    os.makedirs(d, exist_ok=True)
    for f in dropins:
        st, out, err = r.run(["verify", f])
        if st != 0 or out or err:
            r.fail(f"verify {f}: exit {st}: {out}{err}")
        shutil.copy(f, d)
    r.check(tree, 0)
    if needs_dropins:
        r.parity(tree, machines=(None, "pc-i440fx-2.10", "pc-q35-2.4", "pc-i440fx-xenial",
                                 "pc-q35-10.0"))
    # Each package's own build tree, with its own drop-in.
    for pkg in lay.packages:
        ptree = os.path.join(work, "pkg-" + pkg)
        fill(ptree, lay, only=pkg)
        drop = lay.dropin_of(pkg)
        if drop:
            os.makedirs(os.path.join(ptree, "usr/share/qemu/romresolve.d"), exist_ok=True)
            shutil.copy(drop, os.path.join(ptree, "usr/share/qemu/romresolve.d"))
        r.check(ptree, 0, ["--package"])
    return r.failures


def main():
    exe = os.path.abspath(sys.argv[1])
    if len(sys.argv) == 4 and sys.argv[2] == "--layout":
        layouts, debian = [read_layout(sys.argv[3])], False
    elif len(sys.argv) == 3 and sys.argv[2] in SUITES:
        layouts, debian = debian_layouts(sys.argv[2]), True
    else:
        sys.exit(__doc__.split("\n\n")[1])
    failures = 0
    for lay in layouts:
        work = tempfile.mkdtemp(prefix="romresolve-parity-")
        try:
            failures += check_layout(exe, lay, work, debian)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
