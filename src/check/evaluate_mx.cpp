// The MX hosts: the RRset (null and implicit MX), coverage by the policy's mx patterns
// (RFC 8461 §4.1), what each address's SMTP probe saw (§4.2, §5), and whether mail is lost.
#include <algorithm>

#include "evaluate_parts.hpp"

namespace mtasts::check {
namespace {

using model::Severity;

bool connect_failed(const ProbeObservation& probe) {
    return model::failed_with(probe.error, NetErrorKind::connect_refused) ||
           model::failed_with(probe.error, NetErrorKind::connect_timeout);
}

std::string error_text(const ProbeObservation& probe) {
    if (!probe.error) return "";
    std::string text(model::describe(probe.error->kind, NetExchange::smtp_session));
    if (!probe.error->detail.empty()) text += ": " + probe.error->detail;
    return text;
}

// RFC 8461 §5: in enforce mode a TLS failure stops delivery; in testing mode it is only
// reported; without an active policy it is a weakness, not a policy failure.
Severity tls_problem_severity(std::optional<rfc::PolicyMode> mode) {
    return mode == rfc::PolicyMode::enforce ? Severity::error : Severity::warning;
}

struct MxContext {
    const Observation& observation;
    std::optional<rfc::PolicyMode> mode;
    const std::vector<std::string>* patterns;  // nullptr: no policy to cover anything
    model::Findings& findings;
};

// Whether a sender with current default TLS settings delivers to one address: it completes a
// TLS 1.2+ handshake, verifies the certificate and gets 250 to the EHLO after TLS.
enum class AddressVerdict { accepted, refused, undecided };

// The session after a completed handshake (RFC 3207 §4.2): the EHLO after TLS must get 250.
// Returns refused for a close or another reply, undecided for a timeout, else accepted.
AddressVerdict judge_after_tls(const ProbeObservation& probe, const std::string& where, const std::string& subject,
                               model::AddressProbe& facts, model::Findings& findings) {
    if (!probe.after_tls_error) return AddressVerdict::accepted;
    const NetError& after = *probe.after_tls_error;
    facts.error = "EHLO after TLS: " + after.detail;
    if (after.kind == NetErrorKind::timeout) {
        findings.push_back(model::make_finding("mx.ehlo-after-tls-timeout", subject,
                                               where + " did not answer the EHLO sent after the TLS handshake (" + after.detail +
                                                   "): whether senders can deliver there is unknown"));
        return AddressVerdict::undecided;
    }
    const std::string what = after.kind == NetErrorKind::smtp_reply
                                 ? "answers the EHLO sent after the TLS handshake with \"" + after.detail + "\""
                                 : "closes the connection after the TLS handshake (" + after.detail + ")";
    findings.push_back(model::make_finding("mx.ehlo-after-tls-failed", subject,
                                           where + " " + what + ": no sender can hand mail to it over TLS"));
    return AddressVerdict::refused;
}

// RFC 8461 §7.2: senders speak TLS 1.2 or newer; OpenSSL 3 as Debian 12 ships it refuses
// anything older (MinProtocol TLSv1.2, SECLEVEL 2). Our probe offered every version up to TLS 1.3
// and the server chose an older one, so it has nothing newer: true, with mx.tls-version-too-old.
bool too_old_for_senders(const ProbeObservation& probe, const std::string& where, const std::string& subject,
                         Severity severity, model::Findings& findings) {
    if (!probe.tls_version || !is_old_tls(*probe.tls_version)) return false;
    findings.push_back(model::make_finding(
        "mx.tls-version-too-old", severity, subject,
        "a sender with current default TLS settings (TLS 1.2 or newer) cannot complete the handshake with " + where +
            ": the server offers only " + *probe.tls_version));
    return true;
}

// A probe that stopped before TLS: its finding and verdict; nullopt when it got through TLS.
std::optional<AddressVerdict> judge_probe_error(const MxContext& context, const std::string& host,
                                                const ProbeObservation& probe, const std::string& ip,
                                                const std::string& subject) {
    const Severity severity = tls_problem_severity(context.mode);
    auto add = [&](model::FindingId id, Severity s, std::string message) {
        context.findings.push_back(model::make_finding(id, s, subject, std::move(message)));
    };
    if (!probe.error) return std::nullopt;
    switch (probe.error->kind) {
        case NetErrorKind::greeting_timeout:
        case NetErrorKind::smtp_reply:
        case NetErrorKind::protocol_garbage:
        case NetErrorKind::closed_early:
        case NetErrorKind::timeout:
        case NetErrorKind::dns_nxdomain:  // the DNS, HTTP and other kinds: not from an SMTP session
        case NetErrorKind::dns_nodata:
        case NetErrorKind::dns_servfail:
        case NetErrorKind::dns_refused:
        case NetErrorKind::dns_timeout:
        case NetErrorKind::dns_cname_loop:
        case NetErrorKind::dns_other:
        case NetErrorKind::http_protocol:
        case NetErrorKind::other:
            add("mx.smtp-error", Severity::error, host + " at " + ip + ": " + error_text(probe));
            return AddressVerdict::refused;
        case NetErrorKind::starttls_not_offered:
            add("mx.starttls-missing", severity, host + " at " + ip + " does not offer STARTTLS in its EHLO reply" +
                                                     (context.mode == rfc::PolicyMode::enforce ? ": senders honouring the policy refuse it" : ""));
            return AddressVerdict::refused;
        case NetErrorKind::starttls_refused:
        case NetErrorKind::tls_handshake_failed:
        case NetErrorKind::tls_version_too_old:
            add("mx.starttls-failed", severity, host + " at " + ip + ": " + error_text(probe));
            return AddressVerdict::refused;
        case NetErrorKind::connect_refused:
        case NetErrorKind::connect_timeout: return AddressVerdict::refused;
        case NetErrorKind::local_failure: return AddressVerdict::undecided;
    }
    return std::nullopt;
}

// Findings of the certificate an MX address presented; true when senders accept it.
bool judge_mx_certificate(const MxContext& context, const std::string& host, model::AddressProbe& facts,
                          const std::string& subject) {
    const Severity severity = tls_problem_severity(context.mode);
    auto add = [&](model::FindingId id, Severity s, std::string message) {
        context.findings.push_back(model::make_finding(id, s, subject, std::move(message)));
    };
    const CertJudgement judgement = judge_certificate(*facts.cert, host, context.observation.now);
    bool acceptable = true;
    if (!judgement.trusted) {
        add("mx.cert-untrusted", severity, "the certificate of " + host + " at " + facts.ip + " is not trusted" +
                                               (facts.cert->chain_error ? ": " + *facts.cert->chain_error : std::string()));
        acceptable = false;
    }
    if (judgement.name == rfc::NameMatch::none) {
        std::string names;
        for (const auto& san : facts.cert->san) names += (names.empty() ? "" : ", ") + san;
        add("mx.cert-name-mismatch", severity,
            "the certificate at " + facts.ip + " does not name " + host + " (its names: " +
                (names.empty() ? "none: no subjectAltName dNSName, and the CN is not used" : names) + ")");
        acceptable = false;
    } else if (judgement.name == rfc::NameMatch::partial_wildcard) {
        // RFC 9525 §6.3 forbids partial-label wildcards, and senders that match names with
        // OpenSSL's X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS (Postfix, CPython) refuse them: the lab's
        // real Postfix sender defers such mail, so the MX is not deliverable.
        add("mx.cert-wildcard-partial", severity,
            "the certificate at " + facts.ip + " covers " + host +
                " only through a partial-label wildcard, which senders such as Postfix do not accept (RFC 9525 §6.3)");
        acceptable = false;
    }
    if (judgement.expired) {
        add("mx.cert-expired", severity, "the certificate of " + host + " at " + facts.ip + " " + describe_expiry(judgement, *facts.cert));
        acceptable = false;
    } else if (judgement.expiring) {
        add("mx.cert-expiring", Severity::warning,
            "the certificate of " + host + " at " + facts.ip + " " + describe_expiry(judgement, *facts.cert));
    }
    return acceptable;
}

// Findings of one answered address, and whether a sender delivers there over TLS.
AddressVerdict judge_address(const MxContext& context, const std::string& host, const MxAddressObservation& address,
                             model::AddressProbe& facts) {
    const ProbeObservation& probe = *address.probe;
    const std::string subject = host + " [" + facts.ip + "]";
    if (auto stopped = judge_probe_error(context, host, probe, facts.ip, subject)) return *stopped;
    judge_handshakes(address, host, facts, context.findings);
    const std::string where = host + " at " + facts.ip;
    bool acceptable = !too_old_for_senders(probe, where, subject, tls_problem_severity(context.mode), context.findings);
    const AddressVerdict after_tls = judge_after_tls(probe, where, subject, facts, context.findings);
    if (after_tls == AddressVerdict::refused) acceptable = false;
    if (!facts.cert) return AddressVerdict::refused;
    if (!judge_mx_certificate(context, host, facts, subject)) acceptable = false;
    if (!acceptable) return AddressVerdict::refused;
    return after_tls;
}

// Whether the policy in force covers `host` (nullopt: no policy in force), with mx.not-covered.
std::optional<bool> judge_coverage(const MxContext& context, const std::string& host, bool implicit) {
    if (context.patterns == nullptr || (context.mode != rfc::PolicyMode::enforce && context.mode != rfc::PolicyMode::testing))
        return std::nullopt;
    const bool covered = rfc::mx_covered(*context.patterns, host);
    if (!covered) {
        // Implicit MX is not covered by RFC 8461 (docs/rfc-rules.md D12): at most a warning.
        const Severity severity = (context.mode == rfc::PolicyMode::enforce && !implicit) ? Severity::error : Severity::warning;
        context.findings.push_back(model::make_finding(
            "mx.not-covered", severity, host,
            host + " matches no mx pattern of the policy" +
                (context.mode == rfc::PolicyMode::enforce ? ": senders honouring the policy refuse to deliver to it"
                                                          : ": senders report a failure for it")));
    }
    return covered;
}

// Why a host has no address to probe: a failed lookup, a family -4/-6 left out, or none at all.
void judge_address_records(const MxContext& context, const MxHostObservation& observed) {
    if (observed.address_failure) {
        context.findings.push_back(lookup_failed(*observed.address_failure, model::Area::mx));
    } else if (observed.addresses.empty() && observed.family_excluded) {
        context.findings.push_back(model::make_finding("local.family-excluded", model::Area::mx, observed.host,
                                                       observed.host + " was not probed: " + *observed.family_excluded));
    } else if (observed.addresses_known && observed.addresses.empty()) {
        context.findings.push_back(model::make_finding("mx.unresolvable", observed.host,
                                                       observed.host + " has no A or AAAA record: no sender can reach it"));
    }
}

// Coverage, addresses and probes of one MX host; fills its facts.
model::MxHost judge_host(const MxContext& context, const MxHostObservation& observed, bool implicit,
                         std::size_t& answered, std::vector<std::string>& unanswered) {
    model::MxHost host;
    host.host = observed.host;
    host.preference = observed.preference;
    host.covered_by_policy = judge_coverage(context, observed.host, implicit);
    judge_address_records(context, observed);

    bool tls_ok_somewhere = false;
    bool undecided = observed.addresses.empty() && observed.family_excluded.has_value();
    for (const MxAddressObservation& address : observed.addresses) {
        model::AddressProbe facts;
        facts.ip = address.ip;
        if (address.probe) {
            const ProbeObservation& probe = *address.probe;
            facts.starttls = probe.starttls_offered;
            facts.tls_version = probe.tls_version;
            facts.cipher = probe.cipher;
            facts.elapsed_ms = probe.elapsed_ms;
            facts.cert = probe.cert;
            if (probe.error) facts.error = error_text(probe);
            if (model::failed_with(probe.error, NetErrorKind::local_failure)) {
                // Neither answered nor unanswered: this host never got to ask.
                context.findings.push_back(model::make_finding("local.failure", model::Area::mx, observed.host + " [" + address.ip + "]",
                                                               "could not probe " + observed.host + " at " + address.ip +
                                                                   " from here: " + probe.error->detail));
                undecided = true;
            } else if (connect_failed(probe)) {
                unanswered.push_back(observed.host + " [" + address.ip + "]: " + error_text(probe));
            } else {
                ++answered;
                const AddressVerdict verdict = judge_address(context, observed.host, address, facts);
                if (verdict == AddressVerdict::accepted) tls_ok_somewhere = true;
                if (verdict == AddressVerdict::undecided) undecided = true;
            }
        }
        host.addresses.push_back(std::move(facts));
    }
    // Deliverable when covered and one address passes; unknown while an address could not be judged.
    const bool all_judged = !observed.address_failure && !undecided &&
                            std::ranges::all_of(observed.addresses, [](const MxAddressObservation& a) {
                                return a.probe && !connect_failed(*a.probe);
                            });
    if (!host.covered_by_policy) host.deliverable_under_policy = std::nullopt;
    else if (!*host.covered_by_policy) host.deliverable_under_policy = false;
    else if (tls_ok_somewhere) host.deliverable_under_policy = true;
    else if (all_judged && observed.addresses_known) host.deliverable_under_policy = false;
    return host;
}

// A null MX (RFC 7505), or no MX and no address: true when there are no MX hosts to judge.
bool judge_no_mx_hosts(const MxObservation& mx, const std::string& domain, const PolicyOutcome& policy,
                       bool written_active, model::Findings& findings) {
    if (mx.null_mx_invalid) {
        findings.push_back(model::make_finding("mx.null-invalid", domain,
                                               "the MX RRset mixes the null MX \".\" with other records or gives it a preference "
                                               "other than 0 (RFC 7505 §3)"));
    }
    if (mx.null_mx) {
        findings.push_back(model::make_finding("mx.null", domain, domain + " publishes a null MX: it accepts no mail, so no MX is probed"));
        if (written_active) {
            findings.push_back(model::make_finding("mx.null-with-policy", domain,
                                                   "the domain accepts no mail but publishes an MTA-STS policy in " +
                                                       std::string(rfc::to_string(*policy.policy->mode)) + " mode"));
        }
        return true;
    }
    const bool no_address = mx.hosts.empty() || (mx.hosts.front().addresses_known && mx.hosts.front().addresses.empty() &&
                                                 !mx.hosts.front().address_failure && !mx.hosts.front().family_excluded);
    if (mx.implicit && no_address) {
        findings.push_back(model::make_finding("mx.none", domain, domain + " has no MX record and no A/AAAA record: it cannot receive mail"));
        return true;
    }
    if (mx.implicit) {
        findings.push_back(model::make_finding("mx.implicit", domain,
                                               domain + " has no MX record: senders deliver to the domain's own address (implicit MX)"));
    }
    return false;
}

// Coverage the other way round: a pattern that matches no MX is stale or a typo. Also for a
// policy not in force: a stale pattern is worth fixing before it is published.
void judge_unused_patterns(const MxObservation& mx, const std::vector<std::string>& patterns, model::Findings& findings) {
    for (const std::string& pattern : patterns) {
        const bool used = std::ranges::any_of(mx.hosts, [&](const MxHostObservation& h) { return rfc::mx_pattern_matches(pattern, h.host); });
        if (!used) {
            findings.push_back(model::make_finding("policy.mx-unused", pattern,
                                                   "the policy pattern \"" + pattern + "\" matches none of the MX hosts"));
        }
    }
}

// Addresses that never answered: each unreachable, or together a sign that port 25 is blocked here.
void judge_unanswered(const Observation& observation, const std::string& domain, std::size_t answered,
                      const std::vector<std::string>& unanswered, model::Findings& findings) {
    if (observation.smtp_skipped) {
        findings.push_back(model::make_finding("mx.probe-skipped", domain, "SMTP probes were skipped (--no-smtp): STARTTLS and MX certificates are not checked"));
    } else if (answered == 0 && !unanswered.empty()) {
        // RFC 8461 App. B; docs/rfc-rules.md E12: a blocked port 25 is not a policy failure.
        findings.push_back(model::make_finding("mx.probe-inconclusive", domain,
                                               "no MX address answered on port " + std::to_string(observation.smtp_port) + " from here (" + unanswered.front() +
                                                   (unanswered.size() > 1 ? ", and " + std::to_string(unanswered.size() - 1) + " more" : std::string()) +
                                                   ")"));
    } else {
        for (const std::string& what : unanswered) {
            findings.push_back(model::make_finding("mx.unreachable", what.substr(0, what.find(':', what.find(']'))),
                                                   "could not connect: " + what));
        }
    }
}

}  // namespace

void evaluate_mx(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                 model::DomainReport& report) {
    if (!observation.mx) return;
    const MxObservation& mx = *observation.mx;
    model::Findings& findings = report.findings;
    const std::string domain = observation.domain.value_or("the domain");
    if (mx.failure) {
        findings.push_back(lookup_failed(*mx.failure, model::Area::mx));
        return;
    }
    // RFC 8461 §3.1, §3.2: senders apply only a valid record and a policy they could fetch and
    // parse; an invalid one (no mx line, a broken max_age, ...) puts no policy in force, so
    // coverage and delivery under it are unknown (null), never "refused".
    const bool in_force = policy.policy && policy.usable_by_senders && (sts.valid || !sts.observed);
    const std::optional<rfc::PolicyMode> mode = in_force ? policy.policy->mode : std::nullopt;
    // The mode as written, in force or not: what the author of the policy asked for.
    const bool written_active = policy.policy && (policy.policy->mode == rfc::PolicyMode::enforce ||
                                                  policy.policy->mode == rfc::PolicyMode::testing);
    if (judge_no_mx_hosts(mx, domain, policy, written_active, findings)) return;

    const MxContext context{observation, mode, in_force ? &policy.policy->mx : nullptr, findings};
    std::size_t answered = 0;
    std::vector<std::string> unanswered;
    for (const MxHostObservation& observed : mx.hosts) {
        report.mx.push_back(judge_host(context, observed, mx.implicit, answered, unanswered));
    }
    if (written_active && !mx.hosts.empty()) judge_unused_patterns(mx, policy.policy->mx, findings);
    judge_unanswered(observation, domain, answered, unanswered, findings);

    // RFC 8461 §5: in enforce mode a sender refuses every MX that fails; with none left, mail is lost.
    if ((sts.valid || !sts.observed) && policy.usable_by_senders && mode == rfc::PolicyMode::enforce && !report.mx.empty() &&
        std::ranges::all_of(report.mx, [](const model::MxHost& h) { return h.deliverable_under_policy == false; })) {
        findings.push_back(model::make_finding("delivery.blocked", domain,
                                               "the policy is enforced and no MX host would accept mail from a sender that "
                                               "honours it: mail to " + domain + " is deferred and then bounced"));
    }
}

}  // namespace mtasts::check
