"""The checker's per-MX answer against a real sender (issue: "would a sender that honours this
policy deliver here?"). For every MX host of every judged scenario, the sending Postfix of
lab/sender.py, answered by Debian's mta-sts-daemon, tries one message; the test compares what it
did with `mx[].deliverable_under_policy` of the binary's JSON for the same domain:

    checker true   the sender delivered: a Verified TLS session under the policy and its EHLO
                   after TLS answered (lab/sender.py, "What delivered means")
    checker false  the policy was in force and the sender did not deliver: TLS refused or
                   failed, certificate not verified, an error after TLS, or no address
    checker null   no policy was in force (the daemon answered NOTFOUND), or the sender failed
                   for a network reason (connection refused or timed out, DNS failure, the
                   server stopped answering)

It writes the agreement table to sender/agreement.txt in the lab dir and prints it. A row fails
on any disagreement, except:
- SENDER_DEPARTURES: the real sender departs from RFC 8461 and the checker keeps the RFC
  reading; the sender's outcome must be the listed one (a different outcome means the sender
  changed: look, then update the list);
- lab/expected_fail.py: rows where the checker is known to be wrong today, run as expected
  failures ("unexpected success" once fixed, so the list gets cleaned).
SKIPPED names the scenarios a sender cannot judge, with the reason.

Its lab has standard ports (lab/std_ports.py), so a second such lab on the machine waits for it.
It is the shared lab of the run when this module comes first (the lab_scenarios ctest names it
first), else a lab of its own (lab/shared.py).
"""
import concurrent.futures
import os
import time
import unittest

from lab import mta_sts_daemon, runner, sender, shared
from lab.expected_fail import EXPECTED_FAIL, mark
from lab.scenarios import SCENARIOS

# Scenarios the sender cannot judge per MX host, and why.
SKIPPED = {
    "refused-mx": "the MX lookup is refused: a real sender defers before it picks an MX host, and the checker lists "
                  "no MX host (the sender's routes name the hosts directly and would bypass the fault)",
}
# Options that make the checker look at less than a sender does: not comparable.
NOT_COMPARABLE_ARGS = {
    "--no-smtp": "the checker makes no SMTP connection, so deliverable_under_policy is null by design",
    "-4": "the checker was told to use IPv4 only; the sender uses both address families",
    "-6": "the checker was told to use IPv6 only; the sender uses both address families",
}
for _scenario in SCENARIOS:
    for _arg in _scenario.args:
        if _arg in NOT_COMPARABLE_ARGS:
            SKIPPED.setdefault(_scenario.name, f"{_arg}: {NOT_COMPARABLE_ARGS[_arg]}")

# The real sender (postfix-mta-sts-resolver 1.1.2 + Postfix 3.7 "secure") departs from RFC 8461
# here; the checker keeps the RFC reading. Key "scenario/mx host" -> (sender outcome, why). Such a
# row passes when the sender's outcome is the one listed, whatever the checker says (it may agree
# while the checker's own reading of the case is still being fixed).
# The lab Postfix MX's one certificate names mx1.good.test, mx2.good.test and more (POSTFIX_NAMES).
CERT_NAMES_NOT_MX = ("RFC 8461 §4.1 matches the MX host name against the policy's mx patterns; the daemon hands "
                     "Postfix the patterns as a `secure match=` list, which Postfix checks against the names in the "
                     "certificate only, never against the MX host name")
SENDER_DEPARTURES = {
    "mx-not-covered/mx2.good.test": (
        "delivered", CERT_NAMES_NOT_MX + ": mx2.good.test is not in the policy, but its certificate also names "
                                         "mx1.good.test, which is"),
    "policy-invalid/mx1.good.test": (
        "delivered", "the daemon reads the line '  mx: mx1.good.test' (leading spaces, invalid by RFC 8461 §3.2) as an "
                     "unknown key instead of rejecting the policy, and keeps mx2.good.test; " + CERT_NAMES_NOT_MX
                     + ", and mx1's certificate also names mx2.good.test"),
    "policy-invalid/mx2.good.test": (
        "delivered", "the daemon reads the line '  mx: mx1.good.test' (leading spaces, invalid by RFC 8461 §3.2) as an "
                     "unknown key instead of rejecting the policy, so it applies the rest"),
    "policy-max-age-invalid/mx1.good.test": (
        "delivered", "max_age '+86400' is not 1*10DIGIT (RFC 8461 §3.2), so the policy is invalid; the daemon "
                     "parses it with Python's int(), which takes the sign, and applies the policy"),
    "policy-max-age-invalid/mx2.good.test": ("delivered", "as for mx1.good.test: int('+86400') accepts the sign"),
    "sts-id-invalid/mx1.good.test": (
        "delivered", "the id '2026-05-01' has characters RFC 8461 §3.1 forbids, so the record is invalid; the daemon "
                     "checks neither the id's characters nor its length and applies the policy"),
    "sts-id-invalid/mx2.good.test": ("delivered", "as for mx1.good.test: the id is not checked"),
    "policy-mx-invalid/mx1.good.test": (
        "refused", "the daemon passes the mx value 127.0.25.1 (not a host name, RFC 8461 §3.2) into Postfix's match "
                   "list, and Postfix turns it into an IP address check that no certificate passes ('IP address "
                   "mismatch'): every MX host is refused, not only the invalid pattern ignored"),
    "policy-mx-invalid/mx2.good.test": (
        "refused", "as for mx1.good.test: one IP address among the mx values makes Postfix refuse every MX host"),
    # policy-wildcard-tld (mx: *.test, MX hosts x.test and mx1.good.test) comes with the checker's
    # fix for "*.TLD" patterns; the row counts once that scenario is in scenarios.py.
    "policy-wildcard-tld/mx1.good.test": (
        "delivered", "RFC 8461 §4.1: '*.test' covers one label only (x.test), never a.x.test; the daemon turns "
                     "'*.test' into Postfix's '.test', which matches at any depth"),
    "mx-cert-cn-only/mx.mx-cert-cn-only.test": (
        "delivered", "RFC 8461 §4.2 wants a subjectAltName dNSName that matches; Postfix's host check (OpenSSL "
                     "X509_check_host) falls back to the subject CN when a certificate has no DNS name, so it "
                     "accepts a CN-only certificate"),
}

# One Route per MX host of each judged scenario (lab/sender.py routes_of).
JUDGED = [s for s in SCENARIOS if s.name not in SKIPPED]
ROUTES = sender.routes_of(JUDGED)
LAB = None
RESULTS = {}      # scenario name -> runner.Run
DELIVERIES = {}   # (domain, mx) -> sender.Delivery
ROWS = {}         # "scenario/mx" -> Row
TIMES = {}        # phase -> seconds


class Row:
    """One line of the agreement table."""

    def __init__(self, scenario, route, checker, delivery, agree, note):
        self.scenario, self.route, self.checker, self.delivery = scenario, route, checker, delivery
        self.agree, self.note = agree, note

    @property
    def key(self):
        return f"{self.scenario.name}/{self.route.mx}"

    def cells(self):
        checker = "absent" if self.checker is MISSING else {True: "true", False: "false", None: "null"}[self.checker]
        return [self.scenario.name, self.route.mx, checker, self.delivery.outcome if self.delivery else "?",
                "yes" if self.agree else "NO", self.note]


AGREEING_OUTCOMES = {True: ("delivered",), False: ("refused", "no-address"), None: ("no-policy", "unreachable")}
MISSING = object()


def checker_verdict(run, mx):
    """deliverable_under_policy of host mx in the binary's report; None when the report lists no
    MX host at all (its MX lookup failed: no verdict on any host); MISSING when it lists others."""
    if run.parse_error or len(run.reports) != 1:
        return MISSING
    hosts = run.reports[0].get("mx") or []
    for host in hosts:
        if str(host.get("host", "")).lower() == mx.lower():
            return host.get("deliverable_under_policy")
    return None if not hosts else MISSING


def judge(checker, delivery):
    """(agree, note) for one MX host."""
    if checker is MISSING:
        return False, "the checker's report has no such MX host"
    if delivery is None or delivery.outcome == "unknown":
        return False, "no final status from the sender in time, or its policy lookup failed (see sender/shim.log)"
    agree = delivery.outcome in AGREEING_OUTCOMES.get(checker, ())
    return agree, delivery.summary()


def setUpModule():
    global LAB
    started = time.monotonic()
    LAB = shared.lab(standard_ports=True)
    daemon = mta_sts_daemon.start(LAB)
    postfix = sender.start(LAB, daemon, ROUTES, LAB.ports["smtp"])
    TIMES["lab and sender start"] = time.monotonic() - started
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        futures = {pool.submit(runner.run, LAB, [*s.args, "--format", "json", s.domain],
                               resolver=LAB.resolver_of(s)): s for s in JUDGED}
        mark_time = time.monotonic()
        DELIVERIES.update(postfix.deliver())
        TIMES["sender deliveries"] = time.monotonic() - mark_time
        for future in concurrent.futures.as_completed(futures):
            RESULTS[futures[future].name] = future.result()
        TIMES["checker runs (at the same time)"] = time.monotonic() - mark_time
    for route in ROUTES:
        scenario = next(s for s in JUDGED if s.domain == route.domain)
        delivery = DELIVERIES.get((route.domain, route.mx))
        checker = checker_verdict(RESULTS[scenario.name], route.mx)
        agree, note = judge(checker, delivery)
        ROWS[f"{scenario.name}/{route.mx}"] = Row(scenario, route, checker, delivery, agree, note)
    write_table(time.monotonic() - started)


def write_table(seconds):
    """The agreement table, to sender/agreement.txt in the lab dir and to stdout."""
    header = ["scenario", "MX host", "checker says", "sender did", "agree?", "what the sender logged"]
    rows = [row.cells() for row in ROWS.values()]
    for cells in rows:
        key = f"{cells[0]}/{cells[1]}"
        if not ROWS[key].agree and key in SENDER_DEPARTURES:
            cells[4] += " (sender departs from RFC 8461)"
        elif not ROWS[key].agree:
            cells[4] += " (known checker bug)" if f"sender:{key}" in EXPECTED_FAIL else ""
    widths = [max(len(str(cells[i])) for cells in rows + [header]) for i in range(5)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(cells[:5], widths)) + "  " + cells[5]
             for cells in [header] + rows]
    agreeing = sum(1 for row in ROWS.values() if row.agree)
    lines.append("")
    lines.append(f"{len({row.scenario.name for row in ROWS.values()})} scenarios, {len(ROWS)} MX hosts, "
                 f"{agreeing} agree, {len(ROWS) - agreeing} disagree; "
                 + ", ".join(f"{phase} {value:.0f} s" for phase, value in TIMES.items()) + f"; in all {seconds:.0f} s")
    lines += [f"not judged: {name}: {why}" for name, why in SKIPPED.items()]
    absent = [key for key in SENDER_DEPARTURES if key not in ROWS]
    if absent:
        lines.append("departures listed for rows this lab does not have: " + ", ".join(absent))
    no_route = [s.name for s in JUDGED if not any(r.domain == s.domain for r in ROUTES)]
    if no_route:
        lines.append("no MX host to route to (null MX, no MX and no address): " + ", ".join(no_route))
    text = "\n".join(lines) + "\n"
    path = os.path.join(LAB.subdir("sender"), "agreement.txt")
    with open(path, "w") as out:
        out.write(text)
    print(f"\nagreement of the checker with a real sender ({path}):\n{text}", flush=True)


class Sender(unittest.TestCase):
    maxDiff = None


def predicted_departure(run, mx):
    """The checker's own prediction (its `sender_differences` rows for postfix-mta-sts-resolver,
    docs/findings.md "Real senders") of what this sender does for host mx, as the sender outcomes
    that bear it out; None when the checker predicts no departure there."""
    if run.parse_error or len(run.reports) != 1:
        return None
    rows = [row for row in run.reports[0].get("sender_differences") or []
            if row["implementation"] == "postfix-mta-sts-resolver" and row["mx"] in (None, mx)]
    for row in rows:
        if row["mx"] == mx:
            return ("delivered",) if row["implementation_outcome"] == "delivers" else ("refused",)
    for row in rows:
        if row["implementation_outcome"].startswith("mode enforce"):
            return ("delivered", "refused")  # a policy in force where the RFC reading has none, or another
        if not row["implementation_outcome"].startswith(("id ", "max_age ")):
            return ("no-policy",)
    return None


def make_test(key):
    def test(self):
        row = ROWS[key]
        run = RESULTS[row.scenario.name]
        cells = row.cells()
        where = (f"{row.scenario.domain}, MX {row.route.mx}: checker says deliverable_under_policy={cells[2]}, "
                 f"the sender's outcome is {cells[3]} (policy {row.delivery.policy if row.delivery else None!r})\n"
                 f"  sender: {row.note}\n  lines: " + "\n         ".join(row.delivery.lines if row.delivery else []))
        if key in SENDER_DEPARTURES and not row.agree:
            outcome, why = SENDER_DEPARTURES[key]
            if cells[3] != outcome:
                self.fail(f"listed in SENDER_DEPARTURES ({why}) with the sender outcome {outcome!r}, but the "
                          f"outcome is now {cells[3]}: update the list\n" + where)
            return
        predicted = predicted_departure(run, row.route.mx)
        if not row.agree and predicted is not None:
            if cells[3] not in predicted:
                self.fail(f"the checker predicts this sender departs from RFC 8461 here (sender outcome {predicted}), "
                          f"but its outcome is {cells[3]}\n" + where + "\n" + run.describe())
            return
        if not row.agree:
            self.fail("the checker and the real sender disagree\n" + where + "\n" + run.describe())
    test.__doc__ = f"{key}: the checker's deliverable_under_policy matches what the real sender does"
    return mark(f"sender:{key}", test)


for _route in ROUTES:
    _scenario = next(s for s in JUDGED if s.domain == _route.domain)
    _key = f"{_scenario.name}/{_route.mx}"
    setattr(Sender, "test_" + _key.replace("-", "_").replace(".", "_").replace("/", "__"), make_test(_key))

if __name__ == "__main__":
    unittest.main()
