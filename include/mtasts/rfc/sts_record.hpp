#pragma once
// The `_mta-sts` TXT RRset (RFC 8461 §3.1): which record a sender would use, and every problem.
// Pure: no I/O. Never throws on input; every problem is a finding.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/model/finding.hpp"

namespace mtasts::rfc {

struct StsRecord {
    std::string id;
    std::vector<std::pair<std::string, std::string>> extensions;  // unknown fields, in order
};

struct StsRecordEvaluation {
    // The record a conforming sender would act on; nullopt when senders apply no MTA-STS
    // (no record, several records, or the single record is invalid).
    std::optional<StsRecord> record;
    // Set when exactly one record starts with v=STSv1 but it is invalid: the id it seems to
    // carry, so that the policy can still be fetched for diagnosis (docs/rfc-rules.md A5).
    std::optional<std::string> diagnostic_id;
    model::Findings findings;  // sts.record.* findings; subject = record name or the record text
};

// Evaluates every TXT record at `record_name` (each already joined from its strings, RFC 8461
// §3.1: "concatenated without spaces"). An empty RRset yields sts.record.missing.
StsRecordEvaluation evaluate_sts_rrset(std::span<const std::string> txt_records, std::string_view record_name);

}  // namespace mtasts::rfc
