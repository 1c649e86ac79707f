#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Benchmarks that drive whole processes or tools; the meson benchmark()
registrations in bench/meson.build call this. Each prints figures and never
fails on speed: exit 0 with figures, 77 (skip) when a tool is missing, 1 when
a measured command itself fails.

Usage:
  bench.py syscalls BENCH_LOOKUP BENCH_CONFIG    system calls per lookup, load (strace)
  bench.py callgrind BENCH_LOOKUP BENCH_CONFIG   instruction counts (valgrind)
  bench.py reader OWN INIH                       config loads, the drop-ins read with
                                                 inih against the own reader of before
  bench.py startup ROMRESOLVE BENCH_SPAWN        process start-up
  bench.py qemu ROMRESOLVE BENCH_SPAWN           QEMU start, stock / exec / patched
  bench.py check ROMRESOLVE BENCH_SPAWN          romresolve check over 10,000 ROMs
  bench.py compare OLD_BUILD NEW_BUILD [ROUNDS]  every target of the performance
                                                 issue, two builds side by side
  bench.py smoke BUILD                           a short run of what compare reads
                                                 (a test: fails if a figure is missing)

Environment: ROMRESOLVE_PATCHED_QEMU_DIR (a dir holding a qemu-system-x86_64
built with the romresolve patches) adds the patched QEMU to `qemu`; with
ROMRESOLVE_STOCK_QEMU_DIR (an unpatched build of the same QEMU) as well, the
two are compared with each other. ROMRESOLVE_STATIC_BUILD (a build of the new
code configured with -Dstatic_command=true) adds its command to compare's
whole-process rows as "static". BENCH_RUNS_SCALE (a factor, default 1)
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

def callgrind_ir(argv, toggle, lib_dir=None):
    env = dict(os.environ, LD_LIBRARY_PATH=lib_dir) if lib_dir else None
    with tempfile.NamedTemporaryFile("r", prefix="romresolve-bench-cg-") as out:
        subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=" + toggle,
                        "--callgrind-out-file=" + out.name] + argv,
                       check=True, stderr=subprocess.DEVNULL, env=env)
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


# ---- the drop-in reader, before and after inih ----

def reader_trees(bench_config, tmp):
    """{label: root}: 5 and 1,000 of bench-config's drop-ins, and a Debian
    host's: the packages' drop-ins this project ships (conf/)."""
    conf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conf")
    trees = {}
    for n in (5, 1000):
        root = os.path.join(tmp, str(n))
        os.makedirs(root, mode=0o755)
        subprocess.run([bench_config, "--make-tree", str(n), root], check=True)
        trees[f"{n}"] = root
    root = os.path.join(tmp, "debian")
    dropins = os.path.join(root, "usr/share/qemu/romresolve.d")
    os.makedirs(dropins, mode=0o755)
    for name in ("qemu-system-data/50-qemu-system-data.conf", "ipxe-qemu/50-ipxe-qemu.conf"):
        shutil.copy(os.path.join(conf, name), dropins)
    trees["2 (Debian's)"] = root
    return trees


def cmd_reader(own, inih, rounds=9):
    header("config load: the drop-ins read with inih (lib/config.c) against the library's "
           "own reader of before (bench/config-own-reader.c, main at 40825fb)")
    print("romresolve_context_new() on a tree of the embedded default and N drop-ins "
          "(bench-config's: a [dir], a [machine] with a map, a [device] each;\n"
          "Debian's: qemu-system-data's and ipxe-qemu's, from conf/); both programs "
          "link the library statically")
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-reader-") as tmp:
        os.chmod(tmp, 0o755)
        trees = reader_trees(inih, tmp)
        if shutil.which("valgrind"):
            print(f"instructions (callgrind, one load after a warm-up)\n"
                  f"{'drop-ins':>13} {'own':>12} {'inih':>12} {'inih/own':>9}")
            for label, root in trees.items():
                ir = [callgrind_ir([exe, "--once-root", root], "load_once")
                      for exe in (own, inih)]
                print(f"{label:>13} {ir[0]:>12,} {ir[1]:>12,} {ir[1] / ir[0]:>8.2f}x")
                sys.stdout.flush()
        else:
            print("valgrind not found: no instruction counts")
        n = int(runs(rounds))
        print(f"time of one load (median over 0.2 s of loads), {n} runs of each program, "
              f"alternating; the median run, [least, most]")
        print(f"{'drop-ins':>13} {'wall us own':>25} {'wall us inih':>25} {'inih/own':>9}"
              f" {'CPU us own':>11} {'CPU us inih':>12} {'inih/own':>9}")
        for label, root in trees.items():
            wall = {own: [], inih: []}
            cpu = {own: [], inih: []}
            for i in range(n):
                for exe in ((own, inih) if i % 2 == 0 else (inih, own)):
                    res = subprocess.run([exe, "--time", root], stdout=subprocess.PIPE,
                                         text=True, check=True)
                    _, w, c = res.stdout.split()
                    wall[exe].append(float(w))
                    cpu[exe].append(float(c))
            m = {exe: (median(wall[exe]), median(cpu[exe])) for exe in (own, inih)}
            spread = {exe: f"{m[exe][0]:.1f} [{min(wall[exe]):.1f}, {max(wall[exe]):.1f}]"
                      for exe in (own, inih)}
            print(f"{label:>13} {spread[own]:>25} {spread[inih]:>25} "
                  f"{m[inih][0] / m[own][0]:>8.2f}x {m[own][1]:>11.1f} {m[inih][1]:>12.1f} "
                  f"{m[inih][1] / m[own][1]:>8.2f}x")
            sys.stdout.flush()
    print("targets: the realistic loads (5, Debian's) not measurably slower; 1,000 drop-ins "
          "within 2x")


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

def qemu_session(tmp):
    """A stdin that quits QEMU at once, and an environment with exec's
    machine-help cache in @tmp."""
    quit_file = os.path.join(tmp, "quit")
    with open(quit_file, "w") as f:
        f.write("quit\n")
    return quit_file, dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))


def cmd_qemu(romresolve, bench_spawn):
    header("QEMU start-up: -S, quit at once through the monitor on stdin")
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        print("qemu-system-x86_64 not found: skipped")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-qemu-") as tmp:
        quit_file, env = qemu_session(tmp)
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
        # The patched QEMU loads this build's library (all commands get the
        # same LD_LIBRARY_PATH).
        env["LD_LIBRARY_PATH"] = os.path.join(os.path.dirname(os.path.abspath(romresolve)),
                                              "..", "lib")
        ver = subprocess.run([patched, "--version"], stdout=subprocess.PIPE, text=True, env=env)
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


def add_device_roms(romresolve, root):
    """check resolves the device table's ROMs too: put those the tree lacks
    into its /usr/share/qemu, so that a clean tree gives no finding."""
    res = subprocess.run([romresolve, "check", "--root", root], stdout=subprocess.PIPE,
                         text=True)
    for line in res.stdout.splitlines():
        m = re.match(r"finding: ([^/: ]+): a device's romfile that does not resolve", line)
        if m:
            with open(os.path.join(root, "usr/share/qemu", m.group(1)), "wb") as f:
                f.write(b"\x55\xaa" + bytes(2046))


def cmd_check(romresolve, bench_spawn):
    n = 10000
    header(f"romresolve check over {n:,} option ROMs (2 KiB each, three dirs)")
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-check-") as root:
        os.chmod(root, 0o755)
        make_rom_tree(root, n)
        add_device_roms(romresolve, root)
        argv = [romresolve, "check", "--root", root]
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
    """All the system calls of a whole check process (strace -f), per ROM."""
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


# ---- two builds side by side ----

def lookup_table(bench_lookup, lib_dir=None, rounds=5, ops=5000):
    """{position: (res/loop, e2e, e2e-loop, floor)} of one bench-lookup run;
    with @lib_dir, against the libromresolve in it (LD_LIBRARY_PATH goes
    before the program's RUNPATH): one harness, two libraries."""
    env = dict(os.environ, LD_LIBRARY_PATH=lib_dir) if lib_dir else None
    res = subprocess.run([bench_lookup, "--rounds", str(rounds), "--ops", str(ops)],
                         stdout=subprocess.PIPE, text=True, check=True, env=env)
    rows = {}
    for line in res.stdout.splitlines():
        words = line.split()
        if words and words[0] in ("hit-dir1", "hit-dir3", "miss") and len(words) == 15:
            rows[words[0]] = tuple(float(w.rstrip("x")) for w in words[11:15])
    return rows


def median(values):
    values = sorted(values)
    n = len(values)
    return (values[n // 2] + values[(n - 1) // 2]) / 2


def compare_lookup(old, new, rounds):
    header(f"lookup, the new bench-lookup against the old and the new library alternately, "
           f"{rounds} runs each (5 rounds x 5000 lookups per cell)")
    bench_lookup = os.path.join(new, "bench", "bench-lookup")
    runs_of = {"old": [], "new": []}
    for i in range(rounds):
        for which in (("old", "new") if i % 2 == 0 else ("new", "old")):
            build = old if which == "old" else new
            runs_of[which].append(lookup_table(bench_lookup, os.path.join(build, "lib")))
    print(f"{'position':10} {'find old':>9} {'find new':>9} {'e2e old':>8} {'e2e new':>8} "
          f"{'e2e-loop old':>13} {'e2e-loop new':>13} {'floor':>6}")
    for pos in ("hit-dir1", "hit-dir3", "miss"):
        m = {(w, k): median([r[pos][k] for r in runs_of[w]])
             for w in ("old", "new") for k in range(4)}
        print(f"{pos:10} {m['old', 0]:8.2f}x {m['new', 0]:8.2f}x {m['old', 1]:7.2f}x "
              f"{m['new', 1]:7.2f}x {m['old', 2]:12.2f}x {m['new', 2]:12.2f}x "
              f"{m['new', 3]:5.2f}x")
    print("find = resolver / qemu-loop (target on a miss <= 1.2x); e2e = res+load / "
          "qemu-rom, stock QEMU's pci_add_option_rom() path\n(target <= 0.75x at every "
          "position); e2e-loop = res+load / qemu+load, the earlier model (QEMU's loop, "
          "size, load);\nfloor = min(sys-open, sys-openat) / qemu-loop; medians over the "
          "runs of each library")
    if shutil.which("valgrind"):
        print("instructions per lookup (callgrind, 1000 lookups):")
        for pos in ("hit-dir1", "hit-dir3", "miss"):
            ir = [callgrind_ir([bench_lookup, "--run", "resolver", pos, "1000"], "run_ops",
                               os.path.join(b, "lib")) / 1000 for b in (old, new)]
            print(f"  {pos:10} old {ir[0]:8,.0f}  new {ir[1]:8,.0f}  new/old {ir[1] / ir[0]:.2f}x")
    sys.stdout.flush()


def make_dropin_tree(build, root):
    """bench-config's tree of 1,000 drop-ins under @root, and a ROM in the
    default's first dir for `which` to find."""
    os.chmod(root, 0o755)
    subprocess.run([os.path.join(build, "bench", "bench-config"), "--make-tree", "1000", root],
                   check=True)
    os.makedirs(os.path.join(root, "usr/share/qemu"), exist_ok=True)
    with open(os.path.join(root, "usr/share/qemu/bench.rom"), "wb") as f:
        f.write(b"\x55\xaa" + bytes(2046))


def compare_processes(old, new, rounds):
    builds = [("old", old), ("new", new)]
    static = os.environ.get("ROMRESOLVE_STATIC_BUILD")
    if static:  # the new code, built with -Dstatic_command=true
        builds.append(("static", static))
    rr = {w: os.path.join(b, "tools", "romresolve") for w, b in builds}
    spawn_exe = os.path.join(new, "bench", "bench-spawn")
    n = max(3, rounds)

    header("`romresolve which` as a whole process (this host's config), "
           "against /bin/true (target <= 1.5x)")
    which = ["which", "efi-e1000.rom", "--arch", "x86_64"]
    spawn(spawn_exe, ["true=/bin/true"] + [f"which-{w}=" + quote([rr[w]] + which)
                                           for w in rr], 20 * n)

    header("1,000 drop-ins through the command, against a C loop that only reads them "
           "(target <= 2x)")
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-compare-") as root:
        make_dropin_tree(new, root)
        # riscv64: the drop-ins' 1,000 dirs (x86_64 aarch64) are not searched.
        look = ["which", "bench.rom", "--arch", "riscv64", "--root", root]
        spawn(spawn_exe, ["readloop=" + quote([os.path.join(new, "bench", "bench-readloop"),
                                               root])] +
              [f"which-{w}=" + quote([rr[w]] + look) for w in rr], 5 * n)

    header("romresolve check over 10,000 option ROMs (target <= 1.5 system calls per "
           "clean ROM)")
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-check-") as root:
        os.chmod(root, 0o755)
        make_rom_tree(root, 10000)
        add_device_roms(rr["new"], root)
        for w in ("old", "new"):
            argv = [rr[w], "check", "--root", root]
            if shutil.which("strace"):
                print(f"{w}: system calls per ROM: {check_syscalls(argv, root, 10000)}")
        spawn(spawn_exe, ["true=/bin/true"] + [f"check-{w}=" + quote([rr[w], "check",
                                                                      "--root", root])
                                               for w in ("old", "new")], n)

    qemu = shutil.which("qemu-system-x86_64")
    header("QEMU start through `romresolve exec` (target: adds <= 1.5 ms)")
    if not qemu:
        print("qemu-system-x86_64 not found: skipped")
    else:
        with tempfile.TemporaryDirectory(prefix="romresolve-bench-qemu-") as tmp:
            quit_file, env = qemu_session(tmp)
            stock = [qemu] + QEMU_ARGS
            for w in rr:  # warm exec's machine-help cache
                subprocess.run([rr[w], "exec", "--print", "--"] + stock, env=env,
                               stdout=subprocess.DEVNULL, check=True)
            spawn(spawn_exe, ["stock=" + quote(stock)] +
                  [f"exec-{w}=" + quote([rr[w], "exec", "--"] + stock) for w in rr],
                  10 * n, stdin=quit_file, env=env)
    compare_patched(old, new, n)


def compare_patched(old, new, n):
    """The patched QEMU against an unpatched build of the same source, the
    patched one loading the old and the new library in turn. Every command
    runs through env(1) with LD_LIBRARY_PATH set, so all pay the same."""
    header("patched QEMU start-up against an unpatched build of the same source "
           "(target <= 1.02x)")
    patched_dir = os.environ.get("ROMRESOLVE_PATCHED_QEMU_DIR")
    stock_dir = os.environ.get("ROMRESOLVE_STOCK_QEMU_DIR")
    if not patched_dir or not stock_dir:
        print("skipped: set ROMRESOLVE_PATCHED_QEMU_DIR and ROMRESOLVE_STOCK_QEMU_DIR to the "
              "build dirs of build-qemu.sh VER and build-qemu.sh --no-romresolve VER")
        return
    patched = os.path.join(patched_dir, "qemu-system-x86_64")
    same = os.path.join(stock_dir, "qemu-system-x86_64")
    for exe in (patched, same):
        if not os.access(exe, os.X_OK):
            print(f"no {exe}", file=sys.stderr)
            sys.exit(1)
    ver = subprocess.run([patched, "--version"], stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ, LD_LIBRARY_PATH=os.path.join(new, "lib")))
    print(f"patched: {patched}: {ver.stdout.splitlines()[0] if ver.stdout else '?'}")
    dirs = ["-L", "/usr/share/qemu", "-L", "/usr/share/seabios", "-L", "/usr/lib/ipxe/qemu"]
    env = shutil.which("env")
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-qemu-") as tmp:
        quit_file, _ = qemu_session(tmp)
        libs = {w: "LD_LIBRARY_PATH=" + os.path.join(b, "lib") for w, b in (("old", old),
                                                                            ("new", new))}
        spawn(os.path.join(new, "bench", "bench-spawn"),
              ["stock-same=" + quote([env, libs["new"], same] + dirs + QEMU_ARGS)] +
              [f"patched-{w}=" + quote([env, libs[w], patched] + QEMU_ARGS)
               for w in ("old", "new")], 20 * n, stdin=quit_file)
        if shutil.which("valgrind"):
            # Exact: the instructions each start executes (all threads).
            counts = {}
            for label, lib, argv in (("stock-same", new, [same] + dirs),
                                     ("patched-old", old, [patched]),
                                     ("patched-new", new, [patched])):
                with open(quit_file) as stdin:
                    res = subprocess.run(["valgrind", "--tool=callgrind",
                                          "--callgrind-out-file=/dev/null"] + argv + QEMU_ARGS,
                                         stdin=stdin, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, text=True,
                                         env=dict(os.environ,
                                                  LD_LIBRARY_PATH=os.path.join(lib, "lib")))
                m = re.search(r"Collected : (\d+)", res.stderr)
                if res.returncode != 0 or not m:
                    print(f"{label} under callgrind failed:\n{res.stderr[-2000:]}", file=sys.stderr)
                    sys.exit(1)
                counts[label] = int(m.group(1))
            base = counts["stock-same"]
            print("instructions (callgrind): " + ", ".join(
                f"{k} {v:,}" + (f" ({v / base:.3f}x)" if k != "stock-same" else "")
                for k, v in counts.items()))


def cmd_compare(old, new, rounds="3"):
    """Both builds' benchmarks in one session: the old build's bench-lookup
    and romresolve against the new one's, interleaved."""
    compare_lookup(old, new, int(rounds))
    compare_processes(old, new, int(rounds))


def cmd_smoke(build):
    """What compare reads, on a short run: every position's four ratios,
    and a whole `which` over 1,000 drop-ins. Exits 1 when one is missing."""
    rows = lookup_table(os.path.join(build, "bench", "bench-lookup"),
                        os.path.join(build, "lib"), 1, 20)
    print(rows)
    if sorted(rows) != sorted(POSITIONS) or any(len(r) != 4 or min(r) <= 0
                                                for r in rows.values()):
        print("bench-lookup: a position or a ratio is missing", file=sys.stderr)
        sys.exit(1)
    with tempfile.TemporaryDirectory(prefix="romresolve-bench-smoke-") as root:
        make_dropin_tree(build, root)
        for argv in ([os.path.join(build, "bench", "bench-readloop"), root],
                     [os.path.join(build, "tools", "romresolve"), "which", "bench.rom",
                      "--arch", "riscv64", "--root", root]):
            res = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
            print(f"$ {quote(argv)}\n{res.stdout.strip()}  [exit {res.returncode}]")
            if res.returncode != 0:
                sys.exit(1)


def main(argv):
    cmds = {"syscalls": (cmd_syscalls, 2), "callgrind": (cmd_callgrind, 2),
            "reader": (cmd_reader, 2),
            "startup": (cmd_startup, 2), "qemu": (cmd_qemu, 2), "check": (cmd_check, 2),
            "smoke": (cmd_smoke, 1)}
    if len(argv) >= 4 and argv[1] == "compare":
        cmd_compare(*argv[2:5])
        return 0
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    cmds[argv[1]][0](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
