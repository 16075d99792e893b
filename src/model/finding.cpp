#include "mtasts/model/finding.hpp"

#include <stdexcept>

#include "mtasts/model/catalog.hpp"

namespace mtasts::model {

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
        case Severity::inconclusive: return "inconclusive";
    }
    return "info";
}

std::optional<Severity> severity_from_string(std::string_view text) {
    for (auto s : {Severity::info, Severity::warning, Severity::error, Severity::inconclusive}) {
        if (to_string(s) == text) return s;
    }
    return std::nullopt;
}

Finding make_finding(std::string_view id, std::string subject, std::string message) {
    const CatalogEntry* entry = find_entry(id);
    if (entry == nullptr) throw std::logic_error("finding id missing from the catalog: " + std::string(id));
    return make_finding(id, entry->severity, std::move(subject), std::move(message));
}

Finding make_finding(std::string_view id, Severity severity, std::string subject, std::string message) {
    const CatalogEntry* entry = find_entry(id);
    if (entry == nullptr) throw std::logic_error("finding id missing from the catalog: " + std::string(id));
    Finding finding;
    finding.id = entry->id;
    finding.severity = severity;
    finding.subject = std::move(subject);
    finding.message = std::move(message);
    finding.rfc = entry->rfc;
    finding.hint = entry->hint;
    if (!entry->tlsrpt_result_type.empty()) finding.tlsrpt_result_type = std::string(entry->tlsrpt_result_type);
    return finding;
}

}  // namespace mtasts::model
