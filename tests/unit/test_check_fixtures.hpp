#pragma once
// Observation parts shared by the evaluator tests: a fixed clock, a trusted certificate and a
// policy served cleanly (HTTP 200, text/plain, TLS 1.3) by mta-sts.DOMAIN.
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <string>
#include <vector>

#include "mtasts/model/observation.hpp"
#include "mtasts/model/report.hpp"

namespace check_fixtures {

using namespace mtasts;

constexpr std::int64_t k_now = 1'790'000'000;  // 2026-09-21T14:13:20Z
constexpr std::int64_t k_day = 86400;

// A certificate for `sans` from a trusted CA, valid from 30 days before k_now to 60 days after.
inline model::CertFacts good_cert(std::vector<std::string> sans) {
    model::CertFacts cert;
    cert.subject = "CN=" + sans.front();
    cert.issuer = "CN=Lab CA";
    cert.san = std::move(sans);
    cert.not_before = k_now - 30 * k_day;
    cert.not_after = k_now + 60 * k_day;
    cert.trusted = true;
    return cert;
}

// https://mta-sts.DOMAIN/.well-known/mta-sts.txt answering `body` from one address, cleanly.
inline model::PolicyObservation served_policy(const std::string& domain, const std::string& body) {
    model::PolicyObservation policy;
    policy.host = "mta-sts." + domain;
    policy.url = "https://" + policy.host + "/.well-known/mta-sts.txt";
    model::PolicyFetch fetch;
    fetch.ip = "127.0.0.10";
    fetch.status = 200;
    fetch.content_type = "text/plain";
    fetch.body = body;
    fetch.body_bytes = body.size();
    fetch.tls_version = "TLSv1.3";
    fetch.cert = good_cert({policy.host});
    fetch.elapsed_ms = 20;
    policy.fetches.push_back(fetch);
    return policy;
}

// The findings and results of the evaluator, with what the tests ask of them.
inline model::ProbeObservation good_probe(const std::string& host) {
    model::ProbeObservation probe;
    probe.starttls_offered = true;
    probe.tls_version = "TLSv1.3";
    probe.cipher = "TLS_AES_256_GCM_SHA384";
    probe.cert = good_cert({host});
    probe.forward_secrecy = true;
    return probe;
}

inline model::MxHostObservation mx_host(const std::string& host, int preference, std::vector<std::string> ips) {
    model::MxHostObservation observed;
    observed.host = host;
    observed.preference = preference;
    for (auto& ip : ips) observed.addresses.push_back({ip, good_probe(host), std::nullopt, std::nullopt});
    return observed;
}

// example.test: enforce policy covering mx1 and mx2, both with two good addresses.
inline model::Observation good_domain() {
    model::Observation o;
    o.domain = "example.test";
    o.now = k_now;
    o.sts = model::TxtObservation{"_mta-sts.example.test", {"v=STSv1; id=20260101"}, {}, {}, 3600};
    o.tlsrpt = model::TxtObservation{"_smtp._tls.example.test", {"v=TLSRPTv1; rua=mailto:tlsrpt@example.test"}, {}, {}, 3600};
    o.policy = served_policy("example.test",
                             "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmx: mx2.example.test\r\nmax_age: 604800\r\n");
    model::MxObservation mx;
    mx.hosts.push_back(mx_host("mx1.example.test", 10, {"127.0.0.11", "127.0.0.12"}));
    mx.hosts.push_back(mx_host("mx2.example.test", 20, {"127.0.0.13", "::1"}));
    o.mx = mx;
    return o;
}

inline std::vector<std::string> ids(const model::DomainReport& report) {
    std::vector<std::string> out;
    for (const auto& f : report.findings) out.push_back(f.id);
    return out;
}

inline bool has(const model::DomainReport& report, std::string_view id) {
    return std::ranges::any_of(report.findings, [id](const model::Finding& f) { return f.id == id; });
}

inline const model::Finding& first(const model::DomainReport& report, std::string_view id) {
    auto it = std::ranges::find_if(report.findings, [id](const model::Finding& f) { return f.id == id; });
    REQUIRE(it != report.findings.end());
    return *it;
}

}  // namespace check_fixtures
