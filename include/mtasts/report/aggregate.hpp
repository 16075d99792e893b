#pragma once
// Sums parsed TLS-RPT reports into the summary every output format shows. Holds only the
// aggregates (and the ids of the reports seen, to drop duplicates), never the reports.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "mtasts/rfc/tlsrpt_report.hpp"

namespace mtasts::report {

// What the command line narrows the summary to.
struct Filter {
    std::optional<std::string> domain;  // policy domain, lower case, no trailing dot
    std::optional<std::int64_t> since;  // keep reports whose range ends at or after this
    std::optional<std::int64_t> until;  // keep reports whose range starts before this
};

// One failure row: a result type seen at one MX from one sending IP by one reporter.
struct FailureKey {
    std::string result_type;
    std::string receiving_mx_hostname;
    std::string sending_mta_ip;
    std::string organization;
    auto operator<=>(const FailureKey&) const = default;
};

// A distinct policy-string list senders reported, with when it was seen.
struct PolicyStringsSeen {
    std::vector<std::string> strings;
    std::uint64_t reports = 0;
    std::optional<std::int64_t> first_seen;  // earliest report start
    std::optional<std::int64_t> last_seen;   // latest report end
};

struct PolicySummary {
    std::string policy_domain;
    std::string policy_type;
    std::uint64_t successful = 0;
    std::uint64_t failed = 0;
    std::map<FailureKey, std::uint64_t> failures;
    std::vector<PolicyStringsSeen> policy_strings;  // in order of first appearance
};

struct DayCounts {
    std::uint64_t successful = 0;
    std::uint64_t failed = 0;
};

// One input file and what it gave.
struct FileEntry {
    std::string path;
    std::uint64_t reports = 0;  // distinct reports counted from this file
    std::optional<std::string> error;
    std::vector<std::string> warnings;
};

struct Summary {
    std::uint64_t reports = 0;     // distinct reports counted
    std::uint64_t duplicates = 0;  // reports seen again (same organization and report-id)
    std::uint64_t filtered_out = 0;
    std::vector<FileEntry> files;
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> end;
    std::map<std::pair<std::string, std::string>, PolicySummary> policies;  // (domain, type)
    std::uint64_t successful = 0;
    std::uint64_t failed = 0;
    std::map<std::string, std::uint64_t> by_result_type;          // failed-session-count sums
    std::map<std::string, std::uint64_t> failed_by_mx;            // receiving-mx-hostname
    std::map<std::string, std::uint64_t> failed_by_sending_ip;    // sending-mta-ip
    std::map<std::string, std::uint64_t> failed_by_organization;  // detail sums per reporter
    std::map<std::string, std::uint64_t> by_organization;         // all sessions per reporter
    std::map<std::string, DayCounts> daily;                       // "YYYY-MM-DD" of report start
    bool saturated = false;  // a sum reached 2^64-1 and stayed there instead of wrapping
};

enum class AddResult { counted, duplicate, conflicting_duplicate, filtered_out };

// Where a report was read, to tell a retry (same content) from a clash (same report-id, other
// content).
struct ReportSource {
    std::string file;
    std::size_t content_hash = 0;  // rfc::ReportParse::content_hash
};

// Accumulates reports into a Summary.
class Aggregator {
public:
    explicit Aggregator(Filter filter) : m_filter(std::move(filter)) {}

    // Adds one report unless it is a duplicate (RFC 8460 §5.5 retries: same organization and
    // report-id) or the filter leaves nothing of it. A duplicate whose content differs from the
    // first one's is a conflicting_duplicate; first_source() then names where the counted one was.
    AddResult add(const rfc::TlsRptReport& report, const ReportSource& source = {});

    // Where the report counted under (organization, report-id) was read.
    const ReportSource& first_source(const rfc::TlsRptReport& report) const;

    // The file list is kept here too so that one object holds the whole summary.
    FileEntry& add_file(std::string path);

    const Summary& summary() const { return m_summary; }

private:
    Filter m_filter;
    Summary m_summary;
    // Adds n to total, stopping at the largest value (and saying so) instead of wrapping.
    void sum(std::uint64_t& total, std::uint64_t n);
    // Adds the sessions of one policy entry of `report` to every table; `day` is its day, if known.
    void count_policy(const rfc::PolicyResult& policy, const rfc::TlsRptReport& report, DayCounts* day);

    std::map<std::pair<std::string, std::string>, ReportSource> m_seen;
};

// Label used for an absent value in the by-MX, by-IP and by-organization tables.
inline constexpr const char* k_unknown = "(not reported)";

}  // namespace mtasts::report
