// Shared rules of the CI formats; see ci_common.hpp.
#include "ci_common.hpp"

#include <cctype>

#include "mtasts/version.hpp"

namespace mtasts::render::detail {

std::size_t area_of(const model::Finding& finding) {
    switch (finding.area) {
        case model::Area::record: return 0;
        case model::Area::policy: return 1;
        case model::Area::tlsrpt: return 3;
        case model::Area::mx:
        case model::Area::senders:
        case model::Area::dns:
        case model::Area::other: return 2;  // the real senders' and other findings are about delivery
    }
    return 2;
}

bool fails_run(const model::Finding& finding, model::FailOn fail_on) {
    if (finding.ignored) return false;
    switch (fail_on) {
        case model::FailOn::never: return false;
        case model::FailOn::warning:
            return finding.severity == model::Severity::error || finding.severity == model::Severity::warning;
        case model::FailOn::error: return finding.severity == model::Severity::error;
    }
    return false;
}

std::string rfc_url(std::string_view citation) {
    const std::size_t start = citation.find("RFC ");
    if (start == std::string_view::npos) return "";
    std::size_t i = start + 4;
    std::string number;
    while (i < citation.size() && std::isdigit(static_cast<unsigned char>(citation[i])) != 0) number += citation[i++];
    if (number.empty()) return "";
    std::string url = "https://www.rfc-editor.org/rfc/rfc" + number;
    const std::size_t section = citation.find("\xC2\xA7", i);  // "§"
    if (section == std::string_view::npos) return url;
    std::string anchor;
    for (i = section + 2; i < citation.size(); ++i) {
        const char c = citation[i];
        if (std::isdigit(static_cast<unsigned char>(c)) == 0 && c != '.') break;
        anchor += c;
    }
    while (!anchor.empty() && anchor.back() == '.') anchor.pop_back();
    if (!anchor.empty()) url += "#section-" + anchor;
    return url;
}

std::string tool_and_version() {
    return std::string(k_tool_name) + " " + k_version;
}

}  // namespace mtasts::render::detail
