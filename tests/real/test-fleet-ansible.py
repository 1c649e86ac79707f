#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ansible (Debian's ansible-core) gathers romresolve's fact on three hosts
and feeds compare --fleet, through the shipped fact and playbook
(fleet/ansible/).

Usage: test-fleet-ansible.py ROMRESOLVE SRCDIR

The hosts, all with ansible's local connection: localhost runs the shipped
fact as it is (this machine's config and ROMs; the command from PATH);
hostA and hostB are host trees made of real Debian packages (ipxe-qemu,
qemu-system-data, seabios) of bookworm and of trixie, whose facts.d holds
the same fact with --root and --host (their own tree). The playbook saves
each host's ansible_local.romresolve on the controller and runs compare
--fleet on them. Expected: bookworm's and trixie's hosts are two classes of
pc-q35-7.2 (trixie no longer ships sgabios.bin), guests migrate from trixie's
to bookworm's and not back, the first clash named as compare names it.
Exit 77 when ansible-playbook is missing.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

MACHINES = ["pc-q35-7.2", "pc-i440fx-2.6"]
SUITES = {"hostA": "bookworm", "hostB": "trixie"}
PACKAGES = ["ipxe-qemu", "qemu-system-data", "seabios"]


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def run(argv, **kw):
    print("$ " + " ".join(argv))
    res = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         **kw)
    print(res.stdout, end="")
    return res


def host_tree(src, root, suite):
    debs = subprocess.run(["sh", os.path.join(src, "tests/lib/debian-debs.sh"), suite]
                          + PACKAGES, stdout=subprocess.PIPE, text=True, check=True)
    for deb in debs.stdout.split():
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)


def main():
    romresolve, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if not shutil.which("ansible-playbook"):
        print("ansible-playbook not found: skipped (scripts/install-deps test installs it)")
        return 77
    fact = os.path.join(src, "fleet/ansible/romresolve.fact")
    playbook = os.path.join(src, "fleet/ansible/romresolve-fleet.yml")
    with tempfile.TemporaryDirectory(prefix="romresolve-ansible-") as tmp:
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        os.symlink(romresolve, os.path.join(bindir, "romresolve"))
        inventory = ["[fleet]"]
        # localhost: the shipped fact, unchanged.
        local_facts = os.path.join(tmp, "localhost/facts.d")
        os.makedirs(local_facts)
        shutil.copy(fact, local_facts)
        inventory.append(f"localhost ansible_connection=local romresolve_fact_path={local_facts}")
        for host, suite in SUITES.items():
            root = os.path.join(tmp, host)
            os.makedirs(root)
            host_tree(src, root, suite)
            facts_d = os.path.join(root, "etc/ansible/facts.d")
            os.makedirs(facts_d)
            # The shipped fact, for a host that is a tree.
            text = open(fact).read().replace(
                "--arch x86_64",
                f"--arch x86_64 --root {root} --host {host} "
                + " ".join(f"--machine {m}" for m in MACHINES))
            if text == open(fact).read():
                fail("the shipped fact does not run romresolve facts --format ansible --arch x86_64")
            with open(os.path.join(facts_d, "romresolve.fact"), "w") as f:
                f.write(text)
            os.chmod(os.path.join(facts_d, "romresolve.fact"), 0o755)
            inventory.append(f"{host} ansible_connection=local romresolve_fact_path={facts_d}")
        with open(os.path.join(tmp, "inventory"), "w") as f:
            f.write("\n".join(inventory) + "\n")
        fleet = os.path.join(tmp, "fleet")
        env = dict(os.environ, PATH=bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
                   HOME=tmp, ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "ansible-local"),
                   ANSIBLE_REMOTE_TEMP=os.path.join(tmp, "ansible-remote"),
                   ANSIBLE_NOCOLOR="1", ANSIBLE_PYTHON_INTERPRETER="/usr/bin/python3",
                   ANSIBLE_FORCE_COLOR="0", ANSIBLE_RETRY_FILES_ENABLED="0")
        res = run(["timeout", "300", "ansible-playbook", "-i", os.path.join(tmp, "inventory"),
                   playbook, "-e", f"fleet_dir={fleet}", "-e", f"romresolve={romresolve}"],
                  env=env, cwd=tmp)
        if res.returncode != 0:
            fail(f"ansible-playbook: exit {res.returncode}")
        for host in ["localhost", "hostA", "hostB"]:
            path = os.path.join(fleet, host + ".json")
            if not os.path.exists(path):
                fail(f"no facts saved for {host}")
            doc = json.load(open(path))
            if doc.get("format") != "romresolve-facts" or not doc.get("classes"):
                fail(f"{host}: not a fact file: {doc}")
        if "cannot: missing: sgabios.bin" not in res.stdout:
            fail("the playbook's compare --fleet does not name sgabios.bin")
        if not os.path.exists(os.path.join(fleet, "fleet.html")):
            fail("the playbook wrote no fleet.html")

        # What Ansible saved, read by compare --fleet: two classes, one way.
        out = run([romresolve, "compare", "--fleet", "--json",
                   os.path.join(fleet, "hostA.json"), os.path.join(fleet, "hostB.json")])
        if out.returncode != 1:
            fail(f"compare --fleet hostA hostB: exit {out.returncode}, expected 1")
        doc = json.loads(out.stdout)
        q35 = [m for m in doc["machines"] if m["machine"] == "pc-q35-7.2"]
        if len(q35) != 1 or len(q35[0]["classes"]) != 2:
            fail("pc-q35-7.2: not two classes")
        hosts_of = {c["class"]: c["hosts"] for c in q35[0]["classes"]}
        pairs = {(hosts_of[p["from"]][0], hosts_of[p["to"]][0]): p for p in q35[0]["pairs"]}
        a_to_b, b_to_a = pairs[("hostA", "hostB")], pairs[("hostB", "hostA")]
        if a_to_b["migrates"] or not b_to_a["migrates"]:
            fail(f"expected hostB -> hostA only: {a_to_b}, {b_to_a}")
        if a_to_b["message"] != ("sgabios.bin, pc-q35-7.2, x86_64: guests that use it cannot "
                                 f"start on the new host: no entry in class {a_to_b['to']}"):
            fail(f"first clash: {a_to_b['message']}")
        print("PASS: ansible gathered 3 hosts' facts; bookworm's and trixie's trees are two "
              "classes of pc-q35-7.2, trixie -> bookworm only (sgabios.bin)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
