// Result-type explanations and delivery checks (RFC 8460 §4.3, §5).
#include "mtasts/report/explain.hpp"

#include <algorithm>

#include "mtasts/base/text.hpp"
#include "mtasts/model/catalog.hpp"

namespace mtasts::report {
namespace {

// A domain as reports are compared: ASCII lower case, without trailing dots.
std::string domain_key(std::string_view domain) {
    return base::lower(base::trim_end(domain, "."));
}

bool names_policy_domain(const rfc::TlsRptReport& report, std::string_view domain) {
    const std::string wanted = domain_key(domain);
    return std::any_of(report.policies.begin(), report.policies.end(),
                       [&](const rfc::PolicyResult& p) { return p.policy_domain == wanted; });
}

bool has_any_policy_domain(const rfc::TlsRptReport& report) {
    return std::any_of(report.policies.begin(), report.policies.end(),
                       [](const rfc::PolicyResult& p) { return !p.policy_domain.empty(); });
}

}  // namespace

std::string_view result_type_meaning(std::string_view result_type) {
    if (const auto* info = rfc::find_result_type(result_type)) return info->meaning;
    return "not defined by RFC 8460 §4.3: see the reporting organization's documentation";
}

std::vector<std::string> findings_for_result_type(std::string_view result_type) {
    std::vector<std::string> ids;
    for (const auto& entry : model::catalog()) {
        if (entry.tlsrpt_result_type == result_type) ids.emplace_back(entry.id);
    }
    return ids;
}

std::string_view no_live_check_text(std::string_view result_type) {
    const auto* info = rfc::find_result_type(result_type);
    if (info != nullptr && info->section == std::string_view("RFC 8460 §4.3.2"))
        return "no live check: mta-sts-check does not test DANE";
    return "no live check matches this result type";
}

std::vector<std::string> delivery_warnings(const FoundReport& found, const rfc::TlsRptReport& report) {
    std::vector<std::string> warnings;
    const std::string where = found.origin.empty() ? "" : found.origin + ": ";
    if (found.mail) {
        const MailInfo& mail = *found.mail;
        // RFC 8460 §5.3: both headers MUST be present; the submitter MUST be contact-info's domain.
        if (!mail.report_domain) {
            warnings.push_back(where + "no TLS-Report-Domain header (RFC 8460 §5.3 MUST)");
        } else if (has_any_policy_domain(report) && !names_policy_domain(report, *mail.report_domain)) {
            // §5.6: the body is authoritative.
            warnings.push_back(where + "TLS-Report-Domain " + *mail.report_domain +
                               " is not a policy-domain of the report; the report body is used (RFC 8460 §5.6)");
        }
        if (!mail.submitter) {
            warnings.push_back(where + "no TLS-Report-Submitter header (RFC 8460 §5.3 MUST)");
        } else if (const auto at = report.contact_info.rfind('@');
                   at != std::string::npos && domain_key(report.contact_info.substr(at + 1)) != domain_key(*mail.submitter)) {
            warnings.push_back(where + "TLS-Report-Submitter " + *mail.submitter +
                               " is not the domain of contact-info " + report.contact_info + " (RFC 8460 §5.3)");
        }
    }
    // RFC 8460 §5.1: sender!policy-domain!begin!end[!unique-id].json[.gz]
    const std::string& name = found.file_name;
    const auto first = name.find('!');
    if (first != std::string::npos) {
        const auto second = name.find('!', first + 1);
        if (second != std::string::npos) {
            const std::string domain = name.substr(first + 1, second - first - 1);
            if (has_any_policy_domain(report) && !names_policy_domain(report, domain)) {
                warnings.push_back(
                    where + "file name " + name + " names " + domain +
                    ", which is not a policy-domain of the report; the report body is used (RFC 8460 §5.6)");
            }
        }
    }
    return warnings;
}

}  // namespace mtasts::report
