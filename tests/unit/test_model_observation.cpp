// The observation vocabulary: how a network failure is worded, when a DNS error is "no record"
// and when it is a failed lookup, and what an untrustworthy resolver's negative answers become.
#include <catch2/catch.hpp>

#include "mtasts/model/observation.hpp"

using namespace mtasts::model;

TEST_CASE("NXDOMAIN and NODATA are no record, the other DNS errors are failed lookups") {
    CHECK_FALSE(dns_failure("TXT _mta-sts.example.test", {NetErrorKind::dns_nxdomain, "NXDOMAIN"}));
    CHECK_FALSE(dns_failure("TXT _mta-sts.example.test", {NetErrorKind::dns_nodata, ""}));
    const auto servfail = dns_failure("TXT _mta-sts.example.test", {NetErrorKind::dns_servfail, "SERVFAIL"});
    REQUIRE(servfail);
    CHECK(servfail->query == "TXT _mta-sts.example.test");
    CHECK(servfail->reason == "SERVFAIL (SERVFAIL)");
    CHECK_FALSE(servfail->local);
    CHECK(dns_failure("MX example.test", {NetErrorKind::dns_timeout, ""})->reason == "timed out");
    CHECK(dns_failure("MX example.test", {NetErrorKind::dns_other, "malformed DNS answer"})->reason ==
          "dns_other (malformed DNS answer)");
    const auto local = dns_failure("MX example.test", {NetErrorKind::local_failure, "no file descriptor left (EMFILE)"});
    REQUIRE(local);
    CHECK(local->local);
    CHECK(local->reason == "no file descriptor left (EMFILE)");
}

TEST_CASE("one kind, worded for what was being done") {
    CHECK(describe(NetErrorKind::connect_refused, NetExchange::policy_fetch) == "connection refused");
    CHECK(describe(NetErrorKind::connect_refused, NetExchange::smtp_session) == "connection refused");
    CHECK(describe(NetErrorKind::tls_handshake_failed, NetExchange::policy_fetch) == "TLS handshake failed");
    CHECK(describe(NetErrorKind::tls_handshake_failed, NetExchange::smtp_session) == "the TLS handshake failed");
    CHECK(describe(NetErrorKind::tls_version_too_old, NetExchange::policy_fetch) == "only TLS below 1.2 is offered");
    CHECK(describe(NetErrorKind::http_protocol, NetExchange::policy_fetch) == "failed");
    CHECK(describe(NetErrorKind::starttls_refused, NetExchange::smtp_session) == "STARTTLS was refused");
    CHECK(failed_with(NetError{NetErrorKind::timeout, ""}, NetErrorKind::timeout));
    CHECK_FALSE(failed_with(std::nullopt, NetErrorKind::timeout));
}

TEST_CASE("a resolver whose negative answers cannot be trusted: every \"no record\" becomes unknown") {
    Observation o;
    o.domain = "example.test";
    o.sts = TxtObservation{"_mta-sts.example.test", {}, {}, std::nullopt, std::nullopt};
    o.tlsrpt = TxtObservation{"_smtp._tls.example.test", {"v=TLSRPTv1; rua=mailto:r@example.test"}, {}, std::nullopt, 300u};
    o.policy = PolicyObservation{};
    o.policy->host = "mta-sts.example.test";
    o.policy->host_resolved = false;
    o.rua_destinations.push_back({"mailto:r@example.test", RuaKind::mail, "example.test", false, false, std::nullopt});
    o.mx = MxObservation{};
    MxHostObservation host{"mx.example.test", 10, {}, true, std::nullopt};
    host.tlsa = TlsaObservation{};
    host.tlsa->name = "_25._tcp.mx.example.test";
    o.mx->hosts.push_back(host);

    distrust_negative_answers(o, "the resolver denies the root");
    REQUIRE(o.sts->failure);
    CHECK(o.sts->failure->query == "TXT _mta-sts.example.test");
    CHECK(o.sts->failure->reason == "the resolver denies the root");
    CHECK_FALSE(o.tlsrpt->failure);  // a record was found: a positive answer stands
    CHECK(o.policy->address_failure->query == "A/AAAA mta-sts.example.test");
    CHECK(o.rua_destinations[0].failure->query == "MX example.test");
    CHECK(o.mx->hosts[0].address_failure->query == "A/AAAA mx.example.test");
    CHECK(o.mx->hosts[0].tlsa->failure->query == "TLSA _25._tcp.mx.example.test");

    SECTION("an implicit MX came from a negative MX answer: the MX lookup itself is unknown") {
        Observation implicit;
        implicit.domain = "example.test";
        implicit.mx = MxObservation{};
        implicit.mx->implicit = true;
        implicit.mx->hosts.push_back({"example.test", std::nullopt, {}, true, std::nullopt});
        distrust_negative_answers(implicit, "untrusted");
        REQUIRE(implicit.mx->failure);
        CHECK(implicit.mx->failure->query == "MX example.test");
        CHECK(implicit.mx->hosts.empty());
    }
}
