"""Runs with --state against scenario domains of the lab: a hand-made state file says what an
earlier run fetched, the check must report what senders holding that policy do now, and the file
must afterwards hold what the contract says (man page --state): the policy fetched by this run
added, expired policies dropped, nothing lost on a failed run, other domains untouched.

Every expectation comes from RFC 8461 (§3.1 senders refetch only on a new id, §3.2 they cache for
max_age, §5.1 a missing record does not clear the cache, §8.1 update the body before the id) and
from the scenario definitions in scenarios.py (what the lab serves), never from program output.
"""
import hashlib
from dataclasses import dataclass, field

from .scenarios import GOOD_MX_HOSTS, STS, by_name, policy

DAY = 86400
GOOD_ID = "20260101T000000"
assert f"id={GOOD_ID}" in STS
# What good.test serves (scenarios.py "good"): the policy a run stores as its current snapshot.
GOOD_BODY = policy()
assert by_name()["good"].policy.body == GOOD_BODY


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Snap:
    """A snapshot of the hand-made state file; fetched `age` seconds before the run."""
    id: str
    body: str
    mode: str
    max_age: int
    mx: list
    age: int

    def to_json(self, now):
        return {"id": self.id, "body_sha256": sha256(self.body), "mode": self.mode, "max_age": self.max_age,
                "mx": list(self.mx), "fetched_at": now - self.age}


# good.test's own policy as a sender caches it from this run (fetched_at = the run's time).
CURRENT_GOOD = Snap(GOOD_ID, GOOD_BODY, "enforce", 604800, list(GOOD_MX_HOSTS), 0)
CURRENT = "current"  # in `after`: the scenario's policy fetched by this run


@dataclass
class Detail:
    """One finding that must appear with this subject and severity, and whose message names a
    date of snapshot `before[snap]` in RFC 3339: "expiry", until when senders keep it (fetch
    time + max_age, RFC 8461 §3.2), or "fetched", when it was fetched."""
    id: str
    subject: str
    severity: str
    snap: int
    date: str = "expiry"


@dataclass
class StateCase:
    name: str
    scenario: str                 # the lab scenario whose domain is checked (its args are used)
    before: list                  # Snap
    verdict: str
    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    details: list = field(default_factory=list)   # Detail
    after: list = field(default_factory=list)     # indexes into `before` (kept as is) or CURRENT
    current: Snap | None = None   # what CURRENT stands for
    why: str = ""


HISTORY_IDS = ["policy.id-unchanged", "policy.id-changed-body-same", "policy.cached-rejects-mx",
               "sts.record.removed-while-cached"]
OLD_ENFORCE_MX1 = policy(mx=["mx1.good.test"])  # an earlier good.test policy that listed mx1 only

STATE_CASES = [
    StateCase(
        name="id_unchanged_old_body_rejects_mx2", scenario="good",
        before=[Snap(GOOD_ID, OLD_ENFORCE_MX1, "enforce", 604800, ["mx1.good.test"], 1 * DAY)],
        verdict="fail", must=["policy.id-unchanged", "policy.cached-rejects-mx"],
        must_not=["policy.id-changed-body-same", "sts.record.removed-while-cached"],
        details=[Detail("policy.id-unchanged", "_mta-sts.good.test", "warning", 0),
                 Detail("policy.cached-rejects-mx", "mx2.good.test", "error", 0)],
        after=[0, CURRENT], current=CURRENT_GOOD,
        why="A7/F2: same id, another body (enforce, mx1 only) fetched a day ago: senders keep it and "
            "refuse mx2 for 6 more days"),
    StateCase(
        name="id_changed_body_same", scenario="good",
        before=[Snap("20251201T000000", GOOD_BODY, "enforce", 604800, list(GOOD_MX_HOSTS), 2 * DAY)],
        verdict="warn", must=["policy.id-changed-body-same"],
        must_not=["policy.id-unchanged", "policy.cached-rejects-mx", "sts.record.removed-while-cached"],
        details=[Detail("policy.id-changed-body-same", "_mta-sts.good.test", "warning", 0, "fetched")],
        after=[0, CURRENT], current=CURRENT_GOOD,
        why="F3: a new id over the body seen under the old id"),
    StateCase(
        name="same_id_same_body", scenario="good",
        before=[Snap(GOOD_ID, GOOD_BODY, "enforce", 604800, list(GOOD_MX_HOSTS), 3 * DAY)],
        verdict="pass", must_not=HISTORY_IDS, after=[CURRENT], current=CURRENT_GOOD,
        why="nothing changed: no finding; the fetch is stored again with the new time"),
    StateCase(
        name="expired_snapshot", scenario="good",
        before=[Snap(GOOD_ID, OLD_ENFORCE_MX1, "enforce", 604800, ["mx1.good.test"], 8 * DAY)],
        verdict="pass", must_not=HISTORY_IDS, after=[CURRENT], current=CURRENT_GOOD,
        why="§3.2: a policy fetched 8 days ago with max_age one week is no longer cached: no finding, dropped"),
    StateCase(
        name="record_removed_while_cached", scenario="sts-missing",
        before=[Snap("20260101T000000", OLD_ENFORCE_MX1, "enforce", 30 * DAY, ["mx1.good.test"], 3 * DAY)],
        verdict="fail", must=["sts.record.removed-while-cached", "policy.cached-rejects-mx"],
        must_not=["policy.id-unchanged", "policy.id-changed-body-same"],
        details=[Detail("sts.record.removed-while-cached", "_mta-sts.sts-missing.test", "warning", 0),
                 Detail("policy.cached-rejects-mx", "mx2.good.test", "error", 0)],
        after=[0],
        why="A13/F7: the TXT is gone while an enforce policy (30 days, fetched 3 days ago) is cached: "
            "senders keep it, and it does not cover mx2; nothing new is stored"),
    StateCase(
        name="servfail_says_nothing", scenario="servfail-sts",
        before=[Snap(GOOD_ID, OLD_ENFORCE_MX1, "enforce", 604800, ["mx1.good.test"], 1 * DAY)],
        verdict="incomplete", must_not=HISTORY_IDS, after=[0],
        why="A14: the TXT lookup fails: the checker cannot know what senders see; the history is kept"),
]

# A domain this run does not check, with a snapshot long expired: left exactly as it was.
UNTOUCHED_DOMAIN = "untouched.test"
UNTOUCHED = Snap("1", "old", "enforce", DAY, ["mx.untouched.test"], 400 * DAY)
