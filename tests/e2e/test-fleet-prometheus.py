#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""romresolve's facts through Debian's prometheus-node-exporter, scraped over
HTTP, checked with promtool; the shipped alerting rules with promtool's own
unit tests.

Usage: test-fleet-prometheus.py ROMRESOLVE SRCDIR

A fake host (--root) with a ROM tree and a saved baseline; facts --format
prometheus --output writes into node_exporter's --collector.textfile.directory
(node_exporter started here, on a free loopback port, and stopped at the
end). Checked: the exporter serves an info metric per machine type with the
class the fact file has, the findings, the drift from the baseline (1 after
a ROM grows past 256 KiB), the time; `promtool check metrics` takes both the
file and the scrape; while facts rewrites the file 30 times, every scrape
has all of it and no textfile error (the file is replaced atomically).
Then `promtool check rules` and `promtool test rules` on fleet/prometheus/.
Exit 77 when node_exporter or promtool is missing.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

MACHINES = ["pc-q35-7.2", "pc-i440fx-2.6", "pc-i440fx-7.2"]


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def run(argv, **kw):
    print("$ " + " ".join(argv))
    res = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         **kw)
    if res.returncode != 0:
        print(res.stdout, end="")
    return res


def rom(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\x55\xaa" + b"\0" * (size - 2))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
        return r.read().decode()


def main():
    romresolve, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    exporter = shutil.which("prometheus-node-exporter")
    promtool = shutil.which("promtool")
    if not exporter or not promtool:
        print("prometheus-node-exporter or promtool not found: skipped "
              "(scripts/install-deps test installs them)")
        return 77
    with tempfile.TemporaryDirectory(prefix="romresolve-prom-") as tmp:
        root = os.path.join(tmp, "host")
        textdir = os.path.join(tmp, "textfile")
        os.makedirs(textdir)
        for name in ["efi-virtio.rom", "efi-e1000.rom", "efi-rtl8139.rom"]:
            rom(os.path.join(root, "usr/lib/ipxe/qemu", name), 200 * 1024)
        rom(os.path.join(root, "usr/share/qemu/vgabios-stdvga.bin"), 40 * 1024)
        machines = sum((["--machine", m] for m in MACHINES), [])
        base = os.path.join(root, "var/lib/romresolve/baseline.json")
        os.makedirs(os.path.dirname(base))
        res = run([romresolve, "manifest", "--root", root] + machines)
        open(base, "w").write(res.stdout)
        # A ROM grows past 256 KiB: one drifts per machine type, and is a
        # check finding (over its ceiling) too.
        rom(os.path.join(root, "usr/lib/ipxe/qemu/efi-rtl8139.rom"), 300 * 1024)
        facts = [romresolve, "facts", "--root", root, "--host", "h1"] + machines
        prom = os.path.join(textdir, "romresolve.prom")
        if run(facts + ["--format", "prometheus", "--output", prom]).returncode != 0:
            fail("facts --format prometheus --output")
        if os.stat(prom).st_mode & 0o777 != 0o644:
            fail(f"{prom}: mode {oct(os.stat(prom).st_mode)}, not 0644")
        fact = json.loads(run(facts + ["--format", "ansible"]).stdout)
        res = run([promtool, "check", "metrics"], input=open(prom).read())
        if res.returncode != 0:
            fail("promtool check metrics on the file")

        port = free_port()
        proc = subprocess.Popen([exporter, f"--web.listen-address=127.0.0.1:{port}",
                                 f"--collector.textfile.directory={textdir}",
                                 "--collector.disable-defaults", "--collector.textfile"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    text = scrape(port)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                fail("node_exporter did not answer")
            res = run([promtool, "check", "metrics"], input=text)
            if res.returncode != 0:
                fail("promtool check metrics on the scrape")
            # node_exporter sorts the labels: arch, class, machine.
            got = {}
            for labels in re.findall(r"^romresolve_abi_class_info\{([^}]*)\} 1$", text, re.M):
                d = dict(re.findall(r'(\w+)="([^"]*)"', labels))
                if d.get("arch") == "x86_64":
                    got[d["machine"]] = d["class"]
            if got != fact["machines"]["x86_64"] or sorted(got) != sorted(MACHINES):
                fail(f"classes served {got}, fact file {fact['machines']}")
            for line in ["romresolve_baseline_present 1", f"romresolve_baseline_drift {len(MACHINES)}",
                         f"romresolve_check_findings {fact['findings']}",
                         'node_textfile_scrape_error 0']:
                if not re.search("^" + re.escape(line) + "$", text, re.M):
                    fail(f"no line {line!r} in the scrape")
            if fact["findings"] < 1 or fact["drift"] != len(MACHINES):
                fail(f"findings {fact['findings']}, drift {fact['drift']}")
            if not re.search(r"^romresolve_facts_timestamp_seconds \d", text, re.M):
                fail("no romresolve_facts_timestamp_seconds")

            # Rewritten while scraped: every scrape sees a whole file.
            writer = subprocess.Popen(["sh", "-c", 'for i in $(seq 30); do "$@" || exit 1; done',
                                       "sh"] + facts + ["--format", "prometheus", "--output", prom])
            scrapes = 0
            while writer.poll() is None or scrapes == 0:
                text = scrape(port)
                scrapes += 1
                if ("node_textfile_scrape_error 0" not in text or
                        len(re.findall(r"^romresolve_abi_class_info\{", text, re.M)) != len(MACHINES)):
                    writer.kill()
                    fail(f"scrape {scrapes} saw a partial file:\n{text}")
            if writer.wait() != 0:
                fail("facts --output in a loop failed")
            leftovers = [f for f in os.listdir(textdir) if f != "romresolve.prom"]
            if leftovers:
                fail(f"temporary files left in the textfile dir: {leftovers}")
            print(f"{scrapes} scrapes during 30 rewrites, each whole")
        finally:
            proc.terminate()
            proc.wait(timeout=10)

        rules = os.path.join(src, "fleet/prometheus")
        for argv in ([promtool, "check", "rules", "romresolve.rules.yml"],
                     [promtool, "test", "rules", "romresolve.rules.test.yml"]):
            res = run(argv, cwd=rules)
            if res.returncode != 0:
                fail(" ".join(argv[1:]))
    print("PASS: node_exporter serves the facts, promtool takes them; the rules pass their tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
