"""Every finding id of src/model/catalog.cpp comes out of at least one lab scenario (DESIGN.md
"Testing"), unless scenarios.NOT_PRODUCED_BY_LAB names it with a reason. Needs no servers."""
import unittest

from lab import contract
from lab.scenarios import NOT_PRODUCED_BY_LAB, SCENARIOS, by_name


class Coverage(unittest.TestCase):
    def test_every_catalog_id_is_produced_by_a_scenario(self):
        produced = {finding_id for scenario in SCENARIOS for finding_id in scenario.must}
        uncovered = sorted(set(contract.catalog()) - produced - set(NOT_PRODUCED_BY_LAB))
        self.assertEqual(uncovered, [], "catalog ids no scenario lists in `must` (add a scenario)")

    def test_scenarios_name_only_catalog_ids(self):
        known = contract.catalog()
        named = {(scenario.name, finding_id) for scenario in SCENARIOS
                 for finding_id in scenario.must + scenario.must_not}
        unknown = sorted(pair for pair in named if pair[1] not in known)
        self.assertEqual(unknown, [], "scenarios name ids the catalog does not have")

    def test_not_produced_list_is_current(self):
        produced = {finding_id for scenario in SCENARIOS for finding_id in scenario.must}
        known = contract.catalog()
        stale = sorted(finding_id for finding_id in NOT_PRODUCED_BY_LAB if finding_id in produced
                       or finding_id not in known)
        self.assertEqual(stale, [], "NOT_PRODUCED_BY_LAB lists ids a scenario produces or the catalog lacks")

    def test_scenario_names_are_unique_domains(self):
        self.assertEqual(len(by_name()), len(SCENARIOS))

    def test_a_scenario_cannot_both_require_and_forbid_an_id(self):
        clashes = [(s.name, sorted(set(s.must) & set(s.must_not))) for s in SCENARIOS if set(s.must) & set(s.must_not)]
        self.assertEqual(clashes, [])

    def test_verdict_rule_of_the_contract(self):
        def finding(severity):
            return {"id": "x", "severity": severity}
        self.assertEqual(contract.verdict_of([]), "pass")
        self.assertEqual(contract.verdict_of([finding("info")]), "pass")
        self.assertEqual(contract.verdict_of([finding("warning"), finding("info")]), "warn")
        self.assertEqual(contract.verdict_of([finding("warning"), finding("inconclusive")]), "incomplete")
        self.assertEqual(contract.verdict_of([finding("inconclusive"), finding("error")]), "fail")


if __name__ == "__main__":
    unittest.main()
