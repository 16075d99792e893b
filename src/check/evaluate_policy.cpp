// The policy: host address, HTTPS answer of every address, certificate, media type, size and
// body (RFC 8461 §3.2, §3.3). What senders would get decides `usable_by_senders`.
#include <algorithm>

#include "evaluate_parts.hpp"

namespace mtasts::check {
namespace {

constexpr std::int64_t k_slow_fetch_ms = 4000;  // postfix-mta-sts-resolver gives up after 4 s
constexpr std::int64_t k_proxy_cache_seconds = 60;  // RFC 8461 §8.2 suggests about a minute

std::string fetch_failure_text(const PolicyFetch& fetch) {
    if (!fetch.error) return "succeeded";
    std::string text(model::describe(fetch.error->kind, NetExchange::policy_fetch));
    if (!fetch.error->detail.empty()) text += " (" + fetch.error->detail + ")";
    return text;
}

// Cache-Control max-age above a minute, or an Age header: a proxy may serve a stale policy.
std::optional<std::string> proxy_cache_note(const PolicyFetch& fetch) {
    if (fetch.age && *fetch.age > 0) return "the response came from a cache (Age: " + std::to_string(*fetch.age) + ")";
    if (!fetch.cache_control) return std::nullopt;
    const std::string& value = *fetch.cache_control;
    const auto pos = value.find("max-age=");
    if (pos == std::string::npos) return std::nullopt;
    std::int64_t seconds = 0;
    for (std::size_t i = pos + 8; i < value.size() && value[i] >= '0' && value[i] <= '9' && seconds < 1'000'000'000; ++i)
        seconds = seconds * 10 + (value[i] - '0');
    if (seconds <= k_proxy_cache_seconds) return std::nullopt;
    return "Cache-Control allows caching for " + std::to_string(seconds) + " s";
}

const PolicyFetch* primary_fetch(const std::vector<PolicyFetch>& fetches) {
    auto ok = std::ranges::find_if(fetches, [](const PolicyFetch& f) { return f.status == 200 && !f.too_large; });
    if (ok != fetches.end()) return &*ok;
    auto answered = std::ranges::find_if(fetches, [](const PolicyFetch& f) { return f.status.has_value(); });
    if (answered != fetches.end()) return &*answered;
    return fetches.empty() ? nullptr : &fetches.front();
}

// Findings of the body, and its facts into the report.
rfc::PolicyEvaluation judge_body(std::string_view body, const std::optional<std::string>& domain, model::PolicyFacts& facts,
                                 model::Findings& findings) {
    rfc::PolicyEvaluation evaluation = rfc::evaluate_policy_body(body);
    // RFC 8461 §10.4: a wildcard lets any host under it with a public certificate receive mail.
    for (const std::string& pattern : evaluation.policy.mx) {
        if (!pattern.starts_with("*.")) continue;
        const std::string zone = pattern.substr(2);
        const bool own_zone = domain && zone == *domain;
        // Over a top-level domain ("*.com") every registrant's apex matches: senders accept it
        // (§4.1), but an attacker who can change the MX answer only needs any domain there.
        const bool top_level = zone.find('.') == std::string::npos;
        evaluation.findings.push_back(model::make_finding(
            "policy.mx-wildcard-broad", top_level ? model::Severity::warning : model::Severity::info, pattern,
            "the pattern " + pattern + " accepts every host directly under " + zone +
                (own_zone ? " (the policy domain itself)" : std::string()) +
                (top_level ? ", a top-level domain: any domain registered there" : std::string()) +
                " that has a publicly trusted certificate"));
    }
    facts.raw = std::string(body);
    facts.mode = evaluation.policy.mode ? std::optional<std::string>(rfc::to_string(*evaluation.policy.mode))
                                        : evaluation.policy.mode_text;
    facts.max_age = evaluation.policy.max_age;
    facts.mx = evaluation.policy.mx;
    append(findings, std::move(evaluation.findings));
    return evaluation;
}

void judge_policy_certificate(model::CertFacts& cert, const std::string& host, std::int64_t now, model::Findings& findings,
                              bool& acceptable) {
    const CertJudgement judgement = judge_certificate(cert, host, now);
    // RFC 8461 §3.3: only a whole-label wildcard may cover the policy host (docs/rfc-rules.md B4: error).
    const bool name_ok = judgement.name == rfc::NameMatch::exact || judgement.name == rfc::NameMatch::wildcard;
    if (!judgement.trusted) {
        findings.push_back(model::make_finding("policy.cert-untrusted", host,
                                               "the certificate of " + host + " is not trusted" +
                                                   (cert.chain_error ? ": " + *cert.chain_error : std::string())));
    }
    if (!name_ok) {
        std::string names;
        for (const auto& san : cert.san) names += (names.empty() ? "" : ", ") + san;
        findings.push_back(model::make_finding("policy.cert-name-mismatch", host,
                                               "the certificate does not cover " + host + " (its names: " +
                                                   (names.empty() ? "none: no subjectAltName dNSName" : names) + ")"));
    }
    if (judgement.expired) {
        findings.push_back(model::make_finding("policy.cert-expired", host, "the certificate of " + host + " " + describe_expiry(judgement, cert)));
    } else if (judgement.expiring) {
        findings.push_back(model::make_finding("policy.cert-expiring", host, "the certificate of " + host + " " + describe_expiry(judgement, cert)));
    }
    acceptable = judgement.trusted && name_ok && !judgement.expired;
}

// A fetch this host could not make says nothing about the policy host: local.failure for each;
// true when there was one (then no answer at all means "unknown", not policy.fetch-failed).
bool judge_local_fetches(const PolicyObservation& observed, model::Findings& findings) {
    bool any = false;
    for (const PolicyFetch& fetch : observed.fetches) {
        if (!model::failed_with(fetch.error, NetErrorKind::local_failure)) continue;
        any = true;
        findings.push_back(model::make_finding("local.failure", model::Area::policy, observed.url,
                                               "fetching " + observed.url + " from " + fetch.ip + " " + fetch_failure_text(fetch)));
    }
    return any;
}

// lint: the body as the user will publish it, judged on its own.
PolicyOutcome evaluate_given_body(const Observation& observation, const PolicyObservation& observed,
                                  model::DomainReport& report) {
    PolicyOutcome outcome;
    model::Findings& findings = report.findings;
    report.policy.emplace();
    model::Findings size = rfc::evaluate_body_size(observed.given_body->size(), "policy file");
    if (observed.given_body_cut_at) {
        size = {model::make_finding("policy.too-large", "policy file",
                                    "the policy file is more than " + std::to_string(*observed.given_body_cut_at / (1024 * 1024)) +
                                        " MiB, far above the 65,536 bytes senders read")};
    }
    // RFC 8461 §3.3: senders refuse the whole body, so its lines would only be noise.
    if (std::ranges::any_of(size, [](const model::Finding& f) { return f.id == "policy.too-large"; })) {
        append(findings, std::move(size));
        return outcome;
    }
    rfc::PolicyEvaluation evaluation = judge_body(*observed.given_body, observation.domain, *report.policy, findings);
    append(findings, std::move(size));
    outcome.policy = evaluation.policy;
    outcome.usable_by_senders = evaluation.usable && !has_error(findings);
    return outcome;
}

// Without any MTA-STS record there is nothing to fetch; say so only when a policy is served anyway.
void judge_policy_without_record(const PolicyObservation& observed, const StsOutcome& sts, model::DomainReport& report) {
    const PolicyFetch* fetch = primary_fetch(observed.fetches);
    if (!sts.observed || fetch == nullptr || fetch->status != 200) return;
    report.policy.emplace();
    report.policy->url = observed.url;
    report.policy->http_status = fetch->status;
    report.findings.push_back(model::make_finding("policy.ignored", observed.url,
                                                  "a policy is served at " + observed.url +
                                                      " but there is no _mta-sts record, so senders never fetch it"));
}

// Whether the policy host has an address to fetch from; a finding says why not.
bool judge_policy_host(const PolicyObservation& observed, model::Findings& findings) {
    if (observed.address_failure) {
        findings.push_back(lookup_failed(*observed.address_failure, model::Area::policy));
        return false;
    }
    if (!observed.host_resolved && observed.family_excluded) {
        findings.push_back(model::make_finding("local.family-excluded", model::Area::policy, observed.host,
                                               observed.host + " was not fetched: " + *observed.family_excluded));
        return false;
    }
    if (!observed.host_resolved) {
        findings.push_back(model::make_finding("policy.host-unresolvable", observed.host,
                                               observed.host + " has no A or AAAA record, so no sender can fetch the policy; "
                                               "senders with a cached policy keep applying it, new senders apply none"));
        return false;
    }
    return true;
}

// docs/rfc-rules.md B16, F8: every address must serve the same policy as the one judged.
void judge_other_addresses(const PolicyObservation& observed, const PolicyFetch& primary, model::Findings& findings) {
    for (const PolicyFetch& fetch : observed.fetches) {
        if (&fetch == &primary || model::failed_with(fetch.error, NetErrorKind::local_failure)) continue;
        if (!fetch.status) {
            findings.push_back(model::make_finding("policy.addresses-differ", fetch.ip,
                                                   "fetching the policy from " + fetch.ip + " " + fetch_failure_text(fetch) +
                                                       " while " + primary.ip + " answered"));
        } else if (fetch.status != primary.status || (fetch.status == 200 && fetch.body != primary.body)) {
            findings.push_back(model::make_finding("policy.addresses-differ", fetch.ip,
                                                   fetch.ip + " serves a different answer (HTTP " + std::to_string(*fetch.status) +
                                                       ") than " + primary.ip + " (HTTP " + std::to_string(*primary.status) +
                                                       "): senders cache whichever they reach"));
        }
    }
}

// True for HTTP 200, the only status that yields a policy (RFC 8461 §3.3); a finding otherwise.
bool judge_http_status(const PolicyObservation& observed, const PolicyFetch& primary, model::Findings& findings) {
    const int status = *primary.status;
    if (status >= 300 && status < 400) {
        findings.push_back(model::make_finding("policy.redirect", observed.url,
                                               observed.url + " answers HTTP " + std::to_string(status) + " redirecting to " +
                                                   primary.location.value_or("(no Location header)") +
                                                   "; senders must not follow redirects (RFC 8461 §3.3)"));
        return false;
    }
    if (status != 200) {
        std::string message = observed.url + " answers HTTP " + std::to_string(status) + " instead of 200";
        if (status >= 500) message += " (a server error: it may be temporary)";
        findings.push_back(model::make_finding("policy.http-status", observed.url, message));
        return false;
    }
    return true;
}

// Findings of how the body travelled: media type, size, speed, TLS version, proxy caching.
model::Findings judge_transfer(const PolicyObservation& observed, const PolicyFetch& primary) {
    model::Findings http_findings = rfc::evaluate_content_type(primary.content_type, observed.url);
    if (primary.too_large) {
        http_findings.push_back(model::make_finding("policy.too-large", observed.url,
                                                    "the body is larger than 65,536 bytes (the transfer was stopped after " +
                                                        std::to_string(primary.body_bytes) + " bytes)"));
    } else {
        append(http_findings, rfc::evaluate_body_size(primary.body.size(), observed.url));
    }
    if (primary.elapsed_ms > k_slow_fetch_ms) {
        http_findings.push_back(model::make_finding("policy.slow", observed.url,
                                                    "the policy took " + std::to_string(primary.elapsed_ms) + " ms to fetch"));
    }
    if (primary.tls_version && is_old_tls(*primary.tls_version)) {
        // RFC 8461 §7.2 and BCP 195: senders speak TLS 1.2 or later, so they cannot fetch this.
        http_findings.push_back(model::make_finding("policy.tls-version-old", observed.url,
                                                    observed.host + " negotiated " + *primary.tls_version +
                                                        ": senders require TLS 1.2 or later and cannot fetch the policy"));
    }
    if (auto note = proxy_cache_note(primary)) {
        http_findings.push_back(model::make_finding("policy.cache-control", observed.url, *note));
    }
    return http_findings;
}

// The fetch that answered: status, certificate, transfer and body, and what senders make of them.
PolicyOutcome judge_answer(const Observation& observation, const StsOutcome& sts, const PolicyFetch& primary,
                           model::PolicyFacts& facts, model::Findings& findings) {
    PolicyOutcome outcome;
    const PolicyObservation& observed = *observation.policy;
    judge_other_addresses(observed, primary, findings);
    facts.http_status = primary.status;
    facts.content_type = primary.content_type;
    bool cert_ok = true;
    if (primary.cert) {
        facts.cert = primary.cert;
        judge_policy_certificate(*facts.cert, observed.host, observation.now, findings, cert_ok);
    }
    if (!judge_http_status(observed, primary, findings)) return outcome;
    model::Findings http_findings = judge_transfer(observed, primary);
    const bool http_ok = !has_error(http_findings);
    append(findings, std::move(http_findings));
    if (primary.too_large) return outcome;

    model::Findings body_findings;
    model::PolicyFacts body_facts = facts;
    rfc::PolicyEvaluation evaluation = judge_body(primary.body, observation.domain, body_facts, body_findings);
    // A soft-404 page or a CDN challenge is explained by the media type; its lines are noise.
    if (!http_ok && !evaluation.usable) return outcome;
    facts = std::move(body_facts);
    append(findings, std::move(body_findings));
    outcome.policy = evaluation.policy;
    outcome.usable_by_senders = sts.valid && cert_ok && http_ok && evaluation.usable;
    // docs/rfc-rules.md F1: a change made now reaches senders that fetch today only after this.
    if (outcome.usable_by_senders && facts.max_age) facts.cached_until = observation.now + *facts.max_age;
    if (!sts.valid) {
        // RFC 8461 §3.1 (docs/rfc-rules.md A5): fetched for diagnosis only.
        findings.push_back(model::make_finding("policy.ignored", observed.url,
                                               "the policy was fetched for diagnosis only: with no valid _mta-sts record "
                                               "senders never fetch it"));
    }
    return outcome;
}

}  // namespace

PolicyOutcome evaluate_policy(const Observation& observation, const StsOutcome& sts, model::DomainReport& report) {
    if (!observation.policy) return {};
    const PolicyObservation& observed = *observation.policy;
    model::Findings& findings = report.findings;
    if (observed.given_body) return evaluate_given_body(observation, observed, report);

    const bool record_present = sts.valid || sts.intended;
    if (!record_present && !sts.lookup_failed) {
        judge_policy_without_record(observed, sts, report);
        return {};
    }

    report.policy.emplace();
    model::PolicyFacts& facts = *report.policy;
    facts.url = observed.url;
    if (!judge_policy_host(observed, findings)) return {};
    const PolicyFetch* primary = primary_fetch(observed.fetches);
    if (primary == nullptr) return {};
    facts.fetch_ms = primary->elapsed_ms;

    if (judge_local_fetches(observed, findings) && !primary->status) return {};
    if (!primary->status) {
        const bool old_tls = std::ranges::all_of(observed.fetches, [](const PolicyFetch& f) { return model::failed_with(f.error, NetErrorKind::tls_version_too_old); });
        if (primary->cert) facts.cert = primary->cert;
        const model::FindingId id =
            old_tls ? model::FindingId("policy.tls-version-old") : model::FindingId("policy.fetch-failed");
        findings.push_back(model::make_finding(id, observed.url,
                                               "fetching " + observed.url + " from " + primary->ip + " " + fetch_failure_text(*primary) +
                                                   "; senders with a cached policy keep applying it, new senders apply none"));
        return {};
    }
    return judge_answer(observation, sts, *primary, facts, findings);
}

}  // namespace mtasts::check
