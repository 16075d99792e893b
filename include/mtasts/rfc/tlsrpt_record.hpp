#pragma once
// The `_smtp._tls` TXT RRset (RFC 8460 §3): the record senders would use and every problem.
// Pure: no I/O. Never throws on input; every problem is a finding.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/finding.hpp"
#include "mtasts/model/observation.hpp"

namespace mtasts::rfc {

// Where one usable rua URI delivers reports, for checking that it can receive them.
struct RuaDestination {
    using Kind = model::RuaKind;
    std::string uri;   // as written in the record
    Kind kind = Kind::mail;
    std::string host;  // mail: the address's domain; https: the URL's host name (A-labels, lower case)
};

struct TlsRptRecord {
    std::vector<std::string> rua;  // every usable URI of every rua field, in order (mailto:/https:)
    std::vector<RuaDestination> destinations;  // the usable URIs that name a host (not an IP literal)
};

struct TlsRptRecordEvaluation {
    std::optional<TlsRptRecord> record;  // nullopt when senders send no reports
    std::vector<std::string> rua;        // URIs as written, even unusable ones or in an unusable record (for display)
    model::Findings findings;            // tlsrpt.* findings
};

// Evaluates every TXT record at `record_name` (strings joined without spaces). An empty RRset
// yields tlsrpt.record.missing.
TlsRptRecordEvaluation evaluate_tlsrpt_rrset(std::span<const std::string> txt_records, std::string_view record_name);

}  // namespace mtasts::rfc
