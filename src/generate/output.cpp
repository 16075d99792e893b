// The text and JSON reports of `generate` (man page, generate).
#include "mtasts/generate/output.hpp"

#include "mtasts/base/printable.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/policy_text.hpp"

namespace mtasts::generate {
namespace {

// certbot names its files after the first -d name; Caddy gets the certificate itself.
std::string certificate_advice(const std::string& domain) {
    const std::string host = rfc::policy_host(domain);
    return "The certificate must name " + host +
           " and chain to a public root (RFC 8461 §3.3), e.g. from "
           "Let's Encrypt: certbot certonly --nginx -d " +
           host + " (or --apache, or --webroot -w " + std::string(k_webroot) + "); Caddy obtains it by itself.";
}

std::vector<std::string> next_steps(const Outcome& outcome) {
    const Plan& plan = outcome.plan;
    const std::string host = rfc::policy_host(plan.domain);
    std::vector<std::string> steps{
        "Point " + host + " at the web server (see zone.txt) and get its certificate.",
        "Publish the policy: copy mta-sts.txt to " + std::string(k_webroot) +
            "/.well-known/mta-sts.txt and add the web server configuration; check " + rfc::policy_url(plan.domain) +
            ".",
        "Then publish the TXT records of zone.txt (_mta-sts last: it tells senders to fetch the policy).",
        "Check: mta-sts-check " + plan.domain,
        "Read the TLS-RPT reports sent to " + plan.rua.front() + ": mta-sts-check report FILES",
    };
    if (plan.mode == rfc::PolicyMode::testing)
        steps.push_back("Once the reports show no failures: mta-sts-check promote " + plan.domain);
    return steps;
}

std::string cached_line(const model::PolicySnapshot& snapshot) {
    std::string mx;
    for (const std::string& pattern : snapshot.mx) mx += (mx.empty() ? "" : ", ") + pattern;
    return "  id " + base::printable(snapshot.id) + " (mode " + snapshot.mode + ", max_age " +
           std::to_string(snapshot.max_age) + ", mx " + base::printable(mx) + "): fetched " +
           base::format_rfc3339(snapshot.fetched_at) + ", cached until " +
           base::format_rfc3339(model::cache_expiry(snapshot)) + "\n";
}

std::string change_text(const Change& change, const Plan& plan) {
    if (change.diff.empty())
        return "The policy served at " + change.served_url + " already covers every MX host: nothing to change.\n";
    std::string out = base::printable_lines(change.diff) + "\n";
    out +=
        "New id: " + plan.id + (change.served_id ? " (served: " + base::printable(*change.served_id) + ")" : "") + "\n";
    out += id_reason() + "\n";
    if (!change.cached) return out;
    if (change.cached->empty()) return out + "\nThe state file names no earlier policy that senders may still cache.\n";
    out += "\nEarlier policies senders may still cache (from the state file):\n";
    for (const model::PolicySnapshot& snapshot : *change.cached) out += cached_line(snapshot);
    return out;
}

std::string summary(const Outcome& outcome) {
    const Plan& plan = outcome.plan;
    std::string hosts;
    for (const std::string& host : outcome.mx_hosts) hosts += (hosts.empty() ? "" : ", ") + host;
    return "MTA-STS for " + plan.domain + ": mode " + std::string(rfc::to_string(plan.mode)) + ", max_age " +
           std::to_string(plan.max_age) + ", id " + plan.id + "\nMX hosts (" +
           (outcome.mx_live ? "from the live MX records" : "as given") + "): " + hosts + "\n";
}

std::string artefacts_text(const Outcome& outcome) {
    std::string out;
    if (!outcome.written.empty()) {
        out += "\nWrote:\n";
        for (std::size_t i = 0; i < outcome.written.size(); ++i)
            out += "  " + base::printable(outcome.written[i]) + "  (" + outcome.artefacts[i].key + ")\n";
        return out;
    }
    for (const Artefact& artefact : outcome.artefacts) {
        out += "\n=== " + artefact.file + " ===\n";
        // The policy file has CRLF line ends; the terminal shows its lines.
        for (char c : artefact.text)
            if (c != '\r') out += c;
    }
    return out;
}

}  // namespace

std::string id_reason() {
    return "Why a new id: senders that cached the served policy fetch it again only when the id of the _mta-sts "
           "record changes (RFC 8461 §3.1); under the old id they keep the old policy until its max_age runs out.";
}

std::string render_text(const Outcome& outcome) {
    std::string out = summary(outcome);
    if (outcome.change) {
        out += "\n" + change_text(*outcome.change, outcome.plan);
        if (outcome.change->diff.empty()) return out;
    }
    out += artefacts_text(outcome);
    out += "\nCertificate: " + certificate_advice(outcome.plan.domain) + "\n\nNext steps:\n";
    const std::vector<std::string> steps = next_steps(outcome);
    for (std::size_t i = 0; i < steps.size(); ++i) out += "  " + std::to_string(i + 1) + ". " + steps[i] + "\n";
    return out;
}

nlohmann::json render_json(const Outcome& outcome) {
    const Plan& plan = outcome.plan;
    nlohmann::json artefacts = nlohmann::json::object();
    for (const Artefact& artefact : outcome.artefacts)
        artefacts[artefact.key] = {{"file", artefact.file}, {"text", artefact.text}};
    nlohmann::json out = {
        {"domain", plan.domain},
        {"id", plan.id},
        {"mode", rfc::to_string(plan.mode)},
        {"max_age", plan.max_age},
        {"mx", plan.mx_patterns},
        {"mx_hosts", outcome.mx_hosts},
        {"mx_source", outcome.mx_live ? "live" : "given"},
        {"rua", plan.rua},
        {"records", {{"sts", rfc::sts_record_text(plan.id)}, {"tlsrpt", tlsrpt_record_text(plan.rua)}}},
        {"artefacts", artefacts},
        {"written", outcome.written},
        {"certificate", certificate_advice(plan.domain)},
        {"next_steps", next_steps(outcome)},
        {"change", nullptr},
    };
    if (!outcome.change) return out;
    const Change& change = *outcome.change;
    nlohmann::json cached = nullptr;
    if (change.cached) {
        cached = nlohmann::json::array();
        for (const model::PolicySnapshot& s : *change.cached)
            cached.push_back({{"id", s.id},
                              {"mode", s.mode},
                              {"max_age", s.max_age},
                              {"mx", s.mx},
                              {"fetched_at", base::format_rfc3339(s.fetched_at)},
                              {"cached_until", base::format_rfc3339(model::cache_expiry(s))}});
    }
    out["change"] = {{"served_url", change.served_url},
                     {"served_policy", change.served_body},
                     {"served_id", change.served_id ? nlohmann::json(*change.served_id) : nlohmann::json(nullptr)},
                     {"changed", !change.diff.empty()},
                     {"diff", change.diff},
                     {"id_reason", id_reason()},
                     {"cached", cached}};
    return out;
}

}  // namespace mtasts::generate
