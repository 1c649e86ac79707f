#!/usr/bin/env python3
"""Count meson's test results from testlog.json files; print "N passed, N failed".

Usage: test-summary.py TESTLOG.json [...]
Skipped tests are counted apart (a line on stderr before it); expected failures count as passed, and
unexpected passes and timeouts as failed. Exit status 1 when anything failed
or no test ran at all.
"""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            result = json.loads(line)["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                print("failed: %s (%s)" % (json.loads(line)["name"], result), file=sys.stderr)
if skipped:
    print("%d skipped (counted in neither)" % skipped, file=sys.stderr)
# The last line, exactly "N passed, N failed": what CI reads.
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed or passed == 0 else 0)
