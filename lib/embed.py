#!/usr/bin/env python3
# Turn a text file into a C string constant: embed.py IN OUT SYMBOL
import sys

src, out, sym = sys.argv[1:4]
with open(src, "rb") as f:
    data = f.read()
lines = ["/* Generated from %s by embed.py: do not edit. */\n" % src.split("/")[-1],
         "const char %s[] =\n" % sym]
for line in data.decode("utf-8").splitlines(keepends=True):
    esc = line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    lines.append('\t"%s"\n' % esc)
lines.append("\t\"\";\n")
with open(out, "w") as f:
    f.writelines(lines)
