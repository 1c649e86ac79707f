#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""compare --fleet at fleet scale (issue 26): prints figures, never fails on
speed (exit 0 with figures, 77 when Debian's QEMU is missing, 1 when a
command fails or its output is not what the fleet holds).

Usage: fleet.py ROMRESOLVE [--quick]

Hosts are made from one real manifest: this build's `romresolve manifest`
of every machine type of Debian's qemu-system-x86_64 and
qemu-system-aarch64 (7.2 on bookworm) and every device ROM, about 1.3 MB.
Hosts differ as a rolling upgrade leaves them: most have the manifest as it
is, some an efi-virtio.rom grown past 256 KiB, a few also an efi-e1000.rom
gone. Their fact files are what `facts --format ansible` writes for such a
host, made here from the manifest by this script's own implementation of
the class (romresolve(1), ABI CLASSES), so the command's classes are
checked against a second implementation.

Printed, side by side: manifests (100, 300, 1,000 hosts) and fact files
(1,000, 3,000, 10,000 hosts): bytes, `cat` of the same files, compare
--fleet, its MB/s and its ratio to cat, the time per host (linear growth:
the same per host), and the peak RSS (bounded by the classes: the same for
every count). Each time is the best of BENCH_RUNS (default 3) runs on warm
files. --quick: 30 manifests and 300 fact files, one run (the smoke test).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
VARIANTS = 3  # as built below


def need(tool):
    path = shutil.which(tool)
    if not path:
        print(f"{tool} not found: skipped (scripts/install-deps test installs it)")
        sys.exit(SKIP)
    return path


def machines(qemu):
    out = subprocess.run([qemu, "-machine", "help"], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    return [line.split()[0] for line in out.splitlines()[1:]
            if line.strip() and line.split()[0] != "none"]


def base_manifest(romresolve):
    """One document: every machine type of both binaries."""
    entries = []
    for arch in ("x86_64", "aarch64"):
        args = [romresolve, "manifest", "--host", "HOSTNAME", "--arch", arch]
        for m in machines(need(f"qemu-system-{arch}")):
            args += ["--machine", m]
        doc = json.loads(subprocess.run(args, stdout=subprocess.PIPE, check=True).stdout)
        entries += doc["entries"]
    doc["entries"] = entries
    # The command's own layout ("name" : value, 2 spaces a level).
    return json.dumps(doc, indent=2, separators=(",", " : "))


def variant(text, v):
    """v 0: as it is; 1: efi-virtio.rom at 300 KiB (a 512 KiB BAR); 2: that,
    and no efi-e1000.rom (it no longer resolves)."""
    if v >= 1:
        text = re.sub(r'("name" : "efi-virtio\.rom",\n\s+"path" : [^\n]*\n\s+"size" : )\d+'
                      r'(,\n\s+"romsize" : )\d+(,\n\s+"ramblock" : )\d+',
                      r"\g<1>307200\g<2>524288\g<3>524288", text)
    if v >= 2:
        text = re.sub(r'("name" : "efi-e1000\.rom",\n\s+"path" : )[^\n]*\n\s+"size" : \d+,'
                      r'\n\s+"romsize" : \d+,\n(\s+)"ramblock" : \d+',
                      r'\g<1>null,\n\g<2>"error" : "efi-e1000.rom not found"', text)
    return text


def classes(doc):
    """The class of each (arch, machine): romresolve(1), ABI CLASSES."""
    groups = {}
    for e in doc["entries"]:
        key = (e["arch"], e["machine"] or "")
        groups.setdefault(key, [])
        if e["path"] is not None or "error" not in e:
            groups[key].append((e["name"], e["romsize"], e["ramblock"]))
    by_machine, defs = {}, {}
    for key, roms in groups.items():
        roms.sort(key=lambda r: r[0].encode())
        text = "romresolve-abi-class 1\nrom-from-stream no\n" + "".join(
            f"{n}\t{rs}\t{rb}\n" for n, rs, rb in roms)
        cls = hashlib.sha256(text.encode()).hexdigest()[:12]
        by_machine[key] = cls
        defs[cls] = roms
    return by_machine, defs


def fact_file(doc, host):
    by_machine, defs = classes(doc)
    machines_ = {}
    for (arch, machine), cls in sorted(by_machine.items()):
        machines_.setdefault(arch, {})[machine] = cls
    facts = {"format": "romresolve-facts", "version": 1, "host": host,
             "made": "2026-12-06T12:00:00Z", "findings": 0, "baseline": None, "drift": None,
             "machines": machines_,
             "classes": {c: {"rom_from_stream": False, "roms": [list(r) for r in roms]}
                         for c, roms in sorted(defs.items())}}
    return json.dumps(facts, indent=2, separators=(",", " : "))


def host_variant(i):
    # A rolling upgrade: 1 in 10 hosts upgraded, 1 in 50 of those broken.
    return 2 if i % 50 == 49 else 1 if i % 10 == 9 else 0


def make_fleet(dirname, n, texts):
    total = 0
    os.makedirs(dirname)
    for i in range(n):
        name = f"host{i:05d}"
        data = texts[host_variant(i)].replace("HOSTNAME", name).encode()
        with open(os.path.join(dirname, name + ".json"), "wb") as f:
            f.write(data)
        total += len(data)
    return total


def timed(argv, runs):
    """Best wall and CPU (user+sys) times of @runs runs, stdout to
    /dev/null; the exit status; the peak RSS (KiB) of the last run. Started
    by posix_spawn, so that the RSS is the command's, not a copy of this
    script's."""
    best, cpu_best, status, rss = None, None, 0, 0
    path = shutil.which(argv[0]) or argv[0]
    for _ in range(runs):
        t0 = time.perf_counter()
        pid = os.posix_spawn(path, argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0)])
        _, wstatus, usage = os.wait4(pid, 0)
        t = time.perf_counter() - t0
        cpu = usage.ru_utime + usage.ru_stime
        rss = usage.ru_maxrss
        best = t if best is None else min(best, t)
        cpu_best = cpu if cpu_best is None else min(cpu_best, cpu)
        status = os.waitstatus_to_exitcode(wstatus)
    return best, cpu_best, status, rss


def peak_rss(argv):
    """The command's peak RSS in KiB, by GNU time (a process of its own, so
    that this script's memory is not counted: a child's ru_maxrss keeps the
    high-water mark of what it was before exec)."""
    tool = shutil.which("time") or "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run([tool, "-q", "-f", "%M", "-o", out.name] + argv,
                       stdout=subprocess.DEVNULL, check=False)
        return int(out.read().split()[-1])


def check_output(romresolve, dirname, n):
    """The fleet as compare --fleet --json sees it: the hosts, 3 classes of
    efi-virtio.rom's machine types, each class's hosts as made."""
    out = subprocess.run([romresolve, "compare", "--fleet", "--json", dirname],
                         stdout=subprocess.PIPE, check=False)
    doc = json.loads(out.stdout)
    if out.returncode != 1 or len(doc["hosts"]) != n:
        print(f"compare --fleet --json: exit {out.returncode}, {len(doc.get('hosts', []))} hosts")
        sys.exit(1)
    want = {v: sorted(f"host{i:05d}" for i in range(n) if host_variant(i) == v)
            for v in range(VARIANTS)}
    for m in doc["machines"]:
        if m["arch"] == "x86_64" and m["machine"] == "pc-q35-7.2":
            got = sorted(sorted(c["hosts"]) for c in m["classes"])
            if got != sorted(w for w in want.values() if w):
                print("compare --fleet: the hosts of pc-q35-7.2's classes are not the fleet's")
                sys.exit(1)
            return
    print("compare --fleet: no x86_64 pc-q35-7.2")
    sys.exit(1)


def row(what, n, size, cat, fleet, rss):
    """@cat and @fleet: (wall, cpu) in seconds."""
    mb = size / 1e6
    print(f"{what:<10} {n:>6} {mb:>8.1f} {cat[0] * 1000:>8.0f} {fleet[0] * 1000:>9.0f} "
          f"{mb / fleet[0]:>6.0f} {fleet[0] / cat[0]:>6.2f} {cat[1] * 1000:>8.0f} "
          f"{fleet[1] * 1000:>9.0f} {fleet[1] / max(cat[1], 1e-3):>6.2f} "
          f"{fleet[0] / n * 1e6:>8.0f} {fleet[1] / n * 1e6:>8.0f} {rss / 1024:>7.1f}")


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    romresolve = os.path.abspath(argv[1])
    quick = "--quick" in argv
    runs = 1 if quick else int(os.environ.get("BENCH_RUNS", "3"))
    need("time")
    need("qemu-system-x86_64")
    need("qemu-system-aarch64")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"== compare --fleet (load average {' '.join(load)}, {os.cpu_count()} CPUs)")
    base = base_manifest(romresolve)
    manifests = [variant(base, v) for v in range(VARIANTS)]
    facts = [fact_file(json.loads(t), "HOSTNAME") for t in manifests]
    print(f"one host: manifest {len(manifests[0]) / 1e6:.2f} MB, "
          f"{len(json.loads(manifests[0])['entries'])} entries; "
          f"fact file {len(facts[0]) / 1e3:.1f} kB")
    print("wall: elapsed; cpu: user+sys; x cat: compare --fleet's time over cat's; "
          "us/host: wall, cpu/host: cpu, per host (the same for every count: linear)")
    print(f"{'files':<10} {'hosts':>6} {'MB':>8} {'cat ms':>8} {'fleet ms':>9} "
          f"{'MB/s':>6} {'x cat':>6} {'cat cpu':>8} {'fleet cpu':>9} {'x cat':>6} "
          f"{'us/host':>8} {'cpu/host':>8} {'RSS MiB':>7}")
    plan = [("manifests", manifests, [30] if quick else [100, 300, 1000]),
            ("facts", facts, [300] if quick else [1000, 3000, 10000])]
    with tempfile.TemporaryDirectory(prefix="romresolve-fleet-") as tmp:
        for what, texts, counts in plan:
            for n in counts:
                d = os.path.join(tmp, f"{what}-{n}")
                size = make_fleet(d, n, texts)
                files = sorted(os.path.join(d, f) for f in os.listdir(d))
                check_output(romresolve, d, n)
                cat_wall, cat_cpu, _, _ = timed(["cat"] + files, runs)
                wall, cpu, status, _ = timed([romresolve, "compare", "--fleet", d], runs)
                rss = peak_rss([romresolve, "compare", "--fleet", d])
                if status != 1:
                    print(f"compare --fleet {d}: exit {status}")
                    return 1
                row(what, n, size, (cat_wall, cat_cpu), (wall, cpu), rss)
                shutil.rmtree(d)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
