#!/usr/bin/env bash
# The whole test suite, as CI runs it: build with warnings as errors and run every test (unit,
# CLI, shell completions and man page, network adapters, lab against real servers, report in
# headless Chromium); then a packager's Release build turned into a .deb that is linted, installed
# and checked (scripts/package.sh); then an ASan+UBSan build of the unit, CLI, report and
# hostile-input tests; then each libFuzzer target for a bounded time. Run from the repository root,
# after scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# 10 s a target keeps the whole of CI near 30 minutes (a clean run of this script took 34 with
# 20 s); a longer search is MTASTS_FUZZ_SECONDS=600 scripts/test.sh, or the targets by hand.
fuzz_seconds=${MTASTS_FUZZ_SECONDS:-10}
jobs=${MTASTS_JOBS:-$(nproc)}
export CMAKE_BUILD_PARALLEL_LEVEL=$jobs CTEST_PARALLEL_LEVEL=$jobs

step() { printf '\n=== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

step "build and test (warnings are errors)"
cmake --workflow --preset default

step "packager's Release build, the .deb, lintian, and the installed package"
scripts/package.sh

step "ASan + UBSan build: unit, CLI, report and hostile-input tests"
cmake --workflow --preset asan

step "fuzz each parser for ${fuzz_seconds} s"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
for target in build/fuzz/tests/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=tests/fuzz/seeds/${name#fuzz_}
  [ -d "$seeds" ] || seeds=
  "$target" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" $seeds \
    2>"build/fuzz/$name.log" || { tail -50 "build/fuzz/$name.log"; exit 1; }
  printf '%s: %s\n' "$name" "$(grep -E 'stat::number_of_executed_units' "build/fuzz/$name.log" | awk '{print $2}') executions"
done
step "all tests passed"
