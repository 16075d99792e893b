// Hosted setups (RFC 8461 §8.2): mta-sts.D, _mta-sts.D and _smtp._tls.D as CNAMEs to a
// provider. The provider is named, mixed setups are explained, and the certificate and MX
// coverage findings the provider must fix say so.
#include <catch2/catch.hpp>

#include "mtasts/check/evaluate.hpp"
#include "test_check_fixtures.hpp"

using namespace check_fixtures;

namespace {

// example.test with all three names delegated to hoster.test (the lab's kind of names: .test
// is no public suffix the list knows, so the provider is the last two labels).
model::Observation hosted_domain() {
    model::Observation o = good_domain();
    o.policy->cname_chain = {"mta-sts.example-test.hoster.test"};
    o.sts->cname_chain = {"_mta-sts.example-test.hoster.test"};
    o.tlsrpt->cname_chain = {"_smtp._tls.example-test.hoster.test"};
    return o;
}

}  // namespace

TEST_CASE("hosted: three CNAMEs to one provider name it, with no finding") {
    const model::DomainReport report = check::evaluate(hosted_domain());
    REQUIRE(report.hosted);
    CHECK(report.hosted->provider == "hoster.test");
    CHECK(report.hosted->policy_host.name == "mta-sts.example.test");
    CHECK(report.hosted->policy_host.target == "mta-sts.example-test.hoster.test");
    CHECK(report.hosted->sts_record.provider == "hoster.test");
    CHECK(report.hosted->tlsrpt_record.provider == "hoster.test");
    CHECK_FALSE(has(report, "sts.hosted-mixed"));
    CHECK_FALSE(has(report, "sts.hosted-partial"));
    CHECK(report.verdict == model::Verdict::pass);
}

TEST_CASE("hosted: the live check's public suffix list names the provider") {
    model::Observation o = hosted_domain();
    o.policy->cname_chain = {"mta-sts.example.provider.co.uk", "edge.cdn.example"};
    o.sts->cname_chain = {"_mta-sts.example.provider.co.uk"};
    o.tlsrpt->cname_chain = {"_smtp._tls.example.provider.co.uk"};
    for (const char* target : {"mta-sts.example.provider.co.uk", "_mta-sts.example.provider.co.uk", "_smtp._tls.example.provider.co.uk"})
        o.providers[target] = "provider.co.uk";
    const model::DomainReport report = check::evaluate(o);
    REQUIRE(report.hosted);
    CHECK(report.hosted->provider == "provider.co.uk");
    CHECK(report.hosted->policy_host.target == "mta-sts.example.provider.co.uk");  // the first link, not the CDN
    CHECK_FALSE(has(report, "sts.hosted-partial"));
}

TEST_CASE("hosted: no CNAME, or only _smtp._tls.D (a report service), is no hosted setup") {
    CHECK_FALSE(check::evaluate(good_domain()).hosted);
    model::Observation o = good_domain();
    o.tlsrpt->cname_chain = {"_smtp._tls.reports.example"};
    CHECK_FALSE(check::evaluate(o).hosted);
}

TEST_CASE("hosted: _smtp._tls.D not delegated is a partial setup (info)") {
    model::Observation o = hosted_domain();
    o.tlsrpt->cname_chain.clear();
    model::DomainReport report = check::evaluate(o);
    REQUIRE(report.hosted);
    CHECK(report.hosted->provider == "hoster.test");
    CHECK_FALSE(report.hosted->tlsrpt_record.target);
    const model::Finding& partial = first(report, "sts.hosted-partial");
    CHECK(partial.severity == model::Severity::info);
    CHECK_THAT(partial.message, Catch::Contains("_smtp._tls.example.test is the domain's own record"));
    CHECK_FALSE(has(report, "sts.hosted-mixed"));

    o.tlsrpt->records.clear();
    report = check::evaluate(o);
    CHECK_THAT(first(report, "sts.hosted-partial").message, Catch::Contains("_smtp._tls.example.test is not published"));
}

TEST_CASE("hosted: a hosted policy whose _mta-sts record is kept by another party is a warning") {
    model::Observation own_record = hosted_domain();
    own_record.sts->cname_chain.clear();
    model::Observation two_providers = hosted_domain();
    two_providers.sts->cname_chain = {"_mta-sts.example.other.test"};
    for (const model::Observation& o : {own_record, two_providers}) {
        const model::DomainReport report = check::evaluate(o);
        REQUIRE(report.hosted);
        CHECK(report.hosted->provider == "hoster.test");  // who serves the policy
        const model::Finding& mixed = first(report, "sts.hosted-mixed");
        CHECK(mixed.severity == model::Severity::warning);
        CHECK_THAT(mixed.message, Catch::Contains("mta-sts.example.test → mta-sts.example-test.hoster.test (hoster.test)"));
        CHECK_FALSE(has(report, "sts.hosted-partial"));
    }
}

TEST_CASE("hosted: an own policy host with a delegated _mta-sts record is a partial setup (info)") {
    model::Observation o = hosted_domain();
    o.policy->cname_chain.clear();
    const model::DomainReport report = check::evaluate(o);
    REQUIRE(report.hosted);
    CHECK(report.hosted->provider == "hoster.test");  // of _mta-sts.D
    CHECK_THAT(first(report, "sts.hosted-partial").message, Catch::Contains("mta-sts.example.test is the domain's own record"));
    CHECK_FALSE(has(report, "sts.hosted-mixed"));
    CHECK(report.verdict == model::Verdict::pass);
}

TEST_CASE("hosted: a failed lookup of one name says nothing about mixed setups") {
    model::Observation o = hosted_domain();
    o.tlsrpt->cname_chain.clear();
    o.tlsrpt->records.clear();
    o.tlsrpt->failure = model::DnsFailure{"TXT _smtp._tls.example.test", "SERVFAIL"};
    const model::DomainReport report = check::evaluate(o);
    REQUIRE(report.hosted);
    CHECK_FALSE(has(report, "sts.hosted-partial"));
    CHECK_FALSE(has(report, "sts.hosted-mixed"));
}

TEST_CASE("hosted: the provider's certificate lacks mta-sts.D: the provider must add it") {
    model::Observation o = hosted_domain();
    o.policy->fetches.front().cert = good_cert({"mta-sts.hoster.test"});
    const model::DomainReport report = check::evaluate(o);
    const model::Finding& mismatch = first(report, "policy.cert-name-mismatch");
    CHECK(mismatch.severity == model::Severity::error);
    CHECK_THAT(mismatch.message, Catch::Contains("is a CNAME to mta-sts.example-test.hoster.test"));
    CHECK_THAT(mismatch.hint, Catch::Contains("hoster.test must add mta-sts.example.test to the certificate"));
    // Not hosted: the catalog's hint.
    model::Observation own = good_domain();
    own.policy->fetches.front().cert = good_cert({"mta-sts.hoster.test"});
    CHECK_THAT(first(check::evaluate(own), "policy.cert-name-mismatch").hint, Catch::StartsWith("Add mta-sts.DOMAIN"));
}

TEST_CASE("hosted: the provider's policy is stale after an MX change: the fix is at the provider") {
    model::Observation o = hosted_domain();
    o.mx->hosts[1] = mx_host("mx3.example.test", 20, {"127.0.0.14"});  // mx2 replaced by mx3
    const model::DomainReport report = check::evaluate(o);
    const model::Finding& uncovered = first(report, "mx.not-covered");
    CHECK(uncovered.subject == "mx3.example.test");
    CHECK_THAT(uncovered.hint, Catch::Contains("update the MX hosts at hoster.test"));
    CHECK_THAT(first(report, "policy.mx-unused").hint, Catch::Contains("hoster.test still serves the policy"));
    // _mta-sts.D alone delegated: the policy is the domain's own, the catalog's hint stays.
    model::Observation own_policy = o;
    own_policy.policy->cname_chain.clear();
    CHECK_THAT(first(check::evaluate(own_policy), "mx.not-covered").hint, Catch::StartsWith("Add \"mx: HOST\""));
}

TEST_CASE("hosted: a CNAME whose target has no record is dangling, not unpublished") {
    model::Observation o = hosted_domain();
    o.tlsrpt->records.clear();  // _smtp._tls.example-test.hoster.test: NXDOMAIN
    model::DomainReport report = check::evaluate(o);
    const model::Finding& dangling = first(report, "sts.hosted-dangling");
    CHECK(dangling.severity == model::Severity::warning);
    CHECK(dangling.subject == "_smtp._tls.example.test");
    CHECK_THAT(dangling.message, Catch::Contains("_smtp._tls.example.test → _smtp._tls.example-test.hoster.test (hoster.test), "
                                                 "which has no TXT record: hoster.test does not serve it"));
    CHECK(has(report, "tlsrpt.record.missing"));
    CHECK_FALSE(has(report, "sts.hosted-partial"));  // it does point at the provider
    REQUIRE(report.hosted);
    CHECK(report.hosted->tlsrpt_record.target == "_smtp._tls.example-test.hoster.test");

    // The policy host: a CNAME to a name without addresses.
    o = hosted_domain();
    o.policy->host_resolved = false;
    o.policy->fetches.clear();
    report = check::evaluate(o);
    CHECK(first(report, "sts.hosted-dangling").subject == "mta-sts.example.test");
    CHECK_THAT(first(report, "sts.hosted-dangling").message, Catch::Contains("which has no address (A/AAAA)"));
    CHECK(has(report, "policy.host-unresolvable"));
}

TEST_CASE("hosted: a dangling _smtp._tls.D alone (a report service) is named too") {
    model::Observation o = good_domain();
    o.tlsrpt->records.clear();
    o.tlsrpt->cname_chain = {"_smtp._tls.example.reports.test"};
    const model::DomainReport report = check::evaluate(o);
    CHECK_FALSE(report.hosted);
    CHECK_THAT(first(report, "sts.hosted-dangling").message, Catch::Contains("reports.test does not serve it"));
}

TEST_CASE("hosted: a failed lookup at the end of a CNAME, or a name with records, is not dangling") {
    model::Observation failed = hosted_domain();
    failed.tlsrpt->records.clear();
    failed.tlsrpt->failure = model::DnsFailure{"TXT _smtp._tls.example.test", "SERVFAIL"};
    CHECK_FALSE(has(check::evaluate(failed), "sts.hosted-dangling"));
    CHECK_FALSE(has(check::evaluate(hosted_domain()), "sts.hosted-dangling"));
    model::Observation own = good_domain();
    own.tlsrpt->records.clear();  // not published, no CNAME
    CHECK_FALSE(has(check::evaluate(own), "sts.hosted-dangling"));
}
