#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""compare --fleet --html in a real browser: Debian's Chromium, headless,
with every network request refused.

Usage: test-fleet-html.py ROMRESOLVE [SCREENSHOT.png]

Four hosts (manifests: two alike, one with a grown efi-virtio.rom, one that
lacks efi-e1000.rom) make one machine type with three classes and one with
one. The page must be well-formed HTML5 (every element closed in order, as
Python's parser reads it), name no resource (no script, link, img, src or
url(): it is one file), and Chromium's DOM of it must hold the matrix: a
'cannot' cell for each pair that compare --fleet --json says cannot
migrate, with compare's words for the first clash, a 'can' cell for the
others, the hosts of each class, and the single-class table. With a second
argument, the rendered page is saved there as a PNG. Exit 77 without
chromium.
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def manifest(host, virtio=262144, e1000=True):
    """pc-q35-7.2's efi-virtio.rom has a BAR of @virtio; without @e1000, its
    efi-e1000.rom does not resolve. pc-i440fx-7.2 is the same everywhere."""
    entries = []
    for machine in ["pc-q35-7.2", "pc-i440fx-7.2"]:
        q35 = machine == "pc-q35-7.2"
        entries.append({"arch": "x86_64", "machine": machine, "name": "efi-virtio.rom",
                        "path": "/usr/share/qemu/efi-virtio.rom",
                        "size": 300000 if q35 and virtio > 262144 else 200000,
                        "romsize": virtio if q35 else 262144,
                        "ramblock": virtio if q35 else 262144})
        if q35 and not e1000:
            entries.append({"arch": "x86_64", "machine": machine, "name": "efi-e1000.rom",
                            "path": None, "error": "efi-e1000.rom not found"})
        else:
            entries.append({"arch": "x86_64", "machine": machine, "name": "efi-e1000.rom",
                            "path": "/usr/share/qemu/efi-e1000.rom", "size": 200000,
                            "romsize": 262144, "ramblock": 262144})
    return {"format": "romresolve-manifest", "version": 1, "host": host,
            "mode": "romresolve", "entries": entries}


class Checker(html.parser.HTMLParser):
    """Well-formed: every element closed, in order; nothing external."""

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.ids, self.links = [], [], set(), set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            if name == "href" and value and value.startswith("#"):
                self.links.add(value[1:])  # within the page
            elif name in ("src", "href") or (value and "url(" in value):
                self.errors.append(f"<{tag} {name}={value}>: a resource")
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.errors.append(f"<{tag}>: a resource")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def main():
    romresolve = os.path.abspath(sys.argv[1])
    shot = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium not found: skipped (scripts/install-deps test installs it)")
        return 77
    with tempfile.TemporaryDirectory(prefix="romresolve-html-") as tmp:
        fleet = os.path.join(tmp, "fleet")
        os.makedirs(fleet)
        for name, doc in {"h1": manifest("h1"), "h2": manifest("h2"),
                          "h3": manifest("h3", virtio=524288),
                          "h4": manifest("h4", e1000=False)}.items():
            json.dump(doc, open(os.path.join(fleet, name + ".json"), "w"))
        page = os.path.join(tmp, "fleet.html")
        res = subprocess.run([romresolve, "compare", "--fleet", "--json", "--html", page, fleet],
                             stdout=subprocess.PIPE, text=True)
        if res.returncode != 1:
            fail(f"compare --fleet: exit {res.returncode}")
        want = json.loads(res.stdout)
        text = open(page, encoding="utf-8").read()
        checker = Checker()
        checker.feed(text)
        checker.close()
        if checker.links - checker.ids:
            checker.errors.append(f"links to no element: {checker.links - checker.ids}")
        if checker.errors or checker.stack:
            fail(f"not well-formed or not self-contained: {checker.errors} {checker.stack}")
        if not text.startswith("<!DOCTYPE html>") or "http" in text.lower():
            fail("no doctype, or an address in the page")

        profile = os.path.join(tmp, "profile")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                 # Any request the page made would fail: it must need none.
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]
        dom = subprocess.run(["timeout", "120", chromium] + flags
                             + ["--dump-dom", "file://" + page],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if dom.returncode != 0 or "</html>" not in dom.stdout:
            fail(f"chromium --dump-dom: exit {dom.returncode}")
        got = dom.stdout
        cells = 0
        for m in want["machines"]:
            for p in m["pairs"]:
                cell = re.search(r'<td class="(can|cannot)" data-from="%s" data-to="%s">([^<]*)</td>'
                                 % (p["from"], p["to"]), got)
                # Within one machine type's table: the class pair may recur
                # in another, with the same verdict but another message.
                if not cell:
                    fail(f"no cell {p['from']} -> {p['to']} in the DOM")
                cells += 1
                if (cell.group(1) == "can") != p["migrates"]:
                    fail(f"{p['from']} -> {p['to']}: {cell.group(1)}, compare says {p}")
            for c in m["classes"]:
                if len(m["classes"]) > 1 and ", ".join(c["hosts"]) not in got:
                    fail(f"hosts of class {c['class']} not listed")
        for p in want["machines"][1]["pairs"]:
            if not p["migrates"]:
                msg = p["message"].replace("&", "&amp;")
                if f"cannot: {p['kind']}: {msg}" not in got:
                    fail(f"the first clash not as compare names it: {p['message']}")
        if "1 machine type with one class" not in got or "3 classes" not in got:
            fail("the summary of machine types is not in the DOM")
        if shot:
            subprocess.run(["timeout", "120", chromium] + flags
                           + [f"--screenshot={shot}", "--window-size=1200,900",
                              "file://" + page],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        print(f"PASS: {cells} matrix cells in Chromium's DOM as compare --fleet --json says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
