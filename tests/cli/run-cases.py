#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the romresolve command on fixture trees described by a case file.

Usage: run-cases.py [--case TEXT] ROMRESOLVE CASE.toml [CASE.toml...]

--case TEXT runs only the cases whose name contains TEXT, or whose number
in its file is TEXT ("3" or "#3", as the PASS and FAIL lines number them);
a TEXT that matches no case is an error. Without --case, the environment's
ROMRESOLVE_CASE does the same, a file without a match being skipped, so
that one case runs through meson too:

    ROMRESOLVE_CASE='#3' meson test -C build which

A case file holds a fixture tree and one or more runs of the command on it:

    description = "what the file is about"
    tree_from = "other.toml"          # optional: start from that file's tree

    [[tree]]                          # shared by every case below
    path = "etc/qemu/romresolve.d/50-x.conf"
    text = '''
    [dir /roms]
    '''

    [[case]]
    name = "which, plain"
    args = ["which", "efi-virtio.rom", "--arch", "x86_64", "--root", "{root}"]
    status = 0
    stdout = "{root}/roms/efi-virtio.rom\\n"
    stderr = ""
    [[case.tree]]                     # added to the shared tree, this case only
    path = "roms/efi-virtio.rom"
    rom = "200K"

Tree entries (paths relative to the fixture root, which every case gets
fresh; with `path_escapes = true` the path's \\xNN escapes are bytes, for
names that are not UTF-8): `text` a file with that text; `rom` a file of that size ("256K",
"2M", or bytes) that begins with the option-ROM signature 0x55 0xAA unless
`signature = false`; `fifo = true`; `dir = true`; `symlink` a link to that
target. `mode` (an integer, 0o755) sets the permission bits; files are 0644
and dirs 0755 otherwise.

A case: `args` (the words after the program name), `status`, `stdout`,
`stderr` (exact, "" when absent; `stdout_regex`/`stderr_regex` instead, for a
whole-text regular expression), `env` (added to the environment below),
`root_mode` (the fixture root's own mode, set after the tree is built),
`stdout_to` (a path, such as /dev/full: the command's stdout goes there and
`stdout` expects nothing),
`unprivileged` (run as nobody when run as root), `skip_if_exists` (host path
globs: the case is skipped, not failed, when one matches), `skip_unless_root`,
`tmpfs` (the fixture root goes under /dev/shm, a tmpfs, where sparse files
may be as large as 2^63-1 bytes; skipped where /dev/shm is no tmpfs).
The text `{root}` in args, env, file text and expectations stands for the
fixture root (in a regex, escaped).

The command runs in a clean environment: PATH an empty dir (no QEMU binary
is found, so machine types are taken as written: a case that wants a
binary's facts sets PATH, e.g. to "{root}/bin" holding a fake
qemu-system-ARCH, a script printing canned help texts), LC_ALL=C, HOME a
fresh empty dir that is also the working directory, XDG_CACHE_HOME under it,
and XDG_CONFIG_HOME=/xdg, so that an unprivileged caller's drop-in dir is
{root}/xdg/qemu/romresolve.d under --root.

Exit status: 0 all cases passed, 1 a case failed, 77 every case was skipped.
(2: usage.)
"""
import codecs
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
NOBODY = 65534
FILE_KEYS = {"description", "tree_from", "tree", "case"}
TREE_KEYS = {"path", "path_escapes", "text", "rom", "signature", "fifo", "dir", "symlink",
             "mode"}
CASE_KEYS = {"name", "args", "status", "stdout", "stderr", "stdout_regex", "stderr_regex",
             "env", "root_mode", "stdout_to", "unprivileged", "skip_if_exists", "skip_unless_root",
             "tmpfs", "tree"}
SHM = "/dev/shm"


def is_tmpfs(path):
    """Whether @path is the mount point of a tmpfs (/proc/self/mounts)."""
    try:
        with open("/proc/self/mounts") as f:
            return any(line.split()[1:3] == [path, "tmpfs"] for line in f)
    except OSError:
        return False


def validate(path, spec):
    """A misspelt key would make a case assert less than it says: refuse it."""
    def unknown(what, table, allowed):
        extra = set(table) - allowed
        if extra:
            raise ValueError(f"{path}: {what}: unknown key(s) {', '.join(sorted(extra))}")
    unknown("file", spec, FILE_KEYS)
    for e in spec.get("tree", []):
        unknown(f"tree entry {e.get('path')}", e, TREE_KEYS)
    for i, case in enumerate(spec.get("case", []), 1):
        unknown(f"case #{i}", case, CASE_KEYS)
        for key in ("args", "status"):
            if key not in case:
                raise ValueError(f"{path}: case #{i}: no {key}")
        for e in case.get("tree", []):
            unknown(f"case #{i} tree entry {e.get('path')}", e, TREE_KEYS)


def parse_size(value):
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"(\d+)([KMG]?)", value)
    if not m:
        raise ValueError(f"bad size {value!r}")
    return int(m.group(1)) * UNITS[m.group(2)]


def build_tree(root, entries):
    for e in entries:
        if e.get("path_escapes"):
            # Bytes no TOML string holds (not UTF-8): "a\\xffb.rom".
            path = os.path.join(os.fsencode(root), codecs.escape_decode(e["path"])[0])
        else:
            path = os.path.join(root, e["path"])
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        if "text" in e:
            with open(path, "w") as f:
                f.write(e["text"].replace("{root}", root))
        elif "rom" in e:
            size = parse_size(e["rom"])
            head = b"\x55\xaa" if e.get("signature", True) else b"\x7fE"
            with open(path, "wb") as f:
                f.write(head[:size])
                if size > 2:
                    f.truncate(size)
        elif e.get("fifo"):
            os.mkfifo(path)
        elif e.get("dir"):
            os.makedirs(path, mode=0o755, exist_ok=True)
        elif "symlink" in e:
            os.symlink(e["symlink"].replace("{root}", root), path)
        else:
            raise ValueError(f"tree entry {e['path']}: no text, rom, fifo, dir or symlink")
        if "mode" in e:
            os.chmod(path, e["mode"])
        elif "text" in e or "rom" in e:
            os.chmod(path, 0o644)


def remove_tree(path):
    """rmtree, after giving back the permissions a case took away."""
    def unlock(d):
        os.chmod(d, 0o755)
        for e in os.scandir(d):
            if e.is_dir(follow_symlinks=False):
                unlock(e.path)
    unlock(path)
    shutil.rmtree(path)


def show_diff(what, want, got):
    print(f"  {what} differs (- expected, + got):")
    for line in difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                     n=2, lineterm=""):
        print("    " + line.rstrip("\n"))


def check_stream(what, case, got, root):
    if what + "_regex" in case:
        pattern = case[what + "_regex"].replace("{root}", re.escape(root))
        if re.fullmatch(pattern, got, re.S):
            return True
        print(f"  {what} does not match /{pattern}/:")
        print("    " + got.replace("\n", "\n    "))
        return False
    want = case.get(what, "").replace("{root}", root)
    if got == want:
        return True
    show_diff(what, want, got)
    return False


def stage_for_nobody(exe, tmp):
    """nobody may not enter the build tree (a checkout under /root): run a
    copy of the command and its library from @tmp instead."""
    with open(exe, "rb") as f:
        if f.read(4) != b"\x7fELF":
            return exe  # a wrapper (valgrind-wrap.sh) that stages for itself
    stage = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib", "stage-exe.sh")
    out = subprocess.run([stage, exe, os.path.join(tmp, "stage")], check=True,
                         capture_output=True, text=True).stdout
    return out.strip()


def run_case(exe, shared, case, tmp):
    if case.get("skip_unless_root") and os.geteuid() != 0:
        return "skip", "only root can run it"
    for pattern in case.get("skip_if_exists", []):
        if glob.glob(pattern):
            return "skip", f"{pattern} exists on this host"
    root = os.path.join(tmp, "root")
    os.mkdir(root)
    os.chmod(root, 0o755)
    build_tree(root, shared + case.get("tree", []))
    home = os.path.join(tmp, "home")
    os.mkdir(home)
    os.chmod(home, 0o777)
    # No QEMU unless the case names one (a fake in {root}/bin): every
    # command that takes --arch asks PATH's qemu-system-ARCH for its facts.
    no_qemu = os.path.join(home, "no-qemu")
    os.mkdir(no_qemu)
    env = {"PATH": no_qemu, "LC_ALL": "C", "HOME": home,
           "XDG_CONFIG_HOME": "/xdg",
           "XDG_CACHE_HOME": os.path.join(home, "cache")}
    for k, v in case.get("env", {}).items():
        env[k] = v.replace("{root}", root)
    if "root_mode" in case:
        os.chmod(root, case["root_mode"])
    argv = [exe] + [a.replace("{root}", root) for a in case["args"]]
    if case.get("unprivileged") and os.geteuid() == 0:
        # In a coverage build the command writes its counters next to the
        # objects, which nobody may not: send them elsewhere, or gcov's
        # complaints would land on the stderr the case checks.
        gcov = os.path.join(home, "gcov")
        os.mkdir(gcov)
        os.chmod(gcov, 0o777)
        env["GCOV_PREFIX"] = gcov
        argv[0] = stage_for_nobody(exe, tmp)
        argv = [shutil.which("setpriv") or "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                "--"] + argv
    try:
        if "stdout_to" in case:
            with open(case["stdout_to"].replace("{root}", root), "wb") as sink:
                p = subprocess.run(argv, env=env, cwd=home, stdout=sink,
                                   stderr=subprocess.PIPE, timeout=60)
                p.stdout = b""
        else:
            p = subprocess.run(argv, env=env, cwd=home, capture_output=True, timeout=60)
    finally:
        os.chmod(root, 0o755)
    ok = True
    if p.returncode != case["status"]:
        print(f"  exit status {p.returncode}, expected {case['status']}")
        ok = False
    for what, data in (("stdout", p.stdout), ("stderr", p.stderr)):
        ok = check_stream(what, case, data.decode("utf-8", "replace"), root) and ok
    return ("pass" if ok else "fail"), None


def selected(case, number, pattern):
    """Whether --case (or ROMRESOLVE_CASE) picks this case."""
    if pattern is None:
        return True
    return pattern.lstrip("#") == str(number) or pattern in case.get("name", "")


def run_file(exe, path, pattern=None):
    with open(path, "rb") as f:
        spec = tomllib.load(f)
    validate(path, spec)
    shared = spec.get("tree", [])
    if "tree_from" in spec:
        with open(os.path.join(os.path.dirname(path), spec["tree_from"]), "rb") as f:
            shared = tomllib.load(f).get("tree", []) + shared
    cases = spec.get("case", [])
    if not cases:
        print(f"{path}: no [[case]]")
        return ["fail"]
    results = []
    for i, case in enumerate(cases, 1):
        if not selected(case, i, pattern):
            continue
        label = f"{os.path.basename(path)} #{i}: {case.get('name', ' '.join(case['args']))}"
        if case.get("tmpfs") and not (is_tmpfs(SHM) and os.access(SHM, os.W_OK)):
            print(f"SKIP {label} ({SHM} is no writable tmpfs)")
            results.append("skip")
            continue
        tmp = tempfile.mkdtemp(prefix="romresolve-cli-", dir=SHM if case.get("tmpfs") else None)
        os.chmod(tmp, 0o755)
        try:
            verdict, why = run_case(exe, shared, case, tmp)
        finally:
            remove_tree(tmp)
        print(f"{verdict.upper()} {label}" + (f" ({why})" if why else ""))
        results.append(verdict)
    return results


def main():
    args = sys.argv[1:]
    pattern = os.environ.get("ROMRESOLVE_CASE") or None
    explicit = False
    if args[:1] == ["--case"] and len(args) > 1:
        pattern, explicit, args = args[1], True, args[2:]
    if len(args) < 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    exe = os.path.abspath(args[0])
    os.umask(0o022)
    results = []
    for path in args[1:]:
        results += run_file(exe, path, pattern)
    if not results:
        print(f"no case matches {pattern!r}")
        return 1 if explicit else 77
    if "fail" in results:
        return 1
    if all(r == "skip" for r in results):
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
