"""Every finding id of include/mtasts/model/catalog_table.hpp comes out of at least one lab
scenario (docs/LAB.md) or of one --state case (lab/state_cases.py: the findings that need an
earlier run), unless scenarios.NOT_PRODUCED_BY_LAB names it with a reason. Needs no servers."""
import unittest

from lab import contract
from lab.scenarios import NOT_PRODUCED_BY_LAB, SCENARIOS, by_name
from lab.state_cases import STATE_CASES


def produced_ids():
    """Ids some lab run must produce: a scenario's or a --state case's `must`."""
    return ({finding_id for scenario in SCENARIOS for finding_id in scenario.must}
            | {finding_id for case in STATE_CASES for finding_id in case.must})


class Coverage(unittest.TestCase):
    def test_every_catalog_id_is_produced_by_a_scenario(self):
        produced = produced_ids()
        uncovered = sorted(set(contract.catalog()) - produced - set(NOT_PRODUCED_BY_LAB))
        self.assertEqual(uncovered, [], "catalog ids no scenario lists in `must` (add a scenario)")

    def test_scenarios_name_only_catalog_ids(self):
        known = contract.catalog()
        named = {(scenario.name, finding_id) for scenario in SCENARIOS
                 for finding_id in scenario.must + scenario.must_not}
        unknown = sorted(pair for pair in named if pair[1] not in known)
        self.assertEqual(unknown, [], "scenarios name ids the catalog does not have")

    def test_state_cases_name_catalog_ids_and_scenarios(self):
        known = contract.catalog()
        scenarios = by_name()
        for case in STATE_CASES:
            with self.subTest(case=case.name):
                self.assertIn(case.scenario, scenarios)
                self.assertEqual([i for i in case.must + case.must_not if i not in known], [])
                self.assertEqual(set(case.must) & set(case.must_not), set())
                self.assertTrue({d.id for d in case.details} <= set(case.must))

    def test_not_produced_list_is_current(self):
        produced = produced_ids()
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


def contract_example_report():
    """A good.test report written by hand from the JSON the man page describes (OUTPUT) (not program output)."""
    cert = {"subject": "CN=mx1.good.test", "issuer": "CN=lab CA", "san": ["mx1.good.test", "mx2.good.test"],
            "not_before": "2026-01-01T00:00:00Z", "not_after": "2026-02-01T00:00:00Z", "days_left": 29,
            "trusted": True, "name_match": True, "chain_error": None}

    def address(ip):
        return {"ip": ip, "starttls": True, "tls_version": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384",
                "cert": cert, "error": None}

    def mx(host, preference, ips):
        return {"host": host, "preference": preference, "covered_by_policy": True, "deliverable_under_policy": True,
                "addresses": [address(ip) for ip in ips]}

    return {
        "schema_version": 1, "tool": {"name": "mta-sts-check", "version": "0.1.0"}, "domain": "good.test",
        "verdict": "pass", "elapsed_ms": 12, "findings": [],
        "mta_sts": {"record": {"name": "_mta-sts.good.test", "txt": ["v=STSv1; id=20260101T000000"],
                               "id": "20260101T000000", "cname_chain": []},
                    "policy": {"url": "https://mta-sts.good.test/.well-known/mta-sts.txt", "http_status": 200,
                               "content_type": "text/plain", "raw": "", "mode": "enforce", "max_age": 604800,
                               "mx": ["mx1.good.test", "mx2.good.test"], "cert": cert}},
        "tls_rpt": {"record": {"name": "_smtp._tls.good.test", "txt": ["v=TLSRPTv1; rua=mailto:tlsrpt@good.test"],
                               "rua": ["mailto:tlsrpt@good.test"], "cname_chain": []}},
        "mx": [mx("mx1.good.test", 10, ["127.0.25.1", "127.0.25.2"]), mx("mx2.good.test", 20, ["127.0.25.3", "::1"])],
        "sender_differences": [],
        "hosted": None,
    }


class HarnessSelfTest(unittest.TestCase):
    """The assertions accept a report that keeps the contract and catch one that does not."""

    def test_a_contract_example_meets_the_good_scenario(self):
        report = contract_example_report()
        self.assertEqual(contract.report_problems(report, contract.catalog()), [])
        self.assertEqual(contract.fact_problems(report, by_name()["good"].facts), [])

    def test_a_broken_report_is_caught(self):
        report = contract_example_report()
        report["mx"][1]["addresses"][1]["starttls"] = False
        del report["mx"][0]["addresses"][0]["error"]
        report["findings"] = [{"id": "mx.no-such-id", "severity": "error", "message": "", "subject": "",
                               "rfc": "", "hint": "", "tlsrpt_result_type": None}]
        problems = contract.report_problems(report, contract.catalog())
        self.assertIn("finding id 'mx.no-such-id' is not in the catalog", problems)
        self.assertIn("verdict 'pass' but the findings give 'fail'", problems)
        facts = contract.fact_problems(report, by_name()["good"].facts)
        self.assertIn("mx/*/addresses/*/starttls is False, expected True", facts)
        self.assertTrue(any("key 'error' missing" in line for line in facts), facts)


if __name__ == "__main__":
    unittest.main()
