#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Benchmarks that drive whole processes or tools; the meson benchmark()
registrations in bench/meson.build call this. Each prints figures and never
fails on speed: exit 0 with figures, 77 (skip) when a tool is missing, 1 when
a measured command itself fails.

Usage:
  bench.py syscalls BENCH_LOOKUP BENCH_CONFIG    system calls per lookup, load (strace)
  bench.py callgrind BENCH_LOOKUP BENCH_CONFIG   instruction counts (valgrind)
  bench.py startup ROMRESOLVE BENCH_SPAWN        process start-up
  bench.py qemu ROMRESOLVE BENCH_SPAWN           QEMU start, stock / exec / patched
  bench.py check ROMRESOLVE BENCH_SPAWN          romresolve check over 10,000 ROMs

Environment: ROMRESOLVE_PATCHED_QEMU_DIR (a dir holding a qemu-system-x86_64
built with the romresolve patches) adds the patched QEMU to `qemu`; with
ROMRESOLVE_STOCK_QEMU_DIR (an unpatched build of the same QEMU) as well, the
two are compared with each other. BENCH_RUNS_SCALE (a factor, default 1)
scales the number of runs.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
VARIANTS = ["resolver", "qemu-loop", "qemu-find", "qemu+size", "sys-open", "sys-access"]
POSITIONS = ["hit-dir1", "hit-dir3", "miss"]
# The floor for the resolver, per position: one open per dir probed
# until the hit, one fstat at the hit; the close is the benchmark's own (the
# resolver hands the fd over).
FLOOR = {"hit-dir1": {"openat": 1, "fstat": 1, "close": 1},
         "hit-dir3": {"openat": 3, "fstat": 1, "close": 1},
         "miss": {"openat": 3}}
QEMU_ARGS = ["-M", "pc", "-accel", "tcg", "-S", "-nodefaults", "-display", "none",
             "-device", "e1000", "-monitor", "stdio"]


def header(what):
    load = open("/proc/loadavg").read().split()[:3]
    print(f"== {what} (load average {' '.join(load)}, {os.cpu_count()} CPUs)")
    sys.stdout.flush()


def runs(n):
    return str(max(3, int(n * float(os.environ.get("BENCH_RUNS_SCALE", "1")))))


def need(tool):
    path = shutil.which(tool)
    if not path:
        print(f"{tool} not found: skipped (scripts/install-deps test installs it)")
        sys.exit(SKIP)
    return path


def spawn(bench_spawn, commands, n, stdin=None, env=None):
    """Run bench-spawn on LABEL=COMMAND strings; print its table."""
    argv = [bench_spawn, "--runs", runs(n)]
    if stdin:
        argv += ["--stdin", stdin]
    res = subprocess.run(argv + commands, env=env, stdout=subprocess.PIPE, text=True)
    print(res.stdout, end="")
    if res.returncode != 0:
        sys.exit(1)


def quote(words):
    return " ".join(shlex.quote(w) for w in words)


# ---- syscalls ----

SYSCALL = re.compile(r"^(?:\d+\s+)?(\w+)\(.*\)\s+=\s+(-?\d+|\?)")
FSTATS = {"fstat", "newfstatat", "fstatat64", "statx"}


def strace_between_marks(argv):
    """Count the system calls between the two marker access() calls."""
    with tempfile.NamedTemporaryFile("r", prefix="romresolve-bench-strace-") as out:
        subprocess.run(["strace", "-f", "-qq", "-o", out.name] + argv, check=True)
        inside, counts, failed = False, {}, {}
        for line in out:
            if "romresolve-bench-mark-begin" in line:
                inside = True
            elif "romresolve-bench-mark-end" in line:
                break
            elif inside:
                m = SYSCALL.match(line)
                if not m:
                    continue
                name = "fstat" if m.group(1) in FSTATS else m.group(1)
                counts[name] = counts.get(name, 0) + 1
                if m.group(2).startswith("-"):
                    failed[name] = failed.get(name, 0) + 1
    return counts, failed


def describe(counts, failed, n):
    words = []
    for name in sorted(counts, key=lambda k: (-counts[k], k)):
        w = f"{name} {counts[name] / n:g}"
        if name in failed:
            w += f" ({failed[name] / n:g} failed)"
        words.append(w)
    return f"{sum(counts.values()) / n:g}: " + (", ".join(words) or "none")


def cmd_syscalls(bench_lookup, bench_config):
    header("system calls per lookup (strace -f, between two markers, 100 lookups each)")
    need("strace")
    n = 100
    over = []
    print(f"{'variant':<11} {'position':<9} system calls per lookup (failed ones in brackets)")
    for variant in ["resolver", "qemu-loop", "qemu-find", "qemu+size"]:
        for position in POSITIONS:
            counts, failed = strace_between_marks(
                [bench_lookup, "--run", variant, position, str(n)])
            print(f"{variant:<11} {position:<9} {describe(counts, failed, n)}")
            per_op = {k: v / n for k, v in counts.items()}
            if variant == "resolver" and per_op != FLOOR[position]:
                over.append(f"{position}: {per_op} != floor {FLOOR[position]}")
    print("floor (resolver): one openat per dir probed until the hit, one fstat at the hit,"
          " and the benchmark's close of the fd it is handed")
    print("resolver: " + ("at the floor at every position" if not over
                          else "ABOVE THE FLOOR: " + "; ".join(over)))
    files = 1000
    counts, failed = strace_between_marks([bench_config, "--once", str(files)])
    print(f"config load, {files} drop-ins (980 read, each with one [dir]), system calls per"
          f" drop-in:\n  {describe(counts, failed, files)}")


# ---- callgrind ----

def callgrind_ir(argv, toggle):
    with tempfile.NamedTemporaryFile("r", prefix="romresolve-bench-cg-") as out:
        subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=" + toggle,
                        "--callgrind-out-file=" + out.name] + argv,
                       check=True, stderr=subprocess.DEVNULL)
        for line in out:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no callgrind summary")


def cmd_callgrind(bench_lookup, bench_config):
    header("instruction counts (callgrind; user space only: system calls count as one "
           "instruction)")
    need("valgrind")
    n = 1000
    print(f"warm lookup, instructions per lookup ({n} lookups, inside run_ops() only)")
    print(f"{'position':<9}" + "".join(f" {v:>10}" for v in VARIANTS[:4]) + "   res/loop")
    for position in POSITIONS:
        ir = [callgrind_ir([bench_lookup, "--run", v, position, str(n)], "run_ops") / n
              for v in VARIANTS[:4]]
        print(f"{position:<9}" + "".join(f" {x:>10.0f}" for x in ir) +
              f" {ir[0] / ir[1]:>9.2f}x")
    print("config load (the second load_once(); the first one warms up)")
    print(f"{'drop-ins':>8} {'instructions':>14} {'per file':>10}")
    for files in [10, 100, 1000]:
        ir = callgrind_ir([bench_config, "--once", str(files)], "load_once")
        print(f"{files:>8} {ir:>14,} {ir / files:>10,.0f}")


# ---- start-up ----

def cmd_startup(romresolve, bench_spawn):
    header("command start-up: whole processes, wall time from spawn to exit")
    which = [romresolve, "which", "efi-e1000.rom", "--arch", "x86_64"]
    res = subprocess.run(which, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(f"$ romresolve which efi-e1000.rom --arch x86_64   (this host's config)\n"
          f"{res.stdout.strip()}  [exit {res.returncode}]")
    commands = ["true=/bin/true", "which=" + quote(which)]
    qemu = shutil.which("qemu-system-x86_64")
    if qemu:
        commands.append(f"qemu-L-help={qemu} -L help")
    spawn(bench_spawn, commands, 100)


# ---- QEMU start-up ----

def cmd_qemu(romresolve, bench_spawn):
    header("QEMU start-up: -S, quit at once through the monitor on stdin")
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        print("qemu-system-x86_64 not found: skipped")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-qemu-") as tmp:
        quit_file = os.path.join(tmp, "quit")
        with open(quit_file, "w") as f:
            f.write("quit\n")
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        stock = [qemu] + QEMU_ARGS
        wrapped = [romresolve, "exec", "--"] + stock
        # Warm exec's machine-help cache, and show what it runs.
        res = subprocess.run([romresolve, "exec", "--print", "--"] + stock, env=env,
                             stdout=subprocess.PIPE, text=True, check=True)
        print("$ romresolve exec --print -- " + quote(["qemu-system-x86_64"] + QEMU_ARGS))
        print(res.stdout, end="")
        spawn(bench_spawn, ["stock=" + quote(stock), "exec=" + quote(wrapped)], 40,
              stdin=quit_file, env=env)

        patched_dir = os.environ.get("ROMRESOLVE_PATCHED_QEMU_DIR")
        if not patched_dir:
            print("(set ROMRESOLVE_PATCHED_QEMU_DIR to also time a patched QEMU)")
            return
        patched = os.path.join(patched_dir, "qemu-system-x86_64")
        if not os.access(patched, os.X_OK):
            print(f"ROMRESOLVE_PATCHED_QEMU_DIR: no {patched}", file=sys.stderr)
            sys.exit(1)
        commands = []
        stock_dir = os.environ.get("ROMRESOLVE_STOCK_QEMU_DIR")
        if stock_dir:
            # An unpatched build of the same QEMU, given Debian's firmware path.
            same = os.path.join(stock_dir, "qemu-system-x86_64")
            dirs = ["-L", "/usr/share/qemu", "-L", "/usr/share/seabios",
                    "-L", "/usr/lib/ipxe/qemu"]
            commands.append("stock-same=" + quote([same] + dirs + QEMU_ARGS))
        else:
            commands.append("stock=" + quote(stock))
        commands.append("patched=" + quote([patched] + QEMU_ARGS))
        ver = subprocess.run([patched, "--version"], stdout=subprocess.PIPE, text=True)
        print(f"patched: {patched}: {ver.stdout.splitlines()[0] if ver.stdout else '?'}")
        spawn(bench_spawn, commands, 40, stdin=quit_file, env=env)


# ---- check over 10,000 ROMs ----

def make_rom_tree(root, n):
    """n option ROMs of 2 KiB over the embedded default's three dirs."""
    dirs = ["usr/share/qemu", "usr/share/seabios", "usr/lib/ipxe/qemu"]
    rom = b"\x55\xaa" + bytes(2046)
    for d in dirs:
        os.makedirs(os.path.join(root, d), mode=0o755)
    for i in range(n):
        path = os.path.join(root, dirs[i % 3], f"bench-{i:05d}.rom")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, rom)
        os.close(fd)


def cmd_check(romresolve, bench_spawn):
    n = 10000
    header(f"romresolve check over {n:,} option ROMs (2 KiB each, three dirs)")
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-check-") as root:
        os.chmod(root, 0o755)
        make_rom_tree(root, n)
        argv = [romresolve, "check", "--root", root]
        res = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
        # The device table's ROMs must resolve too: put those it misses in.
        for line in res.stdout.splitlines():
            m = re.match(r"finding: ([^/: ]+): a device's romfile that does not resolve", line)
            if m:
                with open(os.path.join(root, "usr/share/qemu", m.group(1)), "wb") as f:
                    f.write(b"\x55\xaa" + bytes(2046))
        res = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
        lines = res.stdout.splitlines()
        print(f"$ romresolve check --root TREE: exit {res.returncode}, "
              f"{len(lines)} lines of output")
        for line in lines[:3]:
            print("  " + line.replace(root, "TREE"))
        if res.returncode != 0:
            sys.exit(1)
        if shutil.which("strace"):
            print(f"system calls per ROM: {check_syscalls(argv, root, n)}")
        spawn(bench_spawn, ["true=/bin/true", "check=" + quote(argv)], 10)


def check_syscalls(argv, root, n):
    """System calls of a check per ROM: all of them, and those on a path
    under the tree (what grows with the ROMs), by strace."""
    with tempfile.NamedTemporaryFile("r", prefix="romresolve-bench-strace-") as out:
        subprocess.run(["strace", "-f", "-qq", "-o", out.name] + argv, check=True,
                       stdout=subprocess.DEVNULL)
        counts, failed, total = {}, {}, 0
        for line in out:
            m = SYSCALL.match(line)
            if not m:
                continue
            total += 1
            name = "fstat" if m.group(1) in FSTATS else m.group(1)
            counts[name] = counts.get(name, 0) + 1
            if m.group(2).startswith("-"):
                failed[name] = failed.get(name, 0) + 1
    return f"{describe(counts, failed, n)} (target <= 1.5; {total:,} calls in all)"


def main(argv):
    cmds = {"syscalls": (cmd_syscalls, 2), "callgrind": (cmd_callgrind, 2),
            "startup": (cmd_startup, 2), "qemu": (cmd_qemu, 2), "check": (cmd_check, 2)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    cmds[argv[1]][0](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
