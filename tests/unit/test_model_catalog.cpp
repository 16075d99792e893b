#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <tuple>

#include "mtasts/model/catalog.hpp"
#include "mtasts/model/finding.hpp"

using namespace mtasts::model;

TEST_CASE("catalog ids are unique, greppable and kebab-case with dots") {
    std::set<std::string_view> seen;
    const std::regex shape("^[a-z]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+$");
    for (const auto& entry : catalog()) {
        INFO(entry.id);
        CHECK(seen.insert(entry.id).second);
        CHECK(std::regex_match(std::string(entry.id), shape));
        CHECK_FALSE(entry.title.empty());
        // A problem (error or warning) must tell the user how to fix it.
        if (entry.severity == Severity::error || entry.severity == Severity::warning) CHECK_FALSE(entry.hint.empty());
    }
}

TEST_CASE("the core ids of docs/findings.md and the extensions exist with their default severities") {
    const std::pair<const char*, Severity> core[] = {
        {"dns.lookup-failed", Severity::inconclusive}, {"sts.record.missing", Severity::error},
        {"sts.record.multiple", Severity::error}, {"sts.record.invalid", Severity::error},
        {"sts.record.id-invalid", Severity::error}, {"sts.record.cname", Severity::info},
        {"policy.host-unresolvable", Severity::error}, {"policy.fetch-failed", Severity::error},
        {"policy.cert-untrusted", Severity::error}, {"policy.cert-name-mismatch", Severity::error},
        {"policy.cert-expired", Severity::error}, {"policy.cert-expiring", Severity::warning},
        {"policy.http-status", Severity::error}, {"policy.redirect", Severity::error},
        {"policy.content-type", Severity::error}, {"policy.too-large", Severity::error},
        {"policy.invalid", Severity::error}, {"policy.version", Severity::error},
        {"policy.version-not-first", Severity::info}, {"policy.mode-invalid", Severity::error},
        {"policy.max-age-invalid", Severity::error}, {"policy.max-age-short", Severity::warning}, {"policy.max-age-below-week", Severity::info}, {"policy.mode-none-max-age-long", Severity::info},
        {"policy.mx-missing", Severity::error}, {"policy.mx-invalid", Severity::error},
        {"policy.duplicate-key", Severity::error}, {"policy.unknown-key", Severity::info},
        {"policy.line-endings", Severity::info}, {"policy.mode-testing", Severity::info},
        {"policy.mode-none", Severity::warning}, {"policy.mx-unused", Severity::warning},
        {"mx.none", Severity::error}, {"mx.implicit", Severity::info}, {"mx.null", Severity::info},
        {"mx.not-covered", Severity::error}, {"mx.unresolvable", Severity::error},
        {"mx.unreachable", Severity::warning}, {"mx.probe-inconclusive", Severity::inconclusive},
        {"mx.smtp-error", Severity::error}, {"mx.starttls-missing", Severity::error},
        {"mx.starttls-failed", Severity::error}, {"mx.cert-untrusted", Severity::error},
        {"mx.cert-name-mismatch", Severity::error}, {"mx.cert-expired", Severity::error},
        {"mx.cert-expiring", Severity::warning}, {"mx.tls-version-old", Severity::warning},
        {"mx.probe-skipped", Severity::info}, {"delivery.blocked", Severity::error},
        {"tlsrpt.record.missing", Severity::warning}, {"tlsrpt.record.multiple", Severity::error},
        {"tlsrpt.record.invalid", Severity::error}, {"tlsrpt.rua-invalid", Severity::error},
        {"tlsrpt.record.cname", Severity::info},
        // Extensions (docs/rfc-rules.md E8, E9).
        {"mx.tls13-missing", Severity::info}, {"mx.forward-secrecy-missing", Severity::info}, {"mx.tls-legacy-accepted", Severity::warning},
        {"mx.sni-required", Severity::warning},
    };
    for (const auto& [id, severity] : core) {
        INFO(id);
        const CatalogEntry* entry = find_entry(id);
        REQUIRE(entry != nullptr);
        CHECK(entry->severity == severity);
    }
}

TEST_CASE("the DANE ids exist with their severities and result types (docs/rfc-rules.md I1, I2, I4)") {
    const std::tuple<const char*, Severity, std::string_view> dane[] = {
        {"mx.dane-active", Severity::info, ""},
        {"mx.dane-mismatch", Severity::error, "tlsa-invalid"},
        {"mx.dane-insecure", Severity::info, ""},
        {"mx.dane-usage-pkix", Severity::warning, ""},
        {"mx.dane-tlsrpt-missing", Severity::info, ""},
    };
    for (const auto& [id, severity, result_type] : dane) {
        INFO(id);
        const CatalogEntry* entry = find_entry(id);
        REQUIRE(entry != nullptr);
        CHECK(entry->severity == severity);
        CHECK(entry->tlsrpt_result_type == result_type);
    }
}

TEST_CASE("make_finding fills rfc, hint and result type from the catalog") {
    const Finding finding = make_finding("mx.cert-expired", "mx1.example.com", "expired 3 days ago");
    CHECK(finding.severity == Severity::error);
    CHECK(finding.rfc == "RFC 8461 §4.2");
    CHECK(finding.tlsrpt_result_type == std::optional<std::string>("certificate-expired"));
    CHECK_FALSE(finding.hint.empty());
    CHECK_FALSE(make_finding("mx.null", "example.com", "").tlsrpt_result_type.has_value());
}

// make_finding("no.such-id", ...) does not compile: tests/compile builds such a call and
// expects the compiler to refuse it. Ids from the user are looked up at run time.
static_assert(is_known_id("mx.cert-expired"));
static_assert(!is_known_id("mx.cert-expird"));
static_assert(FindingId("mx.cert-expired").name() == "mx.cert-expired");
static_assert(FindingId("mx.cert-expired").entry().severity == Severity::error);

TEST_CASE("ids read at run time are looked up, unknown ones are nullopt") {
    const std::string typed = "policy.mx-missing";
    REQUIRE(lookup_id(typed).has_value());
    CHECK(lookup_id(typed) == FindingId("policy.mx-missing"));
    CHECK(lookup_id(typed)->entry().id == typed);
    CHECK_FALSE(lookup_id("policy.mx-mising").has_value());
    CHECK_FALSE(lookup_id("").has_value());
    for (const CatalogEntry& entry : catalog()) {
        INFO(entry.id);
        CHECK(&lookup_id(entry.id)->entry() == &entry);
    }
}

TEST_CASE("a finding is listed in its catalog area, a failed lookup in the area its caller names") {
    CHECK(make_finding("sts.record.missing", "_mta-sts.example.com", "").area == Area::record);
    CHECK(make_finding("sts.record.removed-while-cached", "_mta-sts.example.com", "").area == Area::record);
    CHECK(make_finding("policy.id-unchanged", "mta-sts.example.com", "").area == Area::policy);
    CHECK(make_finding("delivery.blocked", "example.com", "").area == Area::mx);
    CHECK(make_finding("sender.line-breaks", "policy", "").area == Area::senders);
    CHECK(make_finding("dns.lookup-failed", "NS example.com (REFUSED)", "").area == Area::dns);
    const Finding lookup = make_finding("dns.lookup-failed", Area::tlsrpt, "TXT _smtp._tls.example.com", "SERVFAIL");
    CHECK(lookup.area == Area::tlsrpt);
    CHECK(lookup.severity == Severity::inconclusive);
    CHECK(lookup.rfc == "RFC 8461 §3.1");
}

TEST_CASE("the history findings (--state) exist with their severities, sections and result types") {
    struct Expected {
        const char* id;
        Severity severity;
        const char* rfc;
        const char* result_type;
    };
    const Expected history[] = {
        {"policy.id-unchanged", Severity::warning, "RFC 8461 §3.1", ""},
        {"policy.id-changed-body-same", Severity::warning, "RFC 8461 §8.1", ""},
        // Error by default (an enforce policy); the evaluator lowers it to warning for testing.
        {"policy.cached-rejects-mx", Severity::error, "RFC 8461 §8.1", "validation-failure"},
        {"sts.record.removed-while-cached", Severity::warning, "RFC 8461 §8.3", ""},
    };
    for (const auto& expected : history) {
        INFO(expected.id);
        const CatalogEntry* entry = find_entry(expected.id);
        REQUIRE(entry != nullptr);
        CHECK(entry->severity == expected.severity);
        CHECK(entry->rfc == expected.rfc);
        CHECK(entry->tlsrpt_result_type == expected.result_type);
        CHECK_FALSE(entry->hint.empty());
    }
}
