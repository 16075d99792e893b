#include "mtasts/model/severity.hpp"

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

}  // namespace mtasts::model
