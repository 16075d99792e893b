"""What the man page (OUTPUT, VERDICT) promises about every JSON domain report, and the fact paths scenarios assert.

Kept apart from the scenarios so that every scenario gets the same generic checks: required
keys, finding shape, ids from the catalog with their default severity, verdict derived from
the findings.
"""
import os
import re

from .scenarios import Contains, NotNull, OneOf, Substring

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CATALOG_TABLE = os.path.join(SOURCE_DIR, "include", "mtasts", "model", "catalog_table.hpp")

REPORT_KEYS = ("schema_version", "tool", "domain", "verdict", "elapsed_ms", "findings", "mta_sts", "tls_rpt", "mx",
               "sender_differences", "hosted")
FINDING_KEYS = ("id", "severity", "message", "subject", "rfc", "hint", "tlsrpt_result_type")
SEVERITY_LETTER = {"E": "error", "W": "warning", "I": "info", "N": "inconclusive"}
# Findings whose severity depends on the instance. docs/findings.md: policy.unknown-key is info, or
# warning when one edit away from a defined key. docs/rfc-rules.md F2, F4: policy.cached-rejects-mx is
# an error when the cached policy was enforce, a warning when it was testing.
# policy.mx-wildcard-broad is info, or warning over a top-level domain ("*.com", docs/findings.md).
SEVERITY_VARIES = {"policy.unknown-key": {"info", "warning"}, "policy.cached-rejects-mx": {"error", "warning"},
                   "policy.mx-wildcard-broad": {"info", "warning"}}


def catalog():
    """{id: default severity} read from include/mtasts/model/catalog_table.hpp, the one table of
    finding ids."""
    with open(CATALOG_TABLE) as source:
        text = source.read()
    entries = re.findall(r'^\{"([a-z0-9.-]+)",\s*([EWIN]),', text, flags=re.MULTILINE)
    if not entries:
        raise RuntimeError(f"no finding ids found in {CATALOG_TABLE}")
    return {finding_id: SEVERITY_LETTER[letter] for finding_id, letter in entries}


def verdict_of(findings, ignored=()):
    """The man page's VERDICT: the first that applies of fail, incomplete, warn, pass (findings
    left out with --ignore do not count)."""
    severities = {finding["severity"] for finding in findings
                  if finding["id"] not in ignored and not finding.get("ignored")}
    for severity, verdict in (("error", "fail"), ("inconclusive", "incomplete"), ("warning", "warn")):
        if severity in severities:
            return verdict
    return "pass"


def allowed_severities(finding_id, default, enforce):
    """The severities a finding may carry: its catalog default, plus the exceptions the man page
    and docs/rfc-rules.md make (C16: MX failures are errors with enforce, warnings otherwise, as
    mail still flows when no enforce policy applies)."""
    allowed = set(SEVERITY_VARIES.get(finding_id, {default}))
    # docs/findings.md "Real senders": warning when mail goes elsewhere, info when only what the
    # implementation accepts differs.
    if finding_id.startswith("sender."):
        allowed |= {"warning", "info"}
    if not enforce and default == "error" and finding_id.startswith("mx."):
        allowed.add("warning")
    return allowed


def report_problems(report, known):
    """Everything in one domain report that breaks the contract, as readable lines."""
    problems = [f"missing key {key!r}" for key in REPORT_KEYS if key not in report]
    if problems:
        return problems
    if report["schema_version"] != 1:
        problems.append(f"schema_version is {report['schema_version']!r}, not 1")
    if not isinstance(report["tool"], dict) or report["tool"].get("name") != "mta-sts-check":
        problems.append(f"tool is {report['tool']!r}")
    policy = (report.get("mta_sts") or {}).get("policy") or {}
    enforce = policy.get("mode") == "enforce"
    for finding in report["findings"]:
        missing = [key for key in FINDING_KEYS if key not in finding]
        if missing:
            problems.append(f"finding {finding.get('id')!r} lacks {missing}")
            continue
        expected = known.get(finding["id"])
        if expected is None:
            problems.append(f"finding id {finding['id']!r} is not in the catalog")
        elif finding["severity"] not in allowed_severities(finding["id"], expected, enforce):
            problems.append(f"{finding['id']} has severity {finding['severity']}, the catalog says {expected}")
    derived = verdict_of(report["findings"])
    if report["verdict"] != derived:
        problems.append(f"verdict {report['verdict']!r} but the findings give {derived!r}")
    return problems


class MissingFact(Exception):
    pass


def facts_at(document, path):
    """The values at path: keys separated by '/'; on a list, '*' takes every element and
    'key=value' the elements whose key has that value."""
    values = [document]
    for segment in path.split("/"):
        expanded = []
        for value in values:
            if isinstance(value, list) and (segment == "*" or "=" in segment):
                if segment == "*":
                    expanded.extend(value)
                else:
                    key, wanted = segment.split("=", 1)
                    expanded.extend(item for item in value if isinstance(item, dict) and str(item.get(key)) == wanted)
            elif isinstance(value, dict):
                if segment not in value:
                    raise MissingFact(f"{path}: key {segment!r} missing (absent facts must be null)")
                expanded.append(value[segment])
            else:
                raise MissingFact(f"{path}: cannot take {segment!r} of {value!r}")
        values = expanded
    return values


def matches(value, expected):
    """Whether one fact value meets the expectation of a scenario."""
    if isinstance(expected, OneOf):
        return value in expected.values
    if isinstance(expected, Contains):
        return isinstance(value, list) and expected.value in value
    if isinstance(expected, NotNull):
        return value is not None
    if isinstance(expected, Substring):
        return isinstance(value, str) and expected.text in value
    return value == expected and type(value) is type(expected)


def fact_problems(report, facts):
    """The scenario facts that do not hold, as readable lines."""
    problems = []
    for path, expected in facts:
        try:
            values = facts_at(report, path)
        except MissingFact as missing:
            problems.append(str(missing))
            continue
        if not values:
            problems.append(f"{path}: nothing there (expected {expected!r})")
        for value in values:
            if not matches(value, expected):
                problems.append(f"{path} is {value!r}, expected {expected!r}")
    return problems
