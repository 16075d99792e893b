#!/usr/bin/env python3
"""Run the lab tests: run_lab.py --bin PATH [-k PATTERN] [MODULE...]

MODULE defaults to every test_*.py here. Examples:
    tests/lab/run_lab.py --bin build/mta-sts-check                   # everything
    tests/lab/run_lab.py --bin build/mta-sts-check -k mx_cert        # scenarios matching
    tests/lab/run_lab.py --bin build/mta-sts-check test_coverage     # no servers needed
Environment: MTASTS_LAB_KEEP=1 keeps the lab's temp dir (configs, logs); MTASTS_LAB_STRICT=1
runs the tests of expected_fail.py as normal tests.
"""
import argparse
import os
import signal
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the mta-sts-check binary")
    parser.add_argument("-k", dest="patterns", action="append", default=[], help="only tests matching")
    parser.add_argument("modules", nargs="*")
    args = parser.parse_args()
    os.environ["MTASTS_BIN"] = os.path.abspath(args.bin)
    # SIGTERM (ctest, CI) ends the run through exit handlers, which stop every lab server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.path.insert(0, HERE)
    loader = unittest.TestLoader()
    loader.testNamePatterns = [f"*{pattern.replace('-', '_')}*" for pattern in args.patterns] or None
    # test_sender first: then the one shared lab of the run also serves the standard ports it
    # needs (lab/shared.py), instead of a second lab for it.
    modules = args.modules or sorted((name[:-3] for name in os.listdir(HERE)
                                      if name.startswith("test_") and name.endswith(".py")),
                                     key=lambda name: (name != "test_sender", name))
    suite = loader.loadTestsFromNames(modules)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    ran = result.testsRun - len(result.skipped)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"lab: {ran - failed} passed, {failed} failed, {len(result.skipped)} skipped"
          f" ({len(result.expectedFailures)} expected failures)")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
