#pragma once
// Choosing the record of a TXT RRset by its version tag, shared by `_mta-sts` (RFC 8461 §3.1)
// and `_smtp._tls` (RFC 8460 §3): records that begin with the tag are kept, the rest dropped;
// a dropped record that plainly meant to be one (a near miss) is reported with the reason.
// Internal to src/rfc.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/finding.hpp"

namespace mtasts::rfc::txt {

// One grammar's version tag and the words its messages use.
struct VersionTag {
    std::string_view tag;          // "v=STSv1"
    std::string_view near_prefix;  // squeezed lower-case start of any version: "v=stsv"
    std::string_view rfc;          // "RFC 8461"
    std::string_view kind;         // "MTA-STS"
    std::string_view readers;      // "senders"
    std::string_view example;      // "v=STSv1; id=..."
    model::FindingId missing_id;   // "sts.record.missing"
    model::FindingId invalid_id;   // "sts.record.invalid"
};

// Near misses listed one by one; the rest are counted in one finding.
inline constexpr std::size_t k_max_reported_records = 10;

struct RrsetSplit {
    std::vector<std::string_view> candidates;   // begin with the tag and a separator (or nothing)
    std::vector<std::string_view> near_misses;  // meant as such a record, dropped by readers
    std::vector<std::string_view> others;       // other TXT data (SPF, site verification, ...)
};

// Sorts the records of an RRset; whitespace before the ';' after the tag is grammatical
// (erratum 6285), so such a record is a candidate.
RrsetSplit split_rrset(std::span<const std::string> records, const VersionTag& version);

// Says in words why a near miss is not taken as a record.
std::string near_miss_reason(std::string_view record, const VersionTag& version);

// Adds the findings of the selection: the missing record, or each near miss (an error when no
// candidate remains, informative beside one). Returns true when there is no candidate.
bool report_selection(const RrsetSplit& split, const VersionTag& version, const std::string& name,
                      model::Findings& findings);

}  // namespace mtasts::rfc::txt
