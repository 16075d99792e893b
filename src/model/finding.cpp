#include "mtasts/model/finding.hpp"

namespace mtasts::model {

Finding make_finding(FindingId id, std::string subject, std::string message) {
    return make_finding(id, id.entry().severity, std::move(subject), std::move(message));
}

Finding make_finding(FindingId id, Severity severity, std::string subject, std::string message) {
    const CatalogEntry& entry = id.entry();
    Finding finding;
    finding.id = entry.id;
    finding.severity = severity;
    finding.subject = std::move(subject);
    finding.message = std::move(message);
    finding.rfc = entry.rfc;
    finding.hint = entry.hint;
    if (!entry.tlsrpt_result_type.empty()) finding.tlsrpt_result_type = std::string(entry.tlsrpt_result_type);
    finding.area = entry.area;
    return finding;
}

Finding make_finding(FindingId id, Area area, std::string subject, std::string message) {
    Finding finding = make_finding(id, std::move(subject), std::move(message));
    finding.area = area;
    return finding;
}

}  // namespace mtasts::model
