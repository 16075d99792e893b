// --resume: reading the result lines an earlier `-o FILE` run wrote (include/mtasts/check/live/resume.hpp).
#include "mtasts/check/live/resume.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mtasts/base/printable.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/rfc/names.hpp"

namespace mtasts::check::live {
namespace {

using nlohmann::json;

// A result line is a few KiB (the policy body is capped at 64 KiB); a far longer one means
// FILE is not the output of -o.
constexpr std::size_t k_max_line_bytes = 16 * 1024 * 1024;

// The severities of the findings that count (not ignored), each once.
std::expected<std::vector<model::Severity>, std::string> counted_severities(const json& findings) {
    if (!findings.is_array()) return std::unexpected("\"findings\" is not an array");
    std::vector<model::Severity> counted;
    for (const json& finding : findings) {
        const auto severity = finding.is_object() && finding.contains("severity") && finding["severity"].is_string()
                                  ? model::severity_from_string(finding["severity"].get_ref<const std::string&>())
                                  : std::nullopt;
        if (!severity) return std::unexpected("a finding without a known \"severity\"");
        const bool ignored = finding.contains("ignored") && finding["ignored"] == true;
        if (!ignored && std::ranges::find(counted, *severity) == counted.end()) counted.push_back(*severity);
    }
    return counted;
}

[[noreturn]] void not_a_result_file(const std::string& name, std::size_t line, const std::string& why) {
    throw model::UsageError(base::printable(name) + ":" + std::to_string(line) + ": not a result line of -o (" + why +
                            "); --resume appends only to the output of an earlier run");
}

}  // namespace

model::Findings FinishedDomain::counted_findings() const {
    model::Findings findings(counted.size());
    for (std::size_t i = 0; i < counted.size(); ++i) findings[i].severity = counted[i];
    return findings;
}

std::expected<FinishedDomain, std::string> parse_result_line(std::string_view line) {
    const json object = json::parse(line, nullptr, false);
    if (!object.is_object()) return std::unexpected("not a JSON object");
    if (!object.contains("domain") || !object["domain"].is_string()) return std::unexpected("no \"domain\" string");
    auto domain = rfc::normalize_domain(object["domain"].get_ref<const std::string&>());
    if (!domain) return std::unexpected("\"domain\" is not a domain name: " + domain.error());
    const json verdict_value = object.value("verdict", json());
    const auto verdict =
        verdict_value.is_string() ? model::verdict_from_string(verdict_value.get<std::string>()) : std::nullopt;
    if (!verdict) return std::unexpected("\"verdict\" is not pass, warn, fail or incomplete");
    auto counted = counted_severities(object.value("findings", json()));
    if (!counted) return std::unexpected(counted.error());
    return FinishedDomain{std::move(*domain), *verdict, std::move(*counted)};
}

ResumePoint read_result_file(int fd, const std::string& name) {
    ResumePoint point;
    std::string pending;
    std::size_t line = 0;
    std::array<char, 64 * 1024> buffer{};
    for (;;) {
        const ssize_t n =
            ::pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(point.whole_bytes + pending.size()));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw model::UsageError(base::printable(name) + ": cannot read it: " + std::strerror(errno));
        if (n == 0) break;
        pending.append(buffer.data(), static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (auto end = pending.find('\n'); end != std::string::npos;
             start = end + 1, end = pending.find('\n', start)) {
            const std::string_view text = std::string_view(pending).substr(start, end - start);
            ++line;
            if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
            auto finished = parse_result_line(text);
            if (!finished) not_a_result_file(name, line, finished.error());
            point.finished.push_back(std::move(*finished));
        }
        point.whole_bytes += start;
        pending.erase(0, start);
        if (pending.size() > k_max_line_bytes) not_a_result_file(name, line + 1, "a line longer than 16 MiB");
    }
    point.torn_bytes = pending.size();
    return point;
}

}  // namespace mtasts::check::live
