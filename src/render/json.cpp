// JSON renderer of a domain report (man page, OUTPUT). Keys are written even when the fact
// is absent (null), so that scripts can rely on the shape without probing for keys.
#include "mtasts/render/json.hpp"

#include <optional>

#include "mtasts/base/text.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/version.hpp"

namespace mtasts::render {
namespace {

using nlohmann::json;

template <typename T>
json optional_to_json(const std::optional<T>& value) {
    if (!value) return nullptr;
    return json(*value);
}

// An empty string is how the model says "none" for text fields that are not optional.
json text_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    return json(text);
}

json time_or_null(const std::optional<std::int64_t>& epoch_seconds) {
    if (!epoch_seconds) return nullptr;
    return json(base::format_rfc3339(*epoch_seconds));
}

json strings_to_json(const std::vector<std::string>& values) {
    json array = json::array();
    for (const auto& value : values) array.push_back(value);
    return array;
}

json cert_or_null(const std::optional<model::CertFacts>& cert) {
    if (!cert) return nullptr;
    return cert_to_json(*cert);
}

json sts_record_to_json(const std::optional<model::TxtRecordFacts>& record) {
    if (!record) return nullptr;
    return json{{"name", record->name},
                {"txt", strings_to_json(record->txt)},
                {"id", optional_to_json(record->id)},
                {"cname_chain", strings_to_json(record->cname_chain)},
                {"ttl", optional_to_json(record->ttl)}};
}

json rua_destinations_to_json(const std::vector<model::RuaDestinationFacts>& destinations) {
    json array = json::array();
    for (const auto& destination : destinations)
        array.push_back({{"uri", destination.uri}, {"host", destination.host}, {"reachable", optional_to_json(destination.reachable)}});
    return array;
}

json tlsrpt_record_to_json(const std::optional<model::TxtRecordFacts>& record) {
    if (!record) return nullptr;
    return json{{"name", record->name},
                {"txt", strings_to_json(record->txt)},
                {"rua", strings_to_json(record->rua)},
                {"rua_destinations", rua_destinations_to_json(record->rua_destinations)},
                {"cname_chain", strings_to_json(record->cname_chain)},
                {"ttl", optional_to_json(record->ttl)}};
}

json policy_to_json(const std::optional<model::PolicyFacts>& policy) {
    if (!policy) return nullptr;
    return json{{"url", optional_to_json(policy->url)},
                {"http_status", optional_to_json(policy->http_status)},
                {"content_type", optional_to_json(policy->content_type)},
                {"raw", optional_to_json(policy->raw)},
                {"mode", optional_to_json(policy->mode)},
                {"max_age", optional_to_json(policy->max_age)},
                {"cached_until", policy->cached_until ? json(base::format_rfc3339(*policy->cached_until)) : json(nullptr)},
                {"mx", strings_to_json(policy->mx)},
                {"cert", cert_or_null(policy->cert)}};
}

json address_to_json(const model::AddressProbe& probe) {
    return json{{"ip", probe.ip},
                {"starttls", optional_to_json(probe.starttls)},
                {"tls_version", optional_to_json(probe.tls_version)},
                {"cipher", optional_to_json(probe.cipher)},
                {"forward_secrecy", optional_to_json(probe.forward_secrecy)},
                {"cert", cert_or_null(probe.cert)},
                {"error", optional_to_json(probe.error)},
                {"sni_required", optional_to_json(probe.sni_required)},
                {"legacy_tls_accepted", optional_to_json(probe.legacy_tls_accepted)},
                {"legacy_tls_version", optional_to_json(probe.legacy_tls_version)},
                {"dane_match", optional_to_json(probe.dane_match)}};
}

// RFC 6698 §2.1 fields by name; the association data as lower-case hex, as in zone files.
json dane_to_json(const std::optional<model::DaneFacts>& dane) {
    if (!dane) return nullptr;
    json records = json::array();
    for (const auto& record : dane->tlsa) {
        records.push_back(json{{"usage", record.usage},
                               {"selector", record.selector},
                               {"matching", record.matching},
                               {"data", base::to_hex(record.data)}});
    }
    return json{{"tlsa", std::move(records)},
                {"secure", dane->secure},
                {"active", dane->active},
                {"tlsrpt", optional_to_json(dane->tlsrpt)}};
}

json mx_host_to_json(const model::MxHost& host) {
    json addresses = json::array();
    for (const auto& probe : host.addresses) addresses.push_back(address_to_json(probe));
    return json{{"host", host.host},
                {"preference", optional_to_json(host.preference)},
                {"covered_by_policy", optional_to_json(host.covered_by_policy)},
                {"deliverable_under_policy", optional_to_json(host.deliverable_under_policy)},
                {"addresses", std::move(addresses)},
                {"dane", dane_to_json(host.dane)}};
}

// A policy as senders cached it; dates as RFC 3339, like every other date of the report.
json snapshot_to_json(const model::PolicySnapshot& snapshot) {
    return json{{"id", snapshot.id},
                {"body_sha256", snapshot.body_sha256},
                {"mode", snapshot.mode},
                {"max_age", snapshot.max_age},
                {"mx", strings_to_json(snapshot.mx)},
                {"fetched_at", base::format_rfc3339(snapshot.fetched_at)},
                {"cached_until", base::format_rfc3339(model::cache_expiry(snapshot))}};
}

json history_to_json(const std::optional<model::HistoryFacts>& history) {
    if (!history) return nullptr;
    json cached = json::array();
    for (const auto& snapshot : history->cached) cached.push_back(snapshot_to_json(snapshot));
    return json{{"snapshots_before", history->snapshots_before},
                {"cached", std::move(cached)},
                {"current", history->current ? snapshot_to_json(*history->current) : json(nullptr)}};
}

// Every row, [] when the modelled senders agree with the RFC reading.
json sender_differences_to_json(const std::vector<model::SenderDifference>& rows) {
    json out = json::array();
    for (const auto& row : rows) {
        out.push_back(json{{"implementation", row.implementation},
                           {"mx", optional_to_json(row.mx)},
                           {"rfc_outcome", row.rfc_outcome},
                           {"implementation_outcome", row.implementation_outcome},
                           {"why", row.why}});
    }
    return out;
}

json hosted_name_to_json(const model::HostedName& name) {
    return json{{"name", name.name}, {"target", optional_to_json(name.target)}, {"provider", optional_to_json(name.provider)}};
}

// RFC 8461 §8.2: who serves the policy, and where each of the three names points.
json hosted_to_json(const std::optional<model::HostedFacts>& hosted) {
    if (!hosted) return nullptr;
    return json{{"provider", hosted->provider},
                {"cnames",
                 {{"policy_host", hosted_name_to_json(hosted->policy_host)},
                  {"sts_record", hosted_name_to_json(hosted->sts_record)},
                  {"tlsrpt_record", hosted_name_to_json(hosted->tlsrpt_record)}}}};
}

}  // namespace

json cert_to_json(const model::CertFacts& cert) {
    return json{{"subject", cert.subject},
                {"issuer", cert.issuer},
                {"san", strings_to_json(cert.san)},
                {"not_before", time_or_null(cert.not_before)},
                {"not_after", time_or_null(cert.not_after)},
                {"days_left", optional_to_json(cert.days_left)},
                {"trusted", optional_to_json(cert.trusted)},
                {"name_match", optional_to_json(cert.name_match)},
                {"chain_error", optional_to_json(cert.chain_error)}};
}

json finding_to_json(const model::Finding& finding) {
    return json{{"id", finding.id},
                {"severity", std::string(model::to_string(finding.severity))},
                {"message", finding.message},
                {"subject", text_or_null(finding.subject)},
                {"rfc", text_or_null(finding.rfc)},
                {"hint", text_or_null(finding.hint)},
                {"tlsrpt_result_type", optional_to_json(finding.tlsrpt_result_type)},
                {"ignored", finding.ignored}};
}

json domain_report_to_json(const model::DomainReport& report) {
    json findings = json::array();
    for (const auto& finding : report.findings) findings.push_back(finding_to_json(finding));
    json mx = json::array();
    for (const auto& host : report.mx) mx.push_back(mx_host_to_json(host));
    return json{
        {"schema_version", k_schema_version},
        {"tool", {{"name", k_tool_name}, {"version", k_version}}},
        {"domain", optional_to_json(report.domain)},
        {"verdict", std::string(model::to_string(report.verdict))},
        {"elapsed_ms", report.elapsed_ms},
        {"findings", std::move(findings)},
        {"mta_sts", {{"record", sts_record_to_json(report.sts_record)}, {"policy", policy_to_json(report.policy)}}},
        {"tls_rpt", {{"record", tlsrpt_record_to_json(report.tlsrpt_record)}}},
        {"mx", std::move(mx)},
        {"history", history_to_json(report.history)},
        {"sender_differences", sender_differences_to_json(report.sender_differences)},
        {"hosted", hosted_to_json(report.hosted)}};
}

std::string dump_json(const nlohmann::json& value, bool pretty) {
    // Policy bodies, TXT strings and certificate names come from the wire and may hold bytes
    // that are not UTF-8; the strict default handler would throw on them, and wire
    // bytes are data, never a tool failure (docs/ARCHITECTURE.md, the three kinds of failure).
    return value.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mtasts::render
