// Real senders: the models of postfix-mta-sts-resolver and mailauth, and the departures from the
// RFC 8461 reading the evaluator reports (sender.* findings, report.sender_differences). The lab
// test tests/lab/test_sender_models.py runs the real implementations on the same cases.
#include <catch2/catch.hpp>

#include <algorithm>

#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/sender_models.hpp"
#include "test_check_fixtures.hpp"

using namespace mtasts;
using namespace mtasts::check;
using namespace mtasts::model;
using namespace check_fixtures;
namespace senders = mtasts::check::senders;

namespace {

const std::string k_good_body = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmx: mx2.example.test\r\nmax_age: 604800\r\n";

ProbeObservation probe_with(std::vector<std::string> sans) {
    ProbeObservation probe;
    probe.starttls_offered = true;
    probe.tls_version = "TLSv1.3";
    probe.cert = good_cert(std::move(sans));
    return probe;
}

MxHostObservation host(const std::string& name, int preference, std::vector<std::string> sans = {}) {
    MxHostObservation observed;
    observed.host = name;
    observed.preference = preference;
    observed.addresses.push_back({"127.0.0." + std::to_string(10 + preference), probe_with(sans.empty() ? std::vector{name} : sans),
                                  std::nullopt, std::nullopt});
    return observed;
}

Observation domain(const std::string& body, const std::string& record = "v=STSv1; id=20260101") {
    Observation o;
    o.domain = "example.test";
    o.now = k_now;
    o.sts = TxtObservation{"_mta-sts.example.test", {record}, {}, {}, 3600};
    o.policy = served_policy("example.test", body);
    MxObservation mx;
    mx.hosts.push_back(host("mx1.example.test", 10));
    mx.hosts.push_back(host("mx2.example.test", 20));
    o.mx = mx;
    return o;
}

std::vector<const model::SenderDifference*> rows_of(const model::DomainReport& report, std::string_view implementation) {
    std::vector<const model::SenderDifference*> rows;
    for (const auto& row : report.sender_differences) {
        if (row.implementation == implementation) rows.push_back(&row);
    }
    return rows;
}

const model::Finding* finding(const model::DomainReport& report, std::string_view id, std::string_view implementation) {
    auto found = std::ranges::find_if(report.findings, [&](const model::Finding& f) {
        return f.id == id && f.message.starts_with(implementation);
    });
    return found == report.findings.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("senders: a clean domain has no sender differences") {
    const auto report = evaluate(domain(k_good_body));
    CHECK(report.sender_differences.empty());
    CHECK(std::ranges::none_of(report.findings, [](const model::Finding& f) { return f.id.starts_with("sender."); }));
}

TEST_CASE("senders: a domain without MTA-STS has none either") {
    Observation o = domain(k_good_body, "v=spf1 -all");
    o.policy->fetches.clear();
    CHECK(evaluate(o).sender_differences.empty());
}

TEST_CASE("senders: a repeated mode is read last-wins by both implementations") {
    const std::string body = "version: STSv1\nmode: testing\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n";
    SECTION("only acceptance differs while every MX passes: info") {
        Observation o = domain(body);
        o.mx->hosts.pop_back();
        const auto report = evaluate(o);
        for (auto implementation : {senders::k_postfix_resolver, senders::k_mailauth}) {
            const auto rows = rows_of(report, implementation);
            REQUIRE(rows.size() == 1);
            CHECK_FALSE(rows[0]->mx.has_value());
            CHECK(rows[0]->rfc_outcome == "mode testing, max_age 86400, mx mx1.example.test");
            CHECK(rows[0]->implementation_outcome == "mode enforce, max_age 86400, mx mx1.example.test");
            const auto* f = finding(report, "sender.duplicate-field", implementation);
            REQUIRE(f != nullptr);
            CHECK(f->severity == model::Severity::info);
        }
    }
    SECTION("an MX the policy misses is refused only by the implementations: warning") {
        const auto report = evaluate(domain(body));  // mx2 is not covered
        const auto* f = finding(report, "sender.duplicate-field", senders::k_postfix_resolver);
        REQUIRE(f != nullptr);
        CHECK(f->severity == model::Severity::warning);
    }
}

TEST_CASE("senders: a repeated id in the record") {
    const auto report = evaluate(domain(k_good_body, "v=STSv1; id=first; id=second"));
    for (auto implementation : {senders::k_postfix_resolver, senders::k_mailauth}) {
        const auto rows = rows_of(report, implementation);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]->rfc_outcome == "id first");
        CHECK(rows[0]->implementation_outcome == "id second");
    }
}

TEST_CASE("senders: postfix-mta-sts-resolver splits lines at a bare CR") {
    const std::string body = "version: STSv1\nmode: enforce\nmx: mx1.example.test\rmx: mx2.example.test\nmax_age: 604800\n";
    const auto report = evaluate(domain(body));
    const auto postfix = rows_of(report, senders::k_postfix_resolver);
    REQUIRE(postfix.size() == 1);
    CHECK(postfix[0]->rfc_outcome.starts_with("no policy"));
    CHECK(postfix[0]->implementation_outcome == "mode enforce, max_age 604800, mx mx1.example.test mx2.example.test");
    REQUIRE(finding(report, "sender.line-breaks", senders::k_postfix_resolver) != nullptr);
    // mailauth keeps the CR inside one mx value: a pattern that matches no MX, so it refuses both.
    const auto mailauth = rows_of(report, senders::k_mailauth);
    REQUIRE(mailauth.size() == 1);
    CHECK(mailauth[0]->implementation_outcome == "mode enforce, max_age 604800, mx mx1.example.test\rmx: mx2.example.test");
    const auto* f = finding(report, "sender.policy-lenient", senders::k_mailauth);
    REQUIRE(f != nullptr);
    CHECK(f->severity == model::Severity::warning);
}

TEST_CASE("senders: an id of any characters or length is taken") {
    for (std::string record : {"v=STSv1; id=2024-05-01", "v=STSv1; id=0123456789012345678901234567890123456789"}) {
        CAPTURE(record);
        const auto report = evaluate(domain(k_good_body, record));
        CHECK(rows_of(report, senders::k_postfix_resolver).size() == 1);
        CHECK(rows_of(report, senders::k_mailauth).size() == 1);
        CHECK(finding(report, "sender.id-unchecked", senders::k_postfix_resolver) != nullptr);
        CHECK(finding(report, "sender.id-unchecked", senders::k_mailauth) != nullptr);
    }
}

TEST_CASE("senders: mailauth reads the record as DKIM tags") {
    const auto report = evaluate(domain(k_good_body, "v=STSv1; ID=20260101"));
    CHECK(rows_of(report, senders::k_postfix_resolver).empty());
    CHECK(finding(report, "sender.record-lenient", senders::k_mailauth) != nullptr);
}

TEST_CASE("senders: a wildcard covers deeper hosts for both implementations") {
    Observation o = domain("version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 604800\n");
    o.mx->hosts = {host("mx1.example.test", 10), host("a.b.example.test", 20)};
    const auto report = evaluate(o);
    for (auto implementation : {senders::k_postfix_resolver, senders::k_mailauth}) {
        const auto rows = rows_of(report, implementation);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]->mx == "a.b.example.test");
        CHECK(rows[0]->rfc_outcome.starts_with("refuses"));
        CHECK(rows[0]->implementation_outcome == "delivers");
        CHECK(finding(report, "sender.wildcard-depth", implementation) != nullptr);
    }
}

TEST_CASE("senders: Postfix checks the certificate names, not the MX host name") {
    SECTION("a certificate naming another covered host") {
        Observation o = domain(k_good_body);
        o.mx->hosts[1] = host("mx2.example.test", 20, {"mx1.example.test"});
        const auto report = evaluate(o);
        const auto rows = rows_of(report, senders::k_postfix_resolver);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]->mx == "mx2.example.test");
        CHECK(rows[0]->rfc_outcome == "refuses");
        CHECK(rows[0]->implementation_outcome == "delivers");
        CHECK(finding(report, "sender.cert-names-not-mx", senders::k_postfix_resolver) != nullptr);
        CHECK(rows_of(report, senders::k_mailauth).empty());
    }
    SECTION("an MX host no pattern covers, with a certificate for a covered name") {
        Observation o = domain(k_good_body);
        o.mx->hosts[1] = host("backup.other.test", 20, {"mx2.example.test"});
        const auto report = evaluate(o);
        const auto rows = rows_of(report, senders::k_postfix_resolver);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0]->mx == "backup.other.test");
    }
}

TEST_CASE("senders: what mailauth does not check on the HTTP answer") {
    SECTION("Content-Type") {
        Observation o = domain(k_good_body);
        o.policy->fetches[0].content_type = "text/html";
        const auto report = evaluate(o);
        CHECK(finding(report, "sender.content-type-unchecked", senders::k_mailauth) != nullptr);
        CHECK(rows_of(report, senders::k_postfix_resolver).empty());
    }
    SECTION("a 2xx status other than 200") {
        Observation o = domain(k_good_body);
        o.policy->fetches[0].status = 203;
        CHECK(finding(evaluate(o), "sender.http-status-lenient", senders::k_mailauth) != nullptr);
    }
    SECTION("the size") {
        Observation o = domain(k_good_body);
        o.policy->fetches[0].too_large = true;
        o.policy->fetches[0].body_bytes = 10'000'000;
        CHECK(finding(evaluate(o), "sender.size-unchecked", senders::k_mailauth) != nullptr);
    }
}

TEST_CASE("senders: postfix-mta-sts-resolver decodes the body as ASCII without a charset") {
    const std::string body = k_good_body + "note: caf\xC3\xA9\r\n";
    Observation o = domain(body);
    CHECK(finding(evaluate(o), "sender.charset-strict", senders::k_postfix_resolver) != nullptr);
    o.policy->fetches[0].content_type = "text/plain; charset=utf-8";
    CHECK(evaluate(o).sender_differences.empty());
}

TEST_CASE("senders: lines the RFC rejects and the implementations skip") {
    const std::string body = "version: STSv1\nmode: enforce\n\nmx: mx1.example.test\nmx: mx2.example.test\nmax_age: 604800\n";
    const auto report = evaluate(domain(body));
    CHECK(finding(report, "sender.policy-lenient", senders::k_postfix_resolver) != nullptr);
    CHECK(finding(report, "sender.policy-lenient", senders::k_mailauth) != nullptr);
}

TEST_CASE("senders: the postfix-mta-sts-resolver model") {
    const std::vector<std::string> record{"v=STSv1; id=abc"};
    senders::HttpAnswer answer{200, "text/plain", "version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: +86_400\n", false};
    const auto policy = senders::postfix_resolver_policy(record, &answer);
    REQUIRE(policy.found);
    CHECK(policy.max_age == 86400);
    CHECK(senders::postfix_match_list(policy.mx) == std::vector<std::string>{".example.test"});
    CHECK(senders::postfix_secure_match({".example.test"}, std::vector<std::string>{"a.b.example.test"}));
    CHECK_FALSE(senders::postfix_secure_match({".example.test"}, std::vector<std::string>{"example.test"}));
    CHECK(senders::postfix_secure_match({"mx.example.test"}, std::vector<std::string>{"*.example.test"}));
    CHECK_FALSE(senders::postfix_secure_match({"a.mx.example.test"}, std::vector<std::string>{"*.example.test"}));
    // An IP address among the patterns fails every certificate; without a DNS name the CN counts.
    CHECK_FALSE(senders::postfix_secure_match({"mx.example.test", "127.0.0.1"}, std::vector<std::string>{"mx.example.test"}));
    CHECK(senders::postfix_cert_names({}, "CN=mx.example.test,O=Lab") == std::vector<std::string>{"mx.example.test"});
    CHECK(senders::postfix_cert_names(std::vector<std::string>{"a.test"}, "CN=b.test") == std::vector<std::string>{"a.test"});
    answer.content_type = std::nullopt;
    CHECK_FALSE(senders::postfix_resolver_policy(record, &answer).found);
    CHECK_FALSE(senders::postfix_resolver_record_id(std::vector<std::string>{"v=STSv1; id=a", "v=STSv1; id=b"}));
}

TEST_CASE("senders: the mailauth model") {
    CHECK(senders::mailauth_record_id(std::vector<std::string>{"v=stsv1; id = abc (comment)"}) == "abc");
    CHECK_FALSE(senders::mailauth_record_id(std::vector<std::string>{"v=STSv10; id=abc"}));
    // parsePolicy lower-cases keys and the mode, and reads max_age with Number().
    senders::HttpAnswer answer{404, std::nullopt, "Version: STSv1\nMODE: Enforce\nmax_age: 1e5\nMX: MX.example.test\n", false};
    CHECK_FALSE(senders::mailauth_policy(std::vector<std::string>{"v=STSv1; id=a"}, &answer).found);
    answer.status = 206;
    const auto lenient = senders::mailauth_policy(std::vector<std::string>{"v=STSv1; id=a"}, &answer);
    REQUIRE(lenient.found);
    CHECK(lenient.mode == "enforce");
    CHECK(lenient.max_age == 100000);
    CHECK(lenient.mx == std::vector<std::string>{"mx.example.test"});
    CHECK(senders::mailauth_mx_matches("a.b.example.test", {"*.example.test"}));
    CHECK_FALSE(senders::mailauth_mx_matches("badexample.test", {"*.example.test"}));
}
