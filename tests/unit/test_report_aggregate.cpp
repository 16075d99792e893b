// Aggregation through the real reading path (Collector). Every expected number below was added
// up by hand from the input files (see the comments), never copied from the program's output.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "mtasts/base/time.hpp"
#include "mtasts/report/collect.hpp"
#include "mtasts/report/inputs.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"
#include "mail_setup.hpp"

using namespace mtasts::report;

namespace {

const std::string k_own = std::string(MTASTS_DATA_DIR) + "/tlsrpt/own";
const std::string k_real = std::string(MTASTS_DATA_DIR) + "/tlsrpt/real";

Summary summarize(const std::string& folder, Filter filter = {}) {
    Collector collector(std::move(filter));
    walk_inputs({folder}, [&](const std::string& path, bool named) { collector.add_input(path, named); });
    CHECK_FALSE(collector.any_error());
    return collector.summary();
}

std::uint64_t count_of(const std::map<std::string, std::uint64_t>& map, const std::string& key) {
    const auto it = map.find(key);
    return it == map.end() ? 0 : it->second;
}

}  // namespace

// Hand count of tests/data/tlsrpt/real (see its README): 16 distinct reports. The Company-X RFC
// example (report-id 5065427c...) appears in 6 files and Google's 2020-01-01 report in 2, so 6
// duplicates. Successful: foo-bar.io 1 + random.net 2+2 + server.com 1 + foo-bar.io npf 1 +
// xxxxxxxx.xx 0 + company-y 5326 + test.xmox.nl 3+2 + cardinalhealth.ca 48 + mail.ru 0 +
// Example Inc. 0 + phi google 53 + phi microsoft-2 7 + phi microsoft 18 + rpt02 23 + rpt03 1
// = 5488. Failed: 3 + 303 + 1 + 3 + 1 = 311.
TEST_CASE("real samples: totals match a hand count", "[aggregate]") {
    const Summary s = summarize(k_real);
    CHECK(s.reports == 16);
    CHECK(s.duplicates == 6);
    CHECK(s.successful == 5488);
    CHECK(s.failed == 311);
    // Details: starttls 200, expired 100, validation 3 (Company-X) + 2+1 (Example Inc.),
    // fetch-error 3 (Microsoft) + 1+1 (Mail.ru), host-mismatch 1 (rpt02).
    CHECK(s.by_result_type.size() == 5);
    CHECK(count_of(s.by_result_type, "starttls-not-supported") == 200);
    CHECK(count_of(s.by_result_type, "certificate-expired") == 100);
    CHECK(count_of(s.by_result_type, "validation-failure") == 6);
    CHECK(count_of(s.by_result_type, "sts-policy-fetch-error") == 5);
    CHECK(count_of(s.by_result_type, "certificate-host-mismatch") == 1);
    // example.com (sts): 53 + 7 + 18 + 23 + 0 + 0 = 101 successful; 1 + 3 + 1 = 5 failed.
    const auto& example = s.policies.at({"example.com", "sts"});
    CHECK(example.successful == 101);
    CHECK(example.failed == 5);
    // Four policy-string variants: testing/example.com, enforce/example.com, enforce/mx.example.com,
    // enforce/demo.example.com (Mail.ru gives none).
    CHECK(example.policy_strings.size() == 4);
    CHECK(s.policies.at({"company-y.example", "sts"}).successful == 5326);
    CHECK(s.policies.at({"random.net", "tlsa"}).successful == 2);
    CHECK(s.policies.at({"cardinalhealth.ca", "no-policy-found"}).successful == 48);
    // rpt03: a no-policy-found entry without a domain; its "invalid-policy-type" entry is dropped.
    CHECK(s.policies.at({"", "no-policy-found"}).successful == 1);
    CHECK(s.policies.size() == 11);
    // Sessions per reporter: Google 1+1+3+48+53+23+1 = 130 successful + 1 failed (rpt02).
    CHECK(count_of(s.by_organization, "Google Inc.") == 131);
    // Microsoft: 2+2 (random.net) + 0+3 (xxxxxxxx.xx) + 2 (mox) + 7 + 18 = 34.
    CHECK(count_of(s.by_organization, "Microsoft Corporation") == 34);
    CHECK(count_of(s.failed_by_mx, "mx2.mail.company-y.example") == 200);
    CHECK(count_of(s.failed_by_mx, k_unknown) == 5);
    CHECK(count_of(s.failed_by_sending_ip, "209.85.222.201") == 2);
    REQUIRE(s.start);
    CHECK(mtasts::base::format_rfc3339(*s.start) == "2016-04-01T00:00:00Z");
    REQUIRE(s.end);
    CHECK(mtasts::base::format_rfc3339(*s.end) == "2026-01-12T00:00:00Z");
    // 22 samples plus the README (skipped with a note).
    CHECK(s.files.size() == 23);
}

TEST_CASE("real samples: warnings say what was odd", "[aggregate]") {
    const Summary s = summarize(k_real);
    const auto warnings_of = [&](const std::string& name) {
        for (const auto& f : s.files) {
            if (f.path.ends_with(name)) return f.warnings;
        }
        FAIL("no file " << name);
        return std::vector<std::string>{};
    };
    const auto has = [](const std::vector<std::string>& list, const std::string& fragment) {
        return std::any_of(list.begin(), list.end(),
                           [&](const auto& w) { return w.find(fragment) != std::string::npos; });
    };
    CHECK(has(warnings_of("phi-ag-mta-sts-exporter__microsoft-2.json"), "no time zone"));
    CHECK(has(warnings_of("parsedmarc__rfc8460.json"), "erratum 6241"));
    CHECK(has(warnings_of("parsedmarc__mail.ru.json"), "sum to 2"));
    CHECK(has(warnings_of("stalwart-mail-auth__rpt03.json"), "invalid-policy-type"));
    CHECK(has(warnings_of("stalwart-mail-auth__rpt01.eml"), "TLS-Report-Submitter"));
    CHECK(has(warnings_of("stalwart-mail-auth__rpt02.json"), "counted once"));
    CHECK(has(warnings_of("README.md"), "skipped"));
}

// tests/data/tlsrpt/own/good (generate.py): all-result-types 1000/70 with details 1..12,
// gzipped-but-named 500/0, plain-but-named 200/2 (certificate-expired 2 at mx2), nested.eml
// 100/1 (starttls 1), reports.mbox 50/0 (tlsa), Maildir 300/0 twice (one duplicate).
TEST_CASE("own inputs: every kind of input and every result type", "[aggregate]") {
    const Summary s = summarize(k_own + "/good");
    CHECK(s.reports == 6);
    CHECK(s.duplicates == 1);
    CHECK(s.successful == 1000 + 500 + 200 + 100 + 50 + 300);
    CHECK(s.failed == 70 + 2 + 1);
    CHECK(count_of(s.by_result_type, "starttls-not-supported") == 1 + 1);
    CHECK(count_of(s.by_result_type, "certificate-host-mismatch") == 2);
    CHECK(count_of(s.by_result_type, "certificate-expired") == 3 + 2);
    CHECK(count_of(s.by_result_type, "certificate-not-trusted") == 4);
    CHECK(count_of(s.by_result_type, "validation-failure") == 5);
    CHECK(count_of(s.by_result_type, "tlsa-invalid") == 6);
    CHECK(count_of(s.by_result_type, "dnssec-invalid") == 7);
    CHECK(count_of(s.by_result_type, "dane-required") == 8);
    CHECK(count_of(s.by_result_type, "sts-policy-fetch-error") == 9);
    CHECK(count_of(s.by_result_type, "sts-policy-invalid") == 10);
    CHECK(count_of(s.by_result_type, "sts-webpki-invalid") == 11);
    CHECK(count_of(s.by_result_type, "tls-version-too-old") == 12);
    CHECK(count_of(s.failed_by_mx, "mx2.own.example") == 2);
    CHECK(count_of(s.failed_by_sending_ip, "2001:db8::25") == 1);
    CHECK(s.policies.at({"own.example", "tlsa"}).successful == 50);
    // One day per report: 2026-01-01 .. 2026-01-06.
    CHECK(s.daily.size() == 6);
    CHECK(s.daily.at("2026-01-03").failed == 2);
    CHECK(s.daily.at("2026-01-06").successful == 300);
}

TEST_CASE("broken inputs give one error each and count nothing", "[aggregate]") {
    Collector collector({});
    for (const char* name : {"invalid.json", "policies-object.json", "truncated.json.gz", "duplicate-key.json",
                             "no-report.eml", "not-a-report.txt"}) {
        INFO(name);
        const auto& entry = collector.add_input(k_own + "/broken/" + name, true);
        CHECK(entry.error);
        CHECK(entry.reports == 0);
    }
    CHECK(collector.any_error());
    CHECK(collector.summary().reports == 0);
    CHECK(collector.add_missing("/nonexistent").error);
}

TEST_CASE("filters: domain and period", "[aggregate]") {
    SECTION("--domain example.com: Mail.ru, Example Inc., three phi-ag files, rpt02 (twice)") {
        const Summary s = summarize(k_real, Filter{"example.com", std::nullopt, std::nullopt});
        CHECK(s.reports == 6);
        CHECK(s.successful == 101);
        CHECK(s.failed == 5);
        CHECK(s.policies.size() == 1);
    }
    SECTION("2024-02-17 .. 2024-03-26: phi google (53/0), Mail.ru (0/1), phi microsoft-2 (7/0)") {
        Filter filter;
        filter.since = mtasts::base::parse_rfc3339("2024-02-17T00:00:00Z");
        filter.until = mtasts::base::parse_rfc3339("2024-03-27T00:00:00Z");
        const Summary s = summarize(k_real, filter);
        CHECK(s.reports == 3);
        CHECK(s.successful == 60);
        CHECK(s.failed == 1);
    }
}

TEST_CASE("a report without report-id is never taken for a duplicate", "[aggregate]") {
    Aggregator aggregator({});
    mtasts::rfc::TlsRptReport report;
    report.organization_name = "o";
    report.policies.push_back({"sts", "example.com", {}, {}, 5, 0, {}});
    CHECK(aggregator.add(report) == AddResult::counted);
    CHECK(aggregator.add(report) == AddResult::counted);
    report.report_id = "id";
    CHECK(aggregator.add(report) == AddResult::counted);
    CHECK(aggregator.add(report) == AddResult::duplicate);
    CHECK(aggregator.summary().successful == 15);
}

TEST_CASE("sums stop at 2^64-1 and say so", "[aggregate]") {
    Aggregator aggregator({});
    mtasts::rfc::TlsRptReport report;
    report.organization_name = "o";
    const std::uint64_t big = (std::uint64_t{1} << 63);
    report.policies.push_back({"sts", "example.com", {}, {}, big, 0, {}});
    CHECK(aggregator.add(report) == AddResult::counted);
    CHECK_FALSE(aggregator.summary().saturated);
    CHECK(aggregator.add(report) == AddResult::counted);
    CHECK(aggregator.add(report) == AddResult::counted);
    CHECK(aggregator.summary().successful == UINT64_MAX);
    CHECK(aggregator.summary().saturated);
}

TEST_CASE("the same report-id with another text is a conflicting duplicate", "[aggregate]") {
    Aggregator aggregator({});
    mtasts::rfc::TlsRptReport report;
    report.organization_name = "o";
    report.report_id = "id";
    report.policies.push_back({"sts", "example.com", {}, {}, 5, 0, {}});
    CHECK(aggregator.add(report, {"a.json", 1}) == AddResult::counted);
    CHECK(aggregator.add(report, {"b.json", 1}) == AddResult::duplicate);
    CHECK(aggregator.add(report, {"c.json", 2}) == AddResult::conflicting_duplicate);
    CHECK(aggregator.first_source(report).file == "a.json");
    CHECK(aggregator.summary().successful == 5);
}
