// Shared rules of the CI formats; see ci_common.hpp.
#include "ci_common.hpp"

#include <cctype>

#include "mtasts/version.hpp"

namespace mtasts::render::detail {
namespace {

constexpr std::size_t k_record = 0;
constexpr std::size_t k_policy = 1;
constexpr std::size_t k_mx = 2;
constexpr std::size_t k_tlsrpt = 3;

// dns.lookup-failed names its query in the subject ("TXT _mta-sts.example.org (SERVFAIL)");
// the name queried tells which area could not be decided.
std::size_t area_of_lookup(std::string_view subject) {
    if (subject.find("_mta-sts.") != std::string_view::npos) return k_record;
    if (subject.find("_smtp._tls.") != std::string_view::npos) return k_tlsrpt;
    if (subject.find(" mta-sts.") != std::string_view::npos) return k_policy;
    return k_mx;
}

}  // namespace

std::size_t area_of(const model::Finding& finding) {
    const std::string_view id = finding.id;
    if (id.starts_with("sts.")) return k_record;
    if (id.starts_with("policy.")) return k_policy;
    if (id.starts_with("tlsrpt.")) return k_tlsrpt;
    if (id.starts_with("dns.")) return area_of_lookup(finding.subject);
    return k_mx;  // mx.*, delivery.*
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
