// Aggregation of reports: the counts of the `report` JSON (docs/report.md).
#include "mtasts/report/aggregate.hpp"

#include <algorithm>
#include <limits>

#include "mtasts/base/time.hpp"

namespace mtasts::report {
namespace {

const std::string& or_unknown(const std::string& value) {
    static const std::string k_unknown_text = k_unknown;
    return value.empty() ? k_unknown_text : value;
}

void note_policy_strings(PolicySummary& policy, const std::vector<std::string>& strings,
                         const rfc::TlsRptReport& report) {
    auto it = std::find_if(policy.policy_strings.begin(), policy.policy_strings.end(),
                           [&](const PolicyStringsSeen& seen) { return seen.strings == strings; });
    if (it == policy.policy_strings.end()) {
        policy.policy_strings.push_back({strings, 0, std::nullopt, std::nullopt});
        it = std::prev(policy.policy_strings.end());
    }
    ++it->reports;
    if (report.start && (!it->first_seen || *report.start < *it->first_seen)) it->first_seen = report.start;
    if (report.end && (!it->last_seen || *report.end > *it->last_seen)) it->last_seen = report.end;
}

}  // namespace

FileEntry& Aggregator::add_file(std::string path) {
    m_summary.files.push_back(FileEntry{std::move(path), 0, std::nullopt, {}});
    return m_summary.files.back();
}

void Aggregator::sum(std::uint64_t& total, std::uint64_t n) {
    if (n > std::numeric_limits<std::uint64_t>::max() - total) {
        total = std::numeric_limits<std::uint64_t>::max();
        m_summary.saturated = true;
    } else {
        total += n;
    }
}

const ReportSource& Aggregator::first_source(const rfc::TlsRptReport& report) const {
    static const ReportSource k_none;
    const auto it = m_seen.find({report.organization_name, report.report_id});
    return it == m_seen.end() ? k_none : it->second;
}

void Aggregator::count_policy(const rfc::PolicyResult& policy, const rfc::TlsRptReport& report, DayCounts* day) {
    Summary& s = m_summary;
    const std::string& organization = or_unknown(report.organization_name);
    auto& p = s.policies[{policy.policy_domain, policy.policy_type}];
    p.policy_domain = policy.policy_domain;
    p.policy_type = policy.policy_type;
    sum(p.successful, policy.successful);
    sum(p.failed, policy.failed);
    sum(s.successful, policy.successful);
    sum(s.failed, policy.failed);
    sum(s.by_organization[organization], policy.successful);
    sum(s.by_organization[organization], policy.failed);
    if (day != nullptr) {
        sum(day->successful, policy.successful);
        sum(day->failed, policy.failed);
    }
    if (!policy.policy_strings.empty()) note_policy_strings(p, policy.policy_strings, report);
    for (const auto& detail : policy.failure_details) {
        const auto n = detail.failed_session_count;
        sum(p.failures[{detail.result_type, detail.receiving_mx_hostname, detail.sending_mta_ip,
                        report.organization_name}],
            n);
        sum(s.by_result_type[detail.result_type], n);
        sum(s.failed_by_mx[or_unknown(detail.receiving_mx_hostname)], n);
        sum(s.failed_by_sending_ip[or_unknown(detail.sending_mta_ip)], n);
        sum(s.failed_by_organization[organization], n);
    }
}

AddResult Aggregator::add(const rfc::TlsRptReport& report, const ReportSource& source) {
    if (m_filter.since || m_filter.until) {
        // A report without a usable date cannot be placed in the asked period.
        if (!report.start || !report.end) {
            ++m_summary.filtered_out;
            return AddResult::filtered_out;
        }
        if ((m_filter.since && *report.end < *m_filter.since) || (m_filter.until && *report.start >= *m_filter.until)) {
            ++m_summary.filtered_out;
            return AddResult::filtered_out;
        }
    }
    std::vector<const rfc::PolicyResult*> kept;
    for (const auto& policy : report.policies) {
        if (!m_filter.domain || policy.policy_domain == *m_filter.domain) kept.push_back(&policy);
    }
    if (m_filter.domain && kept.empty()) {
        ++m_summary.filtered_out;
        return AddResult::filtered_out;
    }
    // RFC 8460 §5.5: senders retry, so the same report can arrive twice (docs/rfc-rules.md H18).
    if (!report.report_id.empty()) {
        const auto [it, added] = m_seen.try_emplace({report.organization_name, report.report_id}, source);
        if (!added) {
            ++m_summary.duplicates;
            return it->second.content_hash == source.content_hash ? AddResult::duplicate : AddResult::conflicting_duplicate;
        }
    }

    Summary& s = m_summary;
    ++s.reports;
    if (report.start && (!s.start || *report.start < *s.start)) s.start = report.start;
    if (report.end && (!s.end || *report.end > *s.end)) s.end = report.end;
    DayCounts* day = report.start ? &s.daily[base::format_date(*report.start)] : nullptr;
    for (const auto* policy : kept) count_policy(*policy, report, day);
    return AddResult::counted;
}

}  // namespace mtasts::report
