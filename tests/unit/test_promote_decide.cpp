// The decision of `promote` from plain data: a domain observed in testing mode (evaluated as if
// enforced), TLS-RPT reports in the shape real reporters send (Google's, RFC 8460 §4.4) summed
// by the report reader, and a fixed clock. Expected values come from the man page (promote).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mtasts/base/time.hpp"
#include "mtasts/check/evaluate.hpp"
#include "mtasts/promote/decide.hpp"
#include "mtasts/report/collect.hpp"
#include "mtasts/report/inputs.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"
#include "test_check_fixtures.hpp"

using namespace mtasts;
using check_fixtures::k_day;
using check_fixtures::k_now;  // 2026-09-21T14:13:20Z: the window of 14 days is 2026-09-07 .. 2026-09-20

namespace {

struct Failure {
    std::string result_type;
    std::string mx;
    std::uint64_t sessions;
};

// One daily report as a reporter sends it: the day's date range, one sts policy entry.
std::string daily_report(const std::string& organization, std::int64_t day_start, std::uint64_t successful,
                         const std::vector<Failure>& failures = {}, const std::string& type = "sts") {
    nlohmann::json details = nlohmann::json::array();
    std::uint64_t failed = 0;
    for (const Failure& f : failures) {
        details.push_back({{"result-type", f.result_type},
                           {"sending-mta-ip", "192.0.2.25"},
                           {"receiving-mx-hostname", f.mx},
                           {"failed-session-count", f.sessions}});
        failed += f.sessions;
    }
    const std::string date = base::format_date(day_start);
    nlohmann::json report = {
        {"organization-name", organization},
        {"date-range", {{"start-datetime", date + "T00:00:00Z"}, {"end-datetime", date + "T23:59:59Z"}}},
        {"contact-info", "smtp-tls-reporting@example.net"},
        {"report-id", date + "_" + organization + "_" + std::to_string(failures.size())},  // one a day per reporter
        {"policies",
         {{{"policy",
            {{"policy-type", type},
             {"policy-string", {"version: STSv1", "mode: testing"}},
             {"policy-domain", "example.test"},
             {"mx-host", {"mx1.example.test", "mx2.example.test"}}}},
           {"summary", {{"total-successful-session-count", successful}, {"total-failure-session-count", failed}}},
           {"failure-details", details}}}}};
    return report.dump();
}

// The reports summed as promote sums them: only example.test, only the window.
report::Summary summarize(const std::vector<std::string>& reports, const promote::Window& window) {
    report::Aggregator aggregator(promote::report_filter("example.test", window));
    for (const std::string& text : reports) {
        const rfc::ReportParse parsed = rfc::parse_tlsrpt_report(text);
        REQUIRE(parsed.report);
        aggregator.add(*parsed.report, {"test", parsed.content_hash});
    }
    return aggregator.summary();
}

// A clean report from Google for every day of the window (and one the day before, outside it).
std::vector<std::string> every_day(const promote::Window& window) {
    std::vector<std::string> reports;
    for (std::int64_t day = window.start - k_day; day < window.end; day += k_day)
        reports.push_back(daily_report("Google Inc.", day, 40));
    return reports;
}

// example.test serving its policy in mode testing, as the live check would observe it.
model::Observation testing_domain(const std::string& max_age = "604800") {
    model::Observation o = check_fixtures::good_domain();
    o.policy = check_fixtures::served_policy(
        "example.test", "version: STSv1\r\nmode: testing\r\nmx: mx1.example.test\r\nmx: mx2.example.test\r\nmax_age: " +
                            max_age + "\r\n");
    return o;
}

promote::LiveFacts live(const model::Observation& observation) {
    return promote::live_facts(check::evaluate_as_enforced(observation));
}

std::vector<std::string> codes(const promote::Decision& decision) {
    std::vector<std::string> out;
    for (const auto& reason : decision.reasons) out.push_back(reason.code);
    return out;
}

const promote::Window k_window = promote::window_before(k_now, 14);

}  // namespace

TEST_CASE("enforce bounces the negotiation failures, policy failures fall back, DANE is its own") {
    using promote::EnforceEffect;
    for (const char* type : {"starttls-not-supported", "certificate-host-mismatch", "certificate-expired",
                             "certificate-not-trusted", "validation-failure", "some-new-type"})
        CHECK(promote::enforce_effect(type) == EnforceEffect::bounce);
    for (const char* type : {"sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"})
        CHECK(promote::enforce_effect(type) == EnforceEffect::falls_back);
    for (const char* type : {"tlsa-invalid", "dnssec-invalid", "dane-required"})
        CHECK(promote::enforce_effect(type) == EnforceEffect::dane);
}

TEST_CASE("the window is the whole UTC days before today, a report ending at its start is outside") {
    CHECK(base::format_rfc3339(k_window.start) == "2026-09-07T00:00:00Z");
    CHECK(base::format_rfc3339(k_window.end) == "2026-09-21T00:00:00Z");
    const report::Filter filter = promote::report_filter("example.test", k_window);
    CHECK(filter.domain == "example.test");
    CHECK(*filter.since == k_window.start + 1);  // a period [09-06, 09-07T00:00:00Z] does not overlap
    CHECK(*filter.until == k_window.end);        // today's reports are not in yet
    CHECK(promote::window_before(k_window.end, 1).start == k_window.end - k_day);  // midnight itself is a new day
}

TEST_CASE("ready: testing policy, every MX deliverable under enforce, TLS-RPT, a clean report every day") {
    const promote::LiveFacts facts = live(testing_domain("86400"));
    CHECK(facts.policy_applied);
    CHECK(facts.mode == "testing");
    REQUIRE(facts.mx.size() == 2);
    CHECK(facts.mx[0].deliverable == true);
    CHECK(facts.tlsrpt_record);

    const promote::Decision decision =
        promote::decide(facts, summarize(every_day(k_window), k_window), k_window, k_now);
    CHECK(codes(decision).empty());
    CHECK(decision.outcome == promote::Outcome::ready);
    CHECK(decision.counts.reports == 14);  // the day before the window is not counted
    CHECK(decision.counts.days_reported.size() == 14);
    REQUIRE(decision.proposal);
    CHECK(decision.proposal->policy ==
          "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmx: mx2.example.test\r\nmax_age: 604800\r\n");
    CHECK(decision.proposal->id == "20260921T141320");
    CHECK(decision.proposal->txt_record == "v=STSv1; id=20260921T141320");
    REQUIRE(decision.proposal->steps.size() == 2);
    CHECK(decision.proposal->steps[0].find("https://mta-sts.example.test/.well-known/mta-sts.txt") !=
          std::string::npos);
    CHECK(decision.proposal->steps[1].find("_mta-sts.example.test") != std::string::npos);
    REQUIRE(decision.notes.size() == 1);  // max_age 86400 raised to a week
    CHECK(decision.notes[0].find("604800") != std::string::npos);
}

TEST_CASE("not ready: failed sessions to one MX name the MX, the result type and the senders") {
    std::vector<std::string> reports = every_day(k_window);
    reports.push_back(daily_report("Microsoft Corporation", k_window.start + 3 * k_day, 10,
                                   {{"certificate-expired", "mx2.example.test", 4}}));
    reports.push_back(
        daily_report("Google Inc.", k_window.end - k_day, 0, {{"certificate-expired", "mx2.example.test", 2}}));
    // Not a bounce under enforce: the sender could not fetch the policy and applied none.
    reports.push_back(
        daily_report("Mail.Ru", k_window.start + 5 * k_day, 3, {{"sts-policy-fetch-error", "mx1.example.test", 1}}));
    const promote::Decision decision =
        promote::decide(live(testing_domain()), summarize(reports, k_window), k_window, k_now);
    CHECK(decision.outcome == promote::Outcome::not_ready);
    REQUIRE(codes(decision) == std::vector<std::string>{"failed-sessions"});
    const promote::Reason& reason = decision.reasons[0];
    CHECK(reason.mx == "mx2.example.test");
    CHECK(reason.result_type == "certificate-expired");
    CHECK(reason.sessions == 6);
    CHECK(reason.organizations == std::vector<std::string>{"Google Inc.", "Microsoft Corporation"});
    CHECK_FALSE(decision.proposal);
    REQUIRE(decision.notes.size() == 1);
    CHECK(decision.notes[0].find("sts-policy-fetch-error") != std::string::npos);
    CHECK(decision.notes[0].find("Mail.Ru") != std::string::npos);
}

TEST_CASE("not ready: silent days, and no report at all, are not health") {
    std::vector<std::string> reports = every_day(k_window);
    reports.erase(reports.begin() + 2, reports.begin() + 4);  // 2026-09-08 and 2026-09-09 (index 0 is 09-06)
    promote::Decision decision = promote::decide(live(testing_domain()), summarize(reports, k_window), k_window, k_now);
    REQUIRE(codes(decision) == std::vector<std::string>{"silent-days"});
    CHECK(decision.reasons[0].days == std::vector<std::string>{"2026-09-08", "2026-09-09"});

    decision = promote::decide(live(testing_domain()), summarize({}, k_window), k_window, k_now);
    REQUIRE(codes(decision) == std::vector<std::string>{"no-reports"});
    CHECK(decision.reasons[0].days.size() == 14);

    // Reports about another domain say nothing about this one.
    const std::string other = daily_report("Google Inc.", k_window.start, 5);
    std::string renamed = other;
    renamed.replace(renamed.find("\"example.test\""), 14, "\"example.org\"");
    CHECK(codes(promote::decide(live(testing_domain()), summarize({renamed}, k_window), k_window, k_now)) ==
          std::vector<std::string>{"no-reports"});
}

TEST_CASE("not ready: an MX that only testing lets through is refused under enforce") {
    model::Observation observation = testing_domain();
    for (auto& address : observation.mx->hosts[1].addresses) address.probe->cert->not_after = k_now - k_day;
    // As served (testing) the expired certificate is a warning; read as enforce, an error and a refusal.
    CHECK(check_fixtures::first(check::evaluate(observation), "mx.cert-expired").severity == model::Severity::warning);
    const model::DomainReport enforced = check::evaluate_as_enforced(observation);
    CHECK(check_fixtures::first(enforced, "mx.cert-expired").severity == model::Severity::error);
    REQUIRE(enforced.policy);
    CHECK(enforced.policy->mode == "testing");  // the facts keep the served mode

    const promote::Decision decision =
        promote::decide(promote::live_facts(enforced), summarize(every_day(k_window), k_window), k_window, k_now);
    REQUIRE(codes(decision) == std::vector<std::string>{"mx-not-deliverable"});
    CHECK(decision.reasons[0].mx == "mx2.example.test");
    CHECK(decision.reasons[0].message.find("mx.cert-expired") != std::string::npos);
}

TEST_CASE("no policy, a policy already enforced, and a missing TLS-RPT record") {
    const report::Summary reports = summarize(every_day(k_window), k_window);

    model::Observation no_record = testing_domain();
    no_record.sts->records.clear();
    promote::Decision decision = promote::decide(live(no_record), reports, k_window, k_now);
    REQUIRE(codes(decision) == std::vector<std::string>{"no-policy"});
    CHECK(decision.reasons[0].message.find("sts.record.missing") != std::string::npos);

    decision = promote::decide(live(check_fixtures::good_domain()), reports, k_window, k_now);
    CHECK(decision.outcome == promote::Outcome::already_enforced);
    CHECK(decision.reasons.empty());
    CHECK_FALSE(decision.proposal);

    model::Observation no_tlsrpt = testing_domain();
    no_tlsrpt.tlsrpt->records.clear();
    decision = promote::decide(live(no_tlsrpt), reports, k_window, k_now);
    CHECK(codes(decision) == std::vector<std::string>{"tlsrpt-missing"});
}

TEST_CASE("a real report (Google, tests/data/tlsrpt/real) read through the report reader") {
    // Google's report of 2024-02-17 for example.com: 53 successful sessions, none failed.
    const std::int64_t now = *base::parse_rfc3339("2024-02-18T09:00:00Z");
    const promote::Window window = promote::window_before(now, 1);
    report::Collector collector(promote::report_filter("example.com", window));
    collector.add_input(std::string(MTASTS_DATA_DIR) + "/tlsrpt/real/phi-ag-mta-sts-exporter__google.json", true);
    REQUIRE_FALSE(collector.any_error());

    promote::LiveFacts facts;
    facts.domain = "example.com";
    facts.policy_applied = true;
    facts.mode = "testing";
    facts.mx_patterns = {"example.com"};
    facts.max_age = 86400;
    facts.mx = {{"example.com", true, {}}};
    facts.tlsrpt_record = true;
    const promote::Decision decision = promote::decide(facts, collector.summary(), window, now);
    CHECK(codes(decision).empty());
    CHECK(decision.counts.successful == 53);
    CHECK(decision.counts.days_reported == std::vector<std::string>{"2024-02-17"});
    REQUIRE(decision.proposal);
    CHECK(decision.proposal->id == "20240218T090000");
}
