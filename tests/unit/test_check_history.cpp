// History between runs (--state) from plain data: the four findings about what senders with a
// cached policy do (RFC 8461 §3.1, §5.1, §8.1, §8.3), each firing and not firing, and the rules
// of what the next run remembers (expiry, replacement, the cap).
#include <catch2/catch.hpp>

#include <algorithm>

#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/history.hpp"
#include "test_check_fixtures.hpp"

using namespace mtasts;
using namespace mtasts::check;
using namespace mtasts::model;
using model::PolicySnapshot;
using namespace check_fixtures;

namespace {

const std::string k_record = "_mta-sts.hist.test";

std::string body(const std::string& mode, const std::vector<std::string>& mx, std::int64_t max_age = 30 * k_day) {
    std::string text = "version: STSv1\r\nmode: " + mode + "\r\n";
    for (const auto& pattern : mx) text += "mx: " + pattern + "\r\n";
    return text + "max_age: " + std::to_string(max_age) + "\r\n";
}

const std::string k_body = body("enforce", {"mx1.hist.test", "mx2.hist.test"});

// hist.test today: id "new1", k_body served cleanly, MX mx1 and mx2; SMTP not probed.
Observation today(std::optional<model::DomainHistory> history) {
    Observation o;
    o.domain = "hist.test";
    o.now = k_now;
    o.smtp_skipped = true;
    o.sts = TxtObservation{k_record, {"v=STSv1; id=new1"}, {}, {}, 300};
    o.policy = served_policy("hist.test", k_body);
    MxObservation mx;
    mx.hosts.push_back({"mx1.hist.test", 10, {{"127.0.0.11", std::nullopt, std::nullopt, std::nullopt}}, true, std::nullopt});
    mx.hosts.push_back({"mx2.hist.test", 20, {{"127.0.0.12", std::nullopt, std::nullopt, std::nullopt}}, true, std::nullopt});
    o.mx = mx;
    o.history = std::move(history);
    return o;
}

PolicySnapshot snapshot(std::string id, const std::string& policy_body, std::string mode, std::vector<std::string> mx,
                        std::int64_t fetched_days_ago, std::int64_t max_age = 30 * k_day) {
    return PolicySnapshot{std::move(id), sha256_hex(policy_body), std::move(mode), max_age, std::move(mx),
                          k_now - fetched_days_ago * k_day};
}

model::DomainHistory history_of(std::vector<PolicySnapshot> snapshots) { return model::DomainHistory{std::move(snapshots)}; }

const std::vector<std::string> k_history_ids = {"policy.id-unchanged", "policy.id-changed-body-same",
                                                "policy.cached-rejects-mx", "sts.record.removed-while-cached"};

std::vector<std::string> history_findings(const model::DomainReport& report) {
    std::vector<std::string> out;
    for (const auto& f : report.findings)
        if (std::ranges::find(k_history_ids, f.id) != k_history_ids.end()) out.push_back(f.id + " " + f.subject);
    return out;
}

const model::Finding& only(const model::DomainReport& report, std::string_view id) {
    auto count = std::ranges::count_if(report.findings, [id](const model::Finding& f) { return f.id == id; });
    REQUIRE(count == 1);
    return *std::ranges::find_if(report.findings, [id](const model::Finding& f) { return f.id == id; });
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("sha256_hex is the SHA-256 of the exact bytes") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("mode: enforce\r\n") != sha256_hex("mode: enforce\n"));
}

TEST_CASE("without --state nothing is said about caches") {
    auto report = evaluate(today(std::nullopt));
    CHECK_FALSE(report.history.has_value());
    CHECK(history_findings(report).empty());
}

TEST_CASE("the first run remembers the policy it fetched") {
    auto report = evaluate(today(model::DomainHistory{}));
    REQUIRE(report.history);
    CHECK(report.history->snapshots_before == 0);
    CHECK(report.history->cached.empty());
    REQUIRE(report.history->current);
    const PolicySnapshot& current = *report.history->current;
    CHECK(current.id == "new1");
    CHECK(current.body_sha256 == sha256_hex(k_body));
    CHECK(current.mode == "enforce");
    CHECK(current.max_age == 30 * k_day);
    CHECK(current.mx == Ids{"mx1.hist.test", "mx2.hist.test"});
    CHECK(current.fetched_at == k_now);
    CHECK(history_findings(report).empty());
}

TEST_CASE("policy.id-unchanged: same id, another body") {
    SECTION("same id, same body: nothing") {
        auto report = evaluate(today(history_of({snapshot("new1", k_body, "enforce", {"mx1.hist.test", "mx2.hist.test"}, 2)})));
        CHECK(history_findings(report).empty());
        CHECK(report.history->cached.size() == 1);
    }
    SECTION("same id, another body still cached: warning naming the expiry") {
        const std::string old_body = body("enforce", {"mx1.hist.test", "mx2.hist.test", "mx3.hist.test"});
        auto report = evaluate(today(history_of({snapshot("new1", old_body, "enforce", {"mx1.hist.test", "mx2.hist.test", "mx3.hist.test"}, 3)})));
        CHECK(history_findings(report) == Ids{"policy.id-unchanged " + k_record});
        const model::Finding& f = only(report, "policy.id-unchanged");
        CHECK(f.severity == model::Severity::warning);
        CHECK(f.message.find("2026-10-18T14:13:20Z") != std::string::npos);  // fetched 3 days ago + 30 days
        CHECK(report.verdict == model::Verdict::warn);
    }
    SECTION("the other body has expired: nothing") {
        const std::string old_body = body("enforce", {"mx1.hist.test", "mx2.hist.test", "mx3.hist.test"});
        auto report = evaluate(today(history_of({snapshot("new1", old_body, "enforce", {"mx1.hist.test"}, 31)})));
        CHECK(history_findings(report).empty());
        CHECK(report.history->cached.empty());
        CHECK(report.history->snapshots_before == 1);
    }
    SECTION("another id (smaller, ids have no order) and another body: nothing") {
        const std::string old_body = body("enforce", {"mx1.hist.test", "mx2.hist.test", "mx3.hist.test"});
        auto o = today(history_of({snapshot("zzz9", old_body, "enforce", {"mx1.hist.test", "mx2.hist.test", "mx3.hist.test"}, 1)}));
        auto report = evaluate(o);
        CHECK(history_findings(report).empty());
    }
}

TEST_CASE("policy.id-changed-body-same: a new id over the last body seen") {
    SECTION("new id, body of the last snapshot: warning") {
        auto report = evaluate(today(history_of({snapshot("old1", k_body, "enforce", {"mx1.hist.test", "mx2.hist.test"}, 1)})));
        CHECK(history_findings(report) == Ids{"policy.id-changed-body-same " + k_record});
        CHECK(only(report, "policy.id-changed-body-same").severity == model::Severity::warning);
    }
    SECTION("new id, new body: nothing") {
        const std::string old_body = body("testing", {"mx1.hist.test", "mx2.hist.test"});
        auto report = evaluate(today(history_of({snapshot("old1", old_body, "testing", {"mx1.hist.test", "mx2.hist.test"}, 1)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("the body equals an older snapshot, not the last one: nothing") {
        const std::string between = body("testing", {"mx1.hist.test", "mx2.hist.test"});
        auto report = evaluate(today(history_of({snapshot("old1", k_body, "enforce", {"mx1.hist.test", "mx2.hist.test"}, 5),
                                                 snapshot("old2", between, "testing", {"mx1.hist.test", "mx2.hist.test"}, 2)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("the last snapshot has expired: nothing") {
        auto report = evaluate(today(history_of({snapshot("old1", k_body, "enforce", {"mx1.hist.test"}, 40)})));
        CHECK(history_findings(report).empty());
    }
}

TEST_CASE("policy.cached-rejects-mx: an earlier policy senders still hold does not cover a current MX") {
    const std::string old_enforce = body("enforce", {"mx1.hist.test"});
    SECTION("old enforce policy under another id: error for mx2 only, with its expiry") {
        auto report = evaluate(today(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test"}, 1, 7 * k_day)})));
        CHECK(history_findings(report) == Ids{"policy.cached-rejects-mx mx2.hist.test"});
        const model::Finding& f = only(report, "policy.cached-rejects-mx");
        CHECK(f.severity == model::Severity::error);
        CHECK(f.message.find("2026-09-27T14:13:20Z") != std::string::npos);  // fetched a day ago + 7 days
        CHECK(f.message.find("old1") != std::string::npos);
        CHECK(report.verdict == model::Verdict::fail);
    }
    SECTION("same id, old body without mx2: id-unchanged and the MX refused") {
        auto report = evaluate(today(history_of({snapshot("new1", old_enforce, "enforce", {"mx1.hist.test"}, 1)})));
        CHECK(history_findings(report) == Ids{"policy.id-unchanged " + k_record, "policy.cached-rejects-mx mx2.hist.test"});
    }
    SECTION("old testing policy: warning") {
        const std::string old_testing = body("testing", {"mx1.hist.test"});
        auto report = evaluate(today(history_of({snapshot("old1", old_testing, "testing", {"mx1.hist.test"}, 1)})));
        CHECK(only(report, "policy.cached-rejects-mx").severity == model::Severity::warning);
    }
    SECTION("old policy in mode none: nothing") {
        const std::string old_none = body("none", {"mx1.hist.test"});
        auto report = evaluate(today(history_of({snapshot("old1", old_none, "none", {"mx1.hist.test"}, 1)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("old policy expired: nothing") {
        auto report = evaluate(today(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test"}, 8, 7 * k_day)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("a wildcard of the old policy covers mx2: nothing") {
        const std::string wildcard = body("enforce", {"*.hist.test"});
        auto report = evaluate(today(history_of({snapshot("old1", wildcard, "enforce", {"*.hist.test"}, 1)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("an MX the current policy does not cover either is mx.not-covered only") {
        auto o = today(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test"}, 1)}));
        o.mx->hosts.push_back({"backup.other.test", 30, {{"127.0.0.13", std::nullopt, std::nullopt, std::nullopt}}, true, std::nullopt});
        auto report = evaluate(o);
        CHECK(history_findings(report) == Ids{"policy.cached-rejects-mx mx2.hist.test"});
        CHECK(std::ranges::any_of(report.findings, [](const auto& f) { return f.id == "mx.not-covered"; }));
    }
    SECTION("the MX lookup failed: nothing") {
        auto o = today(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test"}, 1)}));
        o.mx->failure = DnsFailure{"MX hist.test", "SERVFAIL"};
        o.mx->hosts.clear();
        CHECK(history_findings(evaluate(o)).empty());
    }
    SECTION("the policy fetch failed under a valid record: nothing (the fetch finding says what senders do)") {
        auto o = today(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test"}, 1)}));
        PolicyFetch& fetch = o.policy->fetches.front();
        fetch.status.reset();
        fetch.error = model::NetError{model::NetErrorKind::timeout, ""};
        fetch.body.clear();
        auto report = evaluate(o);
        CHECK(history_findings(report).empty());
        REQUIRE(report.history);
        CHECK_FALSE(report.history->current.has_value());
    }
}

TEST_CASE("sts.record.removed-while-cached: the TXT is gone while senders still cache a policy") {
    const std::string old_enforce = body("enforce", {"mx1.hist.test", "mx2.hist.test"});
    auto removed = [](model::DomainHistory history) {
        Observation o = today(std::move(history));
        o.sts->records.clear();  // NXDOMAIN / NODATA
        return o;
    };
    SECTION("enforce policy fetched 3 days ago, 30 days max_age: warning until then") {
        auto report = evaluate(removed(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test", "mx2.hist.test"}, 3)})));
        CHECK(history_findings(report) == Ids{"sts.record.removed-while-cached " + k_record});
        const model::Finding& f = only(report, "sts.record.removed-while-cached");
        CHECK(f.severity == model::Severity::warning);
        CHECK(f.message.find("2026-10-18T14:13:20Z") != std::string::npos);
        REQUIRE(report.history);
        CHECK_FALSE(report.history->current.has_value());  // nothing new to remember
    }
    SECTION("the cached policy does not cover today's mx2: senders keep refusing it") {
        auto report = evaluate(removed(history_of({snapshot("old1", body("enforce", {"mx1.hist.test"}), "enforce", {"mx1.hist.test"}, 3)})));
        CHECK(history_findings(report) == Ids{"policy.cached-rejects-mx mx2.hist.test", "sts.record.removed-while-cached " + k_record});
    }
    SECTION("an invalid record is no usable record either") {
        Observation o = today(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test", "mx2.hist.test"}, 3)}));
        o.sts->records = {"v=STSv1; id=not valid!"};
        CHECK(history_findings(evaluate(o)) == Ids{"sts.record.removed-while-cached " + k_record});
    }
    SECTION("the cached policy was mode none (withdrawn properly): nothing") {
        auto report = evaluate(removed(history_of({snapshot("old1", body("none", {}), "none", {}, 3)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("the cached policy has expired: nothing") {
        auto report = evaluate(removed(history_of({snapshot("old1", old_enforce, "enforce", {"mx1.hist.test"}, 31)})));
        CHECK(history_findings(report).empty());
    }
    SECTION("the TXT lookup failed (inconclusive): nothing") {
        Observation o = removed(history_of({snapshot("old1", body("enforce", {"mx1.hist.test"}), "enforce", {"mx1.hist.test"}, 3)}));
        o.sts->failure = DnsFailure{"TXT " + k_record, "SERVFAIL"};
        auto report = evaluate(o);
        CHECK(history_findings(report).empty());
        CHECK(report.verdict == model::Verdict::incomplete);
    }
}

TEST_CASE("next_history keeps what senders may still hold") {
    const PolicySnapshot old_enforce = snapshot("old1", "a", "enforce", {"mx1.hist.test"}, 3);
    const PolicySnapshot expired = snapshot("old0", "b", "enforce", {"mx1.hist.test"}, 40);
    const PolicySnapshot current = snapshot("new1", k_body, "enforce", {"mx1.hist.test", "mx2.hist.test"}, 0);
    SECTION("expired snapshots are dropped, the current one appended") {
        const auto next = next_history(history_of({expired, old_enforce}), current, k_now);
        CHECK(next.snapshots == std::vector<PolicySnapshot>{old_enforce, current});
    }
    SECTION("a run without a usable policy keeps the history") {
        const auto next = next_history(history_of({old_enforce}), std::nullopt, k_now);
        CHECK(next.snapshots == std::vector<PolicySnapshot>{old_enforce});
    }
    SECTION("the same policy fetched again replaces the earlier fetch") {
        PolicySnapshot earlier = current;
        earlier.fetched_at = k_now - 5 * k_day;
        const auto next = next_history(history_of({earlier, old_enforce}), current, k_now);
        CHECK(next.snapshots == std::vector<PolicySnapshot>{old_enforce, current});
    }
    SECTION("at most k_max_snapshots, the newest") {
        model::DomainHistory many;
        for (int i = 0; i < 12; ++i) many.snapshots.push_back(snapshot("id" + std::to_string(i), std::to_string(i), "testing", {}, 20 - i));
        const auto next = next_history(many, current, k_now);
        REQUIRE(next.snapshots.size() == k_max_snapshots);
        CHECK(next.snapshots.back() == current);
        CHECK(next.snapshots.front().id == "id5");
    }
    SECTION("expiry is exclusive: fetched_at + max_age == now has run out") {
        CHECK_FALSE(still_cached(snapshot("x", "x", "enforce", {}, 30, 30 * k_day), k_now));
        CHECK(still_cached(snapshot("x", "x", "enforce", {}, 29, 30 * k_day), k_now));
    }
}
