#pragma once
// Observation parts shared by the evaluator tests: a fixed clock, a trusted certificate and a
// policy served cleanly (HTTP 200, text/plain, TLS 1.3) by mta-sts.DOMAIN.
#include <cstdint>
#include <string>
#include <vector>

#include "mtasts/check/observation.hpp"

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
inline check::PolicyObservation served_policy(const std::string& domain, const std::string& body) {
    check::PolicyObservation policy;
    policy.host = "mta-sts." + domain;
    policy.url = "https://" + policy.host + "/.well-known/mta-sts.txt";
    check::PolicyFetch fetch;
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

}  // namespace check_fixtures
