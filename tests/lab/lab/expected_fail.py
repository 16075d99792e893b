"""Tests the binary does not satisfy yet, in one place. Shrink this as the live check lands:
an expected failure that passes is reported as "unexpected success" and fails the run, so a
fixed scenario must be taken off the list. MTASTS_LAB_STRICT=1 ignores the list.

The assertions themselves come from the man page, docs/findings.md and
docs/rfc-rules.md; never edit a scenario to match the program.
"""
import os
import unittest

# Scenario names (test_scenarios), test method names (test_batch, test_cli), and
# "sender:SCENARIO/MX HOST" for rows of test_sender where the checker's deliverable_under_policy
# disagrees with the real sender and the checker is wrong.
EXPECTED_FAIL: set[str] = {
    # The checker's own --timeout (2 s in the lab) ends the one-byte-a-second greeting and it
    # answers "not deliverable". Postfix's timeouts run per read and RFC 5321 §4.5.3.2 gives a
    # greeting 5 minutes, so the real sender delivers. The checker keeps its bound on each phase
    # (a trickling server must not hold a batch), so this row stays a known disagreement.
    "sender:mx-trickle/mx.mx-trickle.test",
}


def mark(name, test):
    """test, wrapped as an expected failure when name is on the list."""
    if name in EXPECTED_FAIL and not os.environ.get("MTASTS_LAB_STRICT"):
        return unittest.expectedFailure(test)
    return test
