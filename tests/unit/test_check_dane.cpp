// DANE findings of the evaluator from plain observations (RFC 7672; docs/rfc-rules.md I1, I2, I4):
// one MX host with two addresses, TLSA records secure or not, matching or not.
#include <catch2/catch.hpp>

#include <algorithm>

#include "mtasts/check/evaluate.hpp"
#include "test_dane_fixture.hpp"

using namespace mtasts;
using namespace mtasts::check;
using namespace mtasts::model;
using dane_fixture::bytes;

namespace {

const model::TlsaRecord k_leaf_3_1_1{3, 1, 1, bytes(dane_fixture::k_leaf_spki_sha256)};
const model::TlsaRecord k_wrong_3_1_1{3, 1, 1, bytes("00112233")};
const model::TlsaRecord k_pkix_1_1_1{1, 1, 1, bytes(dane_fixture::k_leaf_spki_sha256)};

// The chain every address serves: the fixture leaf (digests only) and its CA.
ProbeObservation probe() {
    ProbeObservation p;
    p.starttls_offered = true;
    p.tls_version = "TLSv1.3";
    model::ChainCertificate leaf;
    leaf.cert_der = bytes("3082");
    leaf.spki_der = bytes("3059");
    leaf.cert_sha256 = bytes(dane_fixture::k_leaf_cert_sha256);
    leaf.spki_sha256 = bytes(dane_fixture::k_leaf_spki_sha256);
    p.chain = {leaf};
    return p;
}

// mx.dane.test with two probed addresses and the given TLSA answer; no MTA-STS at all.
Observation observation(std::optional<TlsaObservation> tlsa) {
    Observation o;
    o.domain = "dane.test";
    MxHostObservation host;
    host.host = "mx.dane.test";
    host.preference = 10;
    host.addresses = {{"127.0.0.1", probe()}, {"::1", probe()}};
    host.tlsa = std::move(tlsa);
    o.mx = MxObservation{};
    o.mx->hosts.push_back(host);
    return o;
}

std::vector<std::string> dane_ids(const model::DomainReport& report) {
    std::vector<std::string> ids;
    for (const auto& f : report.findings)
        if (f.id.starts_with("mx.dane")) ids.push_back(f.id);
    return ids;
}

}  // namespace

TEST_CASE("secure TLSA matching the certificate: DANE is active (info)") {
    const auto report = evaluate(observation(TlsaObservation{{k_leaf_3_1_1}, true, std::nullopt}));
    CHECK(dane_ids(report) == std::vector<std::string>{"mx.dane-active"});
    REQUIRE(report.mx.size() == 1);
    REQUIRE(report.mx[0].dane);
    CHECK(report.mx[0].dane->secure);
    CHECK(report.mx[0].dane->active);
    CHECK(report.mx[0].addresses[0].dane_match == true);
    CHECK(report.mx[0].addresses[1].dane_match == true);
}

TEST_CASE("secure TLSA matching no certificate: an error per address, whatever MTA-STS says (I1)") {
    const auto report = evaluate(observation(TlsaObservation{{k_wrong_3_1_1}, true, std::nullopt}));
    CHECK(dane_ids(report) == std::vector<std::string>{"mx.dane-mismatch", "mx.dane-mismatch"});
    CHECK(report.findings.front().subject == "mx.dane.test [127.0.0.1]");
    CHECK(report.findings.front().tlsrpt_result_type == std::optional<std::string>("tlsa-invalid"));
    CHECK(report.verdict == model::Verdict::fail);
    CHECK(report.mx[0].addresses[0].dane_match == false);
}

TEST_CASE("one matching record among wrong ones is enough") {
    const auto report = evaluate(observation(TlsaObservation{{k_wrong_3_1_1, k_leaf_3_1_1}, true, std::nullopt}));
    CHECK(dane_ids(report) == std::vector<std::string>{"mx.dane-active"});
}

TEST_CASE("TLSA without DNSSEC validation is ignored by senders: info only, even when wrong (I2)") {
    const auto report = evaluate(observation(TlsaObservation{{k_wrong_3_1_1, k_pkix_1_1_1}, false, std::nullopt}));
    CHECK(dane_ids(report) == std::vector<std::string>{"mx.dane-insecure"});
    CHECK(report.mx[0].dane->active == false);
    CHECK_FALSE(report.mx[0].addresses[0].dane_match.has_value());
    CHECK(report.verdict == model::Verdict::pass);
}

TEST_CASE("PKIX usages are unusable for SMTP: a warning, and no match is attempted (I4)") {
    const auto only_pkix = evaluate(observation(TlsaObservation{{k_pkix_1_1_1}, true, std::nullopt}));
    CHECK(dane_ids(only_pkix) == std::vector<std::string>{"mx.dane-usage-pkix"});
    CHECK(only_pkix.mx[0].dane->active == false);
    CHECK_FALSE(only_pkix.mx[0].addresses[0].dane_match.has_value());
    const auto mixed = evaluate(observation(TlsaObservation{{k_pkix_1_1_1, k_leaf_3_1_1}, true, std::nullopt}));
    CHECK(dane_ids(mixed) == std::vector<std::string>{"mx.dane-usage-pkix", "mx.dane-active"});
}

TEST_CASE("no TLSA, a failed TLSA lookup, or no lookup: nothing about DANE and never incomplete") {
    for (const auto& tlsa : {std::optional<TlsaObservation>{}, std::optional<TlsaObservation>{TlsaObservation{}},
                             std::optional<TlsaObservation>{TlsaObservation{{}, false, DnsFailure{"TLSA _25._tcp.mx.dane.test", "SERVFAIL"}}}}) {
        const auto report = evaluate(observation(tlsa));
        CHECK(dane_ids(report).empty());
        CHECK_FALSE(report.mx[0].dane.has_value());
        CHECK(report.verdict == model::Verdict::pass);
    }
}

TEST_CASE("DANE in use without a TLS-RPT record at _smtp._tls.<mx host>: info (I6), unknown or not looked up: nothing") {
    const auto with_txt = [](std::vector<std::string> records, std::optional<DnsFailure> failure) {
        TlsaObservation tlsa{{k_leaf_3_1_1}, true, std::nullopt};
        tlsa.tlsrpt = TxtObservation{"_smtp._tls.mx.dane.test", std::move(records), {}, std::move(failure), std::nullopt};
        return evaluate(observation(tlsa));
    };
    const auto missing = with_txt({"v=spf1 -all"}, std::nullopt);
    CHECK(dane_ids(missing) == std::vector<std::string>{"mx.dane-active", "mx.dane-tlsrpt-missing"});
    CHECK(missing.mx[0].dane->tlsrpt == false);
    const auto present = with_txt({"v=TLSRPTv1; rua=mailto:tlsrpt@dane.test"}, std::nullopt);
    CHECK(dane_ids(present) == std::vector<std::string>{"mx.dane-active"});
    CHECK(present.mx[0].dane->tlsrpt == true);
    const auto failed = with_txt({}, DnsFailure{"TXT _smtp._tls.mx.dane.test", "SERVFAIL"});
    CHECK(dane_ids(failed) == std::vector<std::string>{"mx.dane-active"});
    CHECK_FALSE(failed.mx[0].dane->tlsrpt.has_value());
    CHECK(failed.verdict == model::Verdict::pass);
}

TEST_CASE("addresses without a certificate (no TLS, --no-smtp) are not judged") {
    Observation o = observation(TlsaObservation{{k_leaf_3_1_1}, true, std::nullopt});
    o.mx->hosts[0].addresses[1].probe.reset();
    o.mx->hosts[0].addresses[0].probe->chain.clear();
    const auto report = evaluate(o);
    CHECK(dane_ids(report).empty());
    CHECK(report.mx[0].dane->active);
    CHECK_FALSE(report.mx[0].addresses[0].dane_match.has_value());
}
