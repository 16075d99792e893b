"""Tests the binary does not satisfy yet, in one place. Shrink this as the live check lands:
an expected failure that passes is reported as "unexpected success" and fails the run, so a
fixed scenario must be taken off the list. MTASTS_LAB_STRICT=1 ignores the list.

The assertions themselves come from CONTRACT.md; never edit a scenario to match the program.
"""
import os
import unittest

# Scenario names (test_scenarios) and test method names (test_batch, test_cli).
EXPECTED_FAIL: set[str] = set()


def mark(name, test):
    """test, wrapped as an expected failure when name is on the list."""
    if name in EXPECTED_FAIL and not os.environ.get("MTASTS_LAB_STRICT"):
        return unittest.expectedFailure(test)
    return test
