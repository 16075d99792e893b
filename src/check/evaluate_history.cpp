// History between runs (--state): what senders that cached an earlier policy do now. A sender
// keeps a policy for max_age seconds and refetches only when the _mta-sts id changes (RFC 8461
// §3.1, §3.2, §5.1); without a usable TXT record it keeps the cached policy (§5.1;
// docs/rfc-rules.md A13).
// Nothing here is said when a lookup failed: the checker then does not know what senders see.
#include <algorithm>

#include "evaluate_parts.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/check/history.hpp"

namespace mtasts::check {
namespace {

using model::PolicySnapshot;
using model::Severity;

bool same_policy(const PolicySnapshot& a, const PolicySnapshot& b) {
    return a.id == b.id && a.body_sha256 == b.body_sha256;
}

// Modes under which senders act on the mx patterns (RFC 8461 §5: testing reports, enforce refuses).
bool active(const PolicySnapshot& snapshot) { return snapshot.mode == "enforce" || snapshot.mode == "testing"; }

std::string date(std::int64_t seconds) { return base::format_rfc3339(seconds); }

std::string describe(const PolicySnapshot& snapshot) {
    return "the " + snapshot.mode + " policy with id " + snapshot.id + " (fetched " + date(snapshot.fetched_at) + ")";
}

// The snapshot of all `candidates` that senders hold longest.
const PolicySnapshot& longest_held(const std::vector<const PolicySnapshot*>& candidates) {
    return **std::ranges::max_element(candidates, {}, [](const PolicySnapshot* s) { return model::cache_expiry(*s); });
}

// The policy of this run as a sender caches it: only a clean fetch under a valid record counts.
std::optional<PolicySnapshot> current_snapshot(const Observation& observation, const PolicyOutcome& policy,
                                               const model::DomainReport& report) {
    if (!policy.usable_by_senders || !policy.policy || !policy.policy->mode || !policy.policy->max_age) return std::nullopt;
    if (!report.policy || !report.policy->raw || !report.sts_record || !report.sts_record->id) return std::nullopt;
    PolicySnapshot snapshot;
    snapshot.id = *report.sts_record->id;
    snapshot.body_sha256 = sha256_hex(*report.policy->raw);
    snapshot.mode = std::string(rfc::to_string(*policy.policy->mode));
    snapshot.max_age = *policy.policy->max_age;
    snapshot.mx = policy.policy->mx;
    snapshot.fetched_at = observation.now;
    return snapshot;
}

// policy.id-unchanged (RFC 8461 §3.1; docs/rfc-rules.md A7, F2): senders holding a body cached under the current
// id never refetch, so they keep the old body until it expires.
void check_id_unchanged(const std::vector<PolicySnapshot>& cached, const PolicySnapshot& current, const std::string& record,
                        model::Findings& findings) {
    std::vector<const PolicySnapshot*> stale;
    for (const PolicySnapshot& s : cached)
        if (s.id == current.id && s.body_sha256 != current.body_sha256) stale.push_back(&s);
    if (stale.empty()) return;
    const PolicySnapshot& held = longest_held(stale);
    findings.push_back(model::make_finding(
        "policy.id-unchanged", record,
        "the policy body changed but the _mta-sts id is still " + current.id + ": senders that cached " + describe(held) +
            " do not refetch and keep applying it until " + date(model::cache_expiry(held))));
}

// policy.id-changed-body-same (RFC 8461 §8.1; docs/rfc-rules.md F3): a new id over the body last seen.
void check_id_changed_body_same(const std::vector<PolicySnapshot>& cached, const PolicySnapshot& current,
                                const std::string& record, model::Findings& findings) {
    if (cached.empty()) return;
    const PolicySnapshot& last = *std::ranges::max_element(cached, {}, &PolicySnapshot::fetched_at);
    if (last.id == current.id || last.body_sha256 != current.body_sha256) return;
    findings.push_back(model::make_finding(
        "policy.id-changed-body-same", record,
        "the _mta-sts id changed from " + last.id + " to " + current.id + " but the policy body is the same as on " +
            date(last.fetched_at) + ": either the TXT record was changed before the new policy was published (senders "
            "that saw the new id then cached the old body) or the id was changed for nothing"));
}

// policy.cached-rejects-mx (RFC 8461 §4.1, §8.1; docs/rfc-rules.md F2, F4): an earlier policy that senders may
// still hold does not cover an MX host of today.
void check_cached_rejects_mx(const std::vector<PolicySnapshot>& cached, const std::optional<PolicySnapshot>& current,
                             const MxObservation& mx, model::Findings& findings) {
    for (const MxHostObservation& host : mx.hosts) {
        // A host the current policy rejects too is mx.not-covered already.
        if (current && active(*current) && !rfc::mx_covered(current->mx, host.host)) continue;
        std::vector<const PolicySnapshot*> enforcing;
        std::vector<const PolicySnapshot*> testing;
        for (const PolicySnapshot& s : cached) {
            if ((current && same_policy(s, *current)) || !active(s) || rfc::mx_covered(s.mx, host.host)) continue;
            (s.mode == "enforce" ? enforcing : testing).push_back(&s);
        }
        if (enforcing.empty() && testing.empty()) continue;
        const bool enforce = !enforcing.empty();
        const PolicySnapshot& held = longest_held(enforce ? enforcing : testing);
        // docs/rfc-rules.md D12: an implicit MX is not covered by RFC 8461, so at most a warning.
        const Severity severity = enforce && !mx.implicit ? Severity::error : Severity::warning;
        const std::string until =
            current && current->id == held.id
                ? "; the id is unchanged, so they do not refetch before " + date(model::cache_expiry(held))
                : " until they fetch the new policy, at the latest until " + date(model::cache_expiry(held));
        findings.push_back(model::make_finding(
            "policy.cached-rejects-mx", severity, host.host,
            host.host + " matches no mx pattern of " + describe(held) + ": senders that cached it " +
                (enforce ? "refuse to deliver to it" : "report a failure for it") + until));
    }
}

// sts.record.removed-while-cached (RFC 8461 §5.1, §8.3; docs/rfc-rules.md A13, F7): senders keep a cached policy
// when the TXT record goes away.
void check_removed_while_cached(const std::vector<PolicySnapshot>& cached, const std::string& record,
                                model::Findings& findings) {
    std::vector<const PolicySnapshot*> held;
    for (const PolicySnapshot& s : cached)
        if (active(s)) held.push_back(&s);
    if (held.empty()) return;
    const PolicySnapshot& longest = longest_held(held);
    findings.push_back(model::make_finding(
        "sts.record.removed-while-cached", record,
        "there is no usable " + record + " record, but senders that cached " + describe(longest) +
            " keep applying it until " + date(model::cache_expiry(longest))));
}

}  // namespace

void evaluate_history(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                      model::DomainReport& report) {
    if (!observation.history) return;
    model::HistoryFacts& facts = report.history.emplace();
    facts.snapshots_before = observation.history->snapshots.size();
    for (const PolicySnapshot& s : observation.history->snapshots)
        if (still_cached(s, observation.now)) facts.cached.push_back(s);
    facts.current = current_snapshot(observation, policy, report);

    // A failed TXT lookup says nothing about what senders see.
    if (!observation.sts || !sts.observed || sts.lookup_failed) return;
    const std::string& record = observation.sts->name;
    model::Findings& findings = report.findings;
    if (facts.current) {
        check_id_unchanged(facts.cached, *facts.current, record, findings);
        check_id_changed_body_same(facts.cached, *facts.current, record, findings);
    }
    // With a valid record but no usable policy (fetch failed, body broken) senders keep their
    // cache too, but then the checker cannot tell a misconfiguration from its own network.
    const bool record_gone = !sts.valid;
    if ((facts.current || record_gone) && observation.mx && !observation.mx->failure)
        check_cached_rejects_mx(facts.cached, facts.current, *observation.mx, findings);
    if (record_gone) check_removed_while_cached(facts.cached, record, findings);
}

}  // namespace mtasts::check
