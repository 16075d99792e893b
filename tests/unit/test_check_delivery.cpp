// What "deliverable" means (a sender with current default TLS settings completes a TLS 1.2+
// handshake, verifies the certificate and gets 250 to the EHLO after TLS), when no policy is in
// force, broad wildcards, and failures of the checker's own host, which are never findings
// about the domain.
#include <catch2/catch.hpp>

#include <algorithm>

#include "mtasts/check/evaluate.hpp"
#include "test_check_fixtures.hpp"

using namespace mtasts;
using namespace mtasts::check;
using namespace mtasts::model;
using namespace check_fixtures;

namespace {

// Every address of every MX host of `o` saw `probe` change as `change` says.
template <typename Change>
void every_address(Observation& o, Change change) {
    for (auto& host : o.mx->hosts)
        for (auto& address : host.addresses) change(*address.probe);
}

bool any_error(const model::DomainReport& report) {
    return std::ranges::any_of(report.findings, [](const model::Finding& f) { return f.severity == model::Severity::error; });
}

}  // namespace

TEST_CASE("an MX that speaks only TLS 1.0 or 1.1 is not deliverable for a current sender") {
    auto o = good_domain();
    for (const char* version : {"TLSv1", "TLSv1.1"}) {
        INFO(version);
        every_address(o, [&](ProbeObservation& probe) { probe.tls_version = version; });
        const auto report = evaluate(o);
        const auto& finding = first(report, "mx.tls-version-too-old");
        CHECK(finding.severity == model::Severity::error);
        CHECK(finding.message.find("TLS 1.2 or newer") != std::string::npos);
        CHECK(finding.message.find(std::string("offers only ") + version) != std::string::npos);
        CHECK(finding.tlsrpt_result_type == "validation-failure");
        CHECK(has(report, "mx.tls-version-old"));  // the protocol finding stays (docs/findings.md)
        CHECK(report.mx[0].deliverable_under_policy == false);
        CHECK(report.mx[1].deliverable_under_policy == false);
        CHECK(has(report, "delivery.blocked"));
        CHECK(report.verdict == model::Verdict::fail);
    }
}

TEST_CASE("TLS 1.2 is new enough, and one old address among good ones leaves the host deliverable") {
    auto o = good_domain();
    SECTION("TLS 1.2 everywhere") {
        every_address(o, [](ProbeObservation& probe) { probe.tls_version = "TLSv1.2"; });
        const auto report = evaluate(o);
        CHECK_FALSE(has(report, "mx.tls-version-too-old"));
        CHECK(report.mx[0].deliverable_under_policy == true);
    }
    SECTION("one TLS 1.0 address of mx1") {
        o.mx->hosts[0].addresses[0].probe->tls_version = "TLSv1";
        const auto report = evaluate(o);
        CHECK(first(report, "mx.tls-version-too-old").subject == "mx1.example.test [127.0.0.11]");
        CHECK(report.mx[0].deliverable_under_policy == true);
        CHECK_FALSE(has(report, "delivery.blocked"));
    }
}

TEST_CASE("a TLS 1.0-only MX under testing mode is a warning, as every MX TLS failure is there") {
    auto o = good_domain();
    o.policy = served_policy("example.test", "version: STSv1\r\nmode: testing\r\nmx: *.example.test\r\nmax_age: 604800\r\n");
    every_address(o, [](ProbeObservation& probe) { probe.tls_version = "TLSv1"; });
    const auto report = evaluate(o);
    CHECK(first(report, "mx.tls-version-too-old").severity == model::Severity::warning);
    CHECK_FALSE(has(report, "delivery.blocked"));
}

TEST_CASE("the EHLO after TLS must be answered 250 (RFC 3207 §4.2)") {
    auto o = good_domain();
    SECTION("421 after TLS on every address: an error, nothing deliverable") {
        every_address(o, [](ProbeObservation& probe) {
            probe.after_tls_error = model::NetError{model::NetErrorKind::smtp_reply, "421 4.7.0 lab.test closing"};
        });
        const auto report = evaluate(o);
        const auto& finding = first(report, "mx.ehlo-after-tls-failed");
        CHECK(finding.severity == model::Severity::error);
        CHECK(finding.message.find("421 4.7.0") != std::string::npos);
        CHECK(report.mx[0].deliverable_under_policy == false);
        CHECK(report.mx[0].addresses[0].error == "EHLO after TLS: 421 4.7.0 lab.test closing");
        CHECK(has(report, "delivery.blocked"));
        CHECK_FALSE(has(report, "mx.smtp-error"));
    }
    SECTION("the connection closed right after the handshake") {
        o.mx->hosts[1].addresses[0].probe->after_tls_error = model::NetError{model::NetErrorKind::closed_early, "connection closed after TLS"};
        o.mx->hosts[1].addresses[1].probe->after_tls_error = model::NetError{model::NetErrorKind::closed_early, "connection closed after TLS"};
        const auto report = evaluate(o);
        CHECK(first(report, "mx.ehlo-after-tls-failed").message.find("closes the connection") != std::string::npos);
        CHECK(report.mx[0].deliverable_under_policy == true);
        CHECK(report.mx[1].deliverable_under_policy == false);
        CHECK_FALSE(has(report, "delivery.blocked"));
        CHECK(report.verdict == model::Verdict::fail);
    }
    SECTION("no answer before the timeout: inconclusive, deliverability unknown") {
        every_address(o, [](ProbeObservation& probe) {
            probe.after_tls_error = model::NetError{model::NetErrorKind::timeout, "no EHLO reply after TLS within the time limit"};
        });
        const auto report = evaluate(o);
        CHECK(first(report, "mx.ehlo-after-tls-timeout").severity == model::Severity::inconclusive);
        CHECK_FALSE(has(report, "mx.ehlo-after-tls-failed"));
        CHECK_FALSE(report.mx[0].deliverable_under_policy.has_value());
        CHECK_FALSE(has(report, "delivery.blocked"));
        CHECK(report.verdict == model::Verdict::incomplete);
    }
    SECTION("a timeout on one address, 250 on the other: the host is deliverable") {
        o.mx->hosts[0].addresses[0].probe->after_tls_error = model::NetError{model::NetErrorKind::timeout, "no EHLO reply"};
        CHECK(evaluate(o).mx[0].deliverable_under_policy == true);
    }
}

TEST_CASE("an invalid policy is in force for no sender: coverage and delivery are unknown") {
    auto o = good_domain();
    SECTION("no mx line") {
        o.policy = served_policy("example.test", "version: STSv1\r\nmode: enforce\r\nmax_age: 604800\r\n");
        const auto report = evaluate(o);
        CHECK(has(report, "policy.mx-missing"));
        CHECK_FALSE(has(report, "mx.not-covered"));
        CHECK_FALSE(has(report, "delivery.blocked"));
        for (const auto& host : report.mx) {
            CHECK_FALSE(host.covered_by_policy.has_value());
            CHECK_FALSE(host.deliverable_under_policy.has_value());
        }
    }
    SECTION("a broken max_age") {
        o.policy = served_policy("example.test", "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmax_age: soon\r\n");
        const auto report = evaluate(o);
        CHECK(has(report, "policy.max-age-invalid"));
        CHECK_FALSE(has(report, "mx.not-covered"));  // mx2 is outside the patterns, but nothing applies them
        CHECK_FALSE(report.mx[1].deliverable_under_policy.has_value());
    }
    SECTION("a valid policy stays in force: the check above is not vacuous") {
        o.policy = served_policy("example.test", "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmax_age: 604800\r\n");
        const auto report = evaluate(o);
        CHECK(has(report, "mx.not-covered"));
        CHECK(report.mx[1].deliverable_under_policy == false);
    }
}

TEST_CASE("*.TLD is a valid, broad pattern: it covers one label under the TLD, with a warning") {
    auto o = good_domain();
    o.domain = "foo.test";
    o.policy = served_policy("foo.test", "version: STSv1\r\nmode: enforce\r\nmx: *.test\r\nmax_age: 604800\r\n");
    o.mx->hosts = {mx_host("foo.test", 10, {"127.0.0.11"}), mx_host("mx.foo.test", 20, {"127.0.0.12"})};
    const auto report = evaluate(o);
    CHECK_FALSE(has(report, "policy.mx-invalid"));
    const auto& broad = first(report, "policy.mx-wildcard-broad");
    CHECK(broad.severity == model::Severity::warning);
    CHECK(broad.message.find("top-level domain") != std::string::npos);
    CHECK(report.mx[0].covered_by_policy == true);   // foo.test: one label under test
    CHECK(report.mx[1].covered_by_policy == false);  // mx.foo.test: two labels
    CHECK(report.mx[0].deliverable_under_policy == true);
}

TEST_CASE("a wildcard over the domain's own zone stays a note") {
    auto o = good_domain();
    o.policy = served_policy("example.test", "version: STSv1\r\nmode: enforce\r\nmx: *.example.test\r\nmax_age: 604800\r\n");
    CHECK(first(evaluate(o), "policy.mx-wildcard-broad").severity == model::Severity::info);
}

TEST_CASE("a host whose every address -4/-6 excludes is inconclusive, never 'no address'") {
    auto o = good_domain();
    SECTION("the policy host") {
        o.policy->fetches.clear();
        o.policy->host_resolved = false;
        o.policy->family_excluded = "-6 excludes its IPv4 addresses";
        const auto report = evaluate(o);
        CHECK_FALSE(has(report, "policy.host-unresolvable"));
        const auto& finding = first(report, "local.family-excluded");
        CHECK(finding.severity == model::Severity::inconclusive);
        CHECK(finding.message.find("-6 excludes its IPv4 addresses") != std::string::npos);
        CHECK_FALSE(report.mx[0].deliverable_under_policy.has_value());
        CHECK_FALSE(any_error(report));
        CHECK(report.verdict == model::Verdict::incomplete);
    }
    SECTION("an MX host") {
        o.mx->hosts[1].addresses.clear();
        o.mx->hosts[1].family_excluded = "-4 excludes its IPv6 addresses";
        const auto report = evaluate(o);
        CHECK_FALSE(has(report, "mx.unresolvable"));
        CHECK(first(report, "local.family-excluded").subject == "mx2.example.test");
        CHECK_FALSE(report.mx[1].deliverable_under_policy.has_value());
        CHECK(report.mx[0].deliverable_under_policy == true);
        CHECK(report.verdict == model::Verdict::incomplete);
    }
    SECTION("an implicit MX") {
        o.mx->implicit = true;
        o.mx->hosts = {MxHostObservation{"example.test", std::nullopt, {}, true, std::nullopt}};
        o.mx->hosts[0].family_excluded = "-6 excludes its IPv4 addresses";
        o.policy = served_policy("example.test", "version: STSv1\r\nmode: enforce\r\nmx: example.test\r\nmax_age: 604800\r\n");
        const auto report = evaluate(o);
        CHECK_FALSE(has(report, "mx.none"));
        CHECK(has(report, "local.family-excluded"));
        CHECK_FALSE(any_error(report));
    }
}

TEST_CASE("failures of this host are inconclusive and name the local cause") {
    auto o = good_domain();
    const std::string cause = "this host: too many open files (EMFILE)";
    SECTION("every SMTP probe") {
        every_address(o, [&](ProbeObservation& probe) { probe = ProbeObservation{model::NetError{model::NetErrorKind::local_failure, cause}, false, {}, {}, {}, {}}; });
        const auto report = evaluate(o);
        CHECK(first(report, "local.failure").message.find("too many open files") != std::string::npos);
        CHECK_FALSE(has(report, "mx.smtp-error"));
        CHECK_FALSE(has(report, "mx.probe-inconclusive"));
        CHECK_FALSE(has(report, "delivery.blocked"));
        CHECK_FALSE(report.mx[0].deliverable_under_policy.has_value());
        CHECK(report.verdict == model::Verdict::incomplete);
    }
    SECTION("one SMTP probe, the other address of the host works") {
        o.mx->hosts[0].addresses[0].probe = ProbeObservation{model::NetError{model::NetErrorKind::local_failure, cause}, false, {}, {}, {}, {}};
        const auto report = evaluate(o);
        CHECK(first(report, "local.failure").subject == "mx1.example.test [127.0.0.11]");
        CHECK(report.mx[0].deliverable_under_policy == true);
        CHECK_FALSE(has(report, "mx.unreachable"));
    }
    SECTION("the policy fetch") {
        o.policy->fetches.front() = PolicyFetch{};
        o.policy->fetches.front().ip = "127.0.0.10";
        o.policy->fetches.front().error = model::NetError{model::NetErrorKind::local_failure, cause};
        const auto report = evaluate(o);
        CHECK(first(report, "local.failure").message.find("EMFILE") != std::string::npos);
        CHECK_FALSE(has(report, "policy.fetch-failed"));
        CHECK_FALSE(report.mx[0].deliverable_under_policy.has_value());
        CHECK_FALSE(any_error(report));
    }
    SECTION("a DNS lookup") {
        o.mx->hosts[1].addresses.clear();
        o.mx->hosts[1].address_failure = DnsFailure{"A/AAAA mx2.example.test", cause, true};
        const auto report = evaluate(o);
        CHECK(first(report, "local.failure").subject == "A/AAAA mx2.example.test");
        CHECK_FALSE(has(report, "dns.lookup-failed"));
        CHECK_FALSE(report.mx[1].deliverable_under_policy.has_value());
    }
    SECTION("a refused connection is still the MX's: the local class is not a catch-all") {
        o.mx->hosts[0].addresses[0].probe = ProbeObservation{model::NetError{model::NetErrorKind::connect_refused, "Connection refused"}, false, {}, {}, {}, {}};
        const auto report = evaluate(o);
        CHECK(has(report, "mx.unreachable"));
        CHECK_FALSE(has(report, "local.failure"));
    }
}

TEST_CASE("a certificate that names the MX only through a partial-label wildcard is refused (RFC 9525 §6.3)") {
    auto o = good_domain();
    // Postfix (OpenSSL with X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS) defers such mail: the lab's
    // real sender does, so the checker must not call the MX deliverable.
    every_address(o, [](ProbeObservation& probe) { probe.cert->san = {"mx*.example.test"}; });
    const auto report = evaluate(o);
    const auto& finding = first(report, "mx.cert-wildcard-partial");
    CHECK(finding.severity == model::Severity::error);
    CHECK(finding.tlsrpt_result_type == "certificate-host-mismatch");
    CHECK_FALSE(has(report, "mx.cert-name-mismatch"));
    CHECK(report.mx[0].deliverable_under_policy == false);
    CHECK(has(report, "delivery.blocked"));
}
