"""Each scenario domain, checked by the real binary against the lab: verdict, exit status, the
finding ids that must and must not appear, the JSON facts, and the generic contract checks.
The binary runs for all scenarios at once (a few in parallel) before the assertions.
"""
import concurrent.futures
import unittest

from lab import contract, runner, shared
from lab.expected_fail import mark
from lab.scenarios import SCENARIOS, OneOf

RESULTS = {}


def setUpModule():
    lab = shared.lab()
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        futures = {pool.submit(runner.run, lab, [*s.args, "--format", "json", s.domain], resolver=lab.resolver_of(s)): s
                   for s in SCENARIOS}
        for future in concurrent.futures.as_completed(futures):
            RESULTS[futures[future].name] = future.result()


def scenario_problems(scenario, run, known):
    """Every way the run disagrees with the scenario and the contract."""
    problems = []
    expected_exit = scenario.expected_exit()
    if not contract.matches(run.code, expected_exit if isinstance(expected_exit, OneOf) else OneOf(expected_exit)):
        problems.append(f"exit status {run.code}, expected {expected_exit!r}")
    if run.parse_error or len(run.reports) != 1:
        problems.append(run.parse_error or f"expected one domain report, got {len(run.reports)}")
        return problems
    report = run.reports[0]
    problems += contract.report_problems(report, known)
    if report.get("domain") != scenario.domain:
        problems.append(f"domain is {report.get('domain')!r}")
    verdict = scenario.verdict if isinstance(scenario.verdict, OneOf) else OneOf(scenario.verdict)
    if report.get("verdict") not in verdict.values:
        problems.append(f"verdict {report.get('verdict')!r}, expected {verdict!r}")
    ids = {finding.get("id") for finding in report.get("findings", [])}
    problems += [f"finding {finding_id} missing" for finding_id in scenario.must if finding_id not in ids]
    problems += [f"finding {finding_id} must not appear" for finding_id in scenario.must_not if finding_id in ids]
    problems += contract.fact_problems(report, scenario.facts)
    return problems


class Scenarios(unittest.TestCase):
    maxDiff = None


def make_test(scenario):
    def test(self):
        run = RESULTS[scenario.name]
        problems = scenario_problems(scenario, run, contract.catalog())
        if problems:
            self.fail(f"{scenario.domain} ({scenario.why or 'see scenarios.py'}):\n  "
                      + "\n  ".join(problems) + "\n" + run.describe())
    test.__doc__ = f"{scenario.domain}: {scenario.why}" if scenario.why else scenario.domain
    return mark(scenario.name, test)


for _scenario in SCENARIOS:
    setattr(Scenarios, "test_" + _scenario.name.replace("-", "_"), make_test(_scenario))

if __name__ == "__main__":
    unittest.main()
