#!/bin/sh
# Run a libFuzzer binary over its seed corpus without writing into the source
# tree: new inputs go to WORKDIR/new, crashes to WORKDIR/artifacts.
#
#   run-fuzz.sh FUZZER CORPUS WORKDIR [LIBFUZZER OPTIONS...]
#
# A crash, a leak, a sanitizer report or a timeout makes the fuzzer exit
# non-zero, and the test fail; the input is then in WORKDIR/artifacts: copy
# it into CORPUS as a regression seed once the bug is fixed.
set -eu
fuzzer=$1
corpus=$2
work=$3
shift 3

rm -rf "$work"
mkdir -p "$work/new" "$work/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
exec "$fuzzer" -artifact_prefix="$work/artifacts/" "$@" "$work/new" "$corpus"
