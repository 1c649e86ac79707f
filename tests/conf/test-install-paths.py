#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Install paths, one truth: for a /usr install (packages) and a /usr/local
install (meson's default), the libvirt wrapper runs the romresolve that is
installed, the AppArmor abstraction allows exactly the installed wrapper,
links, command and library, and docs/admins.md names the wrapper's path of
both installs. The abstraction (with Debian's libvirt-qemu abstraction)
lets QEMU read every dir that the embedded default (every -Dfirmwarepath
preset) and the shipped drop-ins (conf/*/*.conf) name, and the dirs their
links lead into; apparmor_parser compiles it (-Q: not loaded; this kernel
may have no AppArmor), and refuses it with a broken rule.

Usage: test-install-paths.py SRCDIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.abspath(sys.argv[1])
LIBVIRT_QEMU = "/etc/apparmor.d/abstractions/libvirt-qemu"
failures = 0


def fail(msg):
    global failures
    failures += 1
    print(f"FAIL: {msg}")


def aa_regex(glob):
    """An AppArmor path glob as a regex (**, *, ?, {a,b}, @{var})."""
    out, i = "", 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**", i):
            out, i = out + ".*", i + 2
            continue
        if glob.startswith("@{", i):
            j = glob.index("}", i)
            out, i = out + "[^/]+", j + 1
            continue
        out += {"*": "[^/]*", "?": "[^/]", "{": "(?:", "}": ")", ",": "|"}.get(c, re.escape(c))
        i += 1
    return re.compile(out + r"\Z")


def rules(text):
    """(regex, perms) of each file rule of an abstraction."""
    out = []
    for line in text.splitlines():
        m = re.match(r"\s*(?:owner\s+)?(/\S+)\s+([a-zA-Z]+),\s*(#.*)?$", line)
        if m:
            out.append((aa_regex(m.group(1)), m.group(2)))
    return out


def allows(rs, path, perm):
    return any(rx.match(path) and all(p in perms for p in perm) for rx, perms in rs)


def setup(build, prefix):
    args = ["meson", "setup", build, SRC, "-Dtests=disabled"] + (["--prefix", prefix] if prefix else [])
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout + p.stderr)
        sys.exit(f"FAIL: {' '.join(args)}")
    with open(os.path.join(build, "meson-info", "intro-installed.json")) as f:
        return json.load(f)


def check_install(work, prefix, want_bindir):
    build = os.path.join(work, "build-" + want_bindir.strip("/").replace("/", "-"))
    installed = setup(build, prefix)
    dest = {os.path.basename(k): v for k, v in installed.items()}
    romresolve = dest.get("romresolve")
    wrapper = dest.get("romresolve-qemu")
    links = sorted(v for k, v in dest.items()
                   if k.startswith("romresolve-qemu-system-") and v.startswith(want_bindir + "/"))
    libs = sorted(v for k, v in dest.items() if k.startswith("libromresolve.so"))
    abstraction = next((v for k, v in installed.items() if k.endswith("/apparmor-romresolve")), None)
    print(f"{want_bindir}: romresolve {romresolve}, wrapper {wrapper} and {len(links)} links, "
          f"abstraction {abstraction}")
    if romresolve != want_bindir + "/romresolve" or wrapper != want_bindir + "/romresolve-qemu":
        fail(f"{want_bindir}: romresolve installs as {romresolve}, the wrapper as {wrapper}")
    if not links or not libs or not abstraction:
        fail(f"{want_bindir}: no wrapper links, library or abstraction in {sorted(dest)}")
        return None
    # The wrapper runs the romresolve that is installed.
    text = open(os.path.join(build, "tools", "romresolve-qemu")).read()
    m = re.search(r"^exec (\S+) exec -- ", text, re.M)
    if not m or m.group(1) != romresolve:
        fail(f"{want_bindir}: the wrapper runs {m and m.group(1)}, not {romresolve}")
    # The abstraction allows the installed programs and library, and only
    # romresolve's: not a qemu-system binary of the same dir.
    abst = open(os.path.join(build, "tools", "apparmor-romresolve")).read()
    rs = rules(abst)
    for path in [romresolve, wrapper] + links:
        if not allows(rs, path, "rix"):
            fail(f"{want_bindir}: the abstraction does not let libvirt's QEMU run {path}")
    for path in libs:
        if not allows(rs, path, "mr"):
            fail(f"{want_bindir}: the abstraction does not let it map {path}")
    if allows(rs, want_bindir + "/qemu-system-x86_64", "x"):
        fail(f"{want_bindir}: the abstraction allows more than romresolve's programs")
    # The docs name this install's wrapper, and where its abstraction lands.
    admins = open(os.path.join(SRC, "docs", "admins.md")).read()
    for path in (want_bindir + "/romresolve-qemu-system-x86_64", abstraction):
        if path not in admins:
            fail(f"docs/admins.md does not name {path}")
    return abst


def firmware_dirs():
    """Every dir the embedded default (each preset) and the shipped drop-ins
    name, and the dirs the layouts' links lead into."""
    dirs = set()
    p = subprocess.run([sys.executable, os.path.join(SRC, "lib", "firmwarepath.py"), "--presets"],
                       capture_output=True, text=True, check=True)
    for line in p.stdout.splitlines():
        dirs.update(line.split()[1].split(":"))
    confs = [os.path.join(SRC, "conf", "default.conf")]
    for d in sorted(os.listdir(os.path.join(SRC, "conf"))):
        full = os.path.join(SRC, "conf", d)
        if os.path.isdir(full):
            confs += [os.path.join(full, f) for f in sorted(os.listdir(full)) if f.endswith(".conf")]
    for c in confs:
        dirs.update(re.findall(r"^\s*\[\s*dir\s+(/\S+?)\s*\]", open(c).read(), re.M))
    layouts = os.path.join(SRC, "tests", "real", "layouts")
    for f in sorted(os.listdir(layouts)):
        for line in open(os.path.join(layouts, f)):
            w = line.split()
            if len(w) == 3 and w[0] == "link":
                dirs.add(os.path.dirname(os.path.normpath(os.path.join(os.path.dirname(w[1]), w[2]))))
    return sorted(dirs)


def check_coverage(abst):
    rs = rules(abst)
    if os.path.exists(LIBVIRT_QEMU):
        rs += rules(open(LIBVIRT_QEMU).read())
        where = "and " + LIBVIRT_QEMU
    else:
        # What Debian's abstraction allows of these (libvirt-daemon-system).
        rs += rules("  /usr/share/qemu/** r,\n  /usr/share/seabios/** r,\n")
        where = "and the two dirs Debian's libvirt-qemu allows (it is not installed here)"
    dirs = firmware_dirs()
    for d in dirs:
        for path in (d + "/", d + "/efi-virtio.rom"):
            if not allows(rs, path, "r"):
                fail(f"QEMU under libvirt cannot read {path}: no rule of the abstraction {where}")
    print(f"the abstraction {where} let QEMU read {len(dirs)} dirs: {' '.join(dirs)}")
    # The per-arch dirs by a pattern, so that a new target needs no rule.
    for arch in ("aarch64", "riscv64", "loongarch64", "ppc64", "s390x"):
        if not allows(rs, f"/usr/share/qemu-{arch}/efi-virtio.rom", "r"):
            fail(f"/usr/share/qemu-{arch}: no rule")


def check_parser(work, abstraction_text):
    parser = shutil.which("apparmor_parser") or "/usr/sbin/apparmor_parser"
    if not os.access(parser, os.X_OK) or not os.path.exists(LIBVIRT_QEMU):
        print("apparmor_parser or Debian's libvirt-qemu abstraction missing: not compiled")
        return

    def compiles(text):
        snippet = os.path.join(work, "snippet")
        with open(snippet, "w") as f:
            f.write(text)
        profile = os.path.join(work, "profile")
        with open(profile, "w") as f:
            f.write("#include <tunables/global>\nprofile romresolve-test "
                    "/usr/bin/romresolve-qemu-system-x86_64 {\n"
                    f"  #include <abstractions/libvirt-qemu>\n  #include \"{snippet}\"\n}}\n")
        p = subprocess.run([parser, "-Q", "-K", "-I", "/etc/apparmor.d", profile],
                           capture_output=True, text=True)
        return p.returncode == 0, p.stderr
    ok, err = compiles(abstraction_text)
    if not ok:
        fail(f"apparmor_parser refuses the abstraction: {err}")
    ok, err = compiles(abstraction_text + "  /usr/bin/romresolve zz,\n")
    if ok:
        fail("apparmor_parser takes a broken rule: the check cannot fail")
    print("apparmor_parser compiles the abstraction with Debian's libvirt-qemu (-Q: not loaded)")


def main():
    work = tempfile.mkdtemp(prefix="romresolve-install-")
    try:
        usr = check_install(work, "/usr", "/usr/bin")
        check_install(work, None, "/usr/local/bin")
        if usr:
            check_coverage(usr)
            check_parser(work, usr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
