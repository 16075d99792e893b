#pragma once
// Ties each RFC 8460 result type to its meaning and to the finding ids of the live check that
// diagnose it (the catalog's tlsrpt_result_type column), so a report reader knows what to run.
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/report/inputs.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"

namespace mtasts::report {

// One line saying what `result_type` means; for a type RFC 8460 does not define, says so.
std::string_view result_type_meaning(std::string_view result_type);

// Finding ids that diagnose `result_type` live, in catalog order; empty when no check does
// (the DANE types: mta-sts-check does not check DANE).
std::vector<std::string> findings_for_result_type(std::string_view result_type);

// What to show when no finding diagnoses `result_type`: the DANE types are out of scope, others
// (unregistered types) simply have no matching check.
std::string_view no_live_check_text(std::string_view result_type);

// Warnings about how a report was delivered compared with its body: RFC 8460 §5.3 headers
// (TLS-Report-Domain, TLS-Report-Submitter = contact-info domain), §5.1 file name, and §5.6
// (the body wins when they disagree).
std::vector<std::string> delivery_warnings(const FoundReport& found, const rfc::TlsRptReport& report);

}  // namespace mtasts::report
