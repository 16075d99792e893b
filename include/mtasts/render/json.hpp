#pragma once
// JSON of one domain's report, exactly as the man page's OUTPUT section describes it
// (schema_version 1).
// Every required key is present; an absent fact is null, never a missing key. Empty strings in
// a finding's subject, rfc and hint mean "none" and are written as null too.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "mtasts/model/report.hpp"

namespace mtasts::render {

// The schema version written in every object; bump it when a key is renamed or removed.
inline constexpr int k_schema_version = 1;

// JSON of one domain (schema_version 1): every required key present, null for absent facts.
nlohmann::json domain_report_to_json(const model::DomainReport& report);

// JSON object of one certificate (shared by the policy host and MX addresses).
nlohmann::json cert_to_json(const model::CertFacts& cert);

// One finding as {id, severity, message, subject, rfc, hint, tlsrpt_result_type, ignored}.
nlohmann::json finding_to_json(const model::Finding& finding);

// Serialises safely: invalid UTF-8 from the wire is replaced, never throws (error_handler_t::replace).
std::string dump_json(const nlohmann::json& value, bool pretty);

}  // namespace mtasts::render
