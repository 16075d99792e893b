#!/bin/bash
# Every Catch2 test case runs under ctest: catch_discover_tests keeps test names in a CMake list,
# so a ';' in a TEST_CASE name splits it into pieces that match no test and run nothing.
source "$(dirname "$0")/lib.sh"

mapfile -t bad < <(grep -rnE 'TEST_CASE\("[^"]*;' "$src/tests" --include='*.cpp')
for line in "${bad[@]}"; do
    fail "a TEST_CASE name with ';' (ctest would not run it): ${line#"$src/"}"
done
count=$(grep -rhE '^TEST_CASE\(' "$src/tests" --include='*.cpp' | wc -l)
((count > 0)) || fail "no TEST_CASE found under $src/tests"
finish
