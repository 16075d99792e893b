// Writing a policy and its id (RFC 8461 §3.1, §3.2).
#include "mtasts/rfc/policy_text.hpp"

#include <algorithm>

#include "mtasts/base/time.hpp"

namespace mtasts::rfc {

std::string policy_id_at(std::int64_t epoch_seconds, const std::optional<std::string>& served_id) {
    // "2026-11-30T13:52:58Z" without its punctuation: the id grammar allows letters and digits only.
    std::string at_time = base::format_rfc3339(epoch_seconds);
    std::erase_if(at_time, [](char c) { return c == '-' || c == ':' || c == 'Z'; });
    std::string id = at_time;
    for (int suffix = 2; served_id && id == *served_id; ++suffix) id = at_time + std::to_string(suffix);
    return id;
}

std::string render_policy_body(PolicyMode mode, const std::vector<std::string>& mx_patterns, std::int64_t max_age) {
    std::string body = "version: STSv1\r\nmode: " + std::string(to_string(mode)) + "\r\n";
    for (const std::string& pattern : mx_patterns) body += "mx: " + pattern + "\r\n";
    return body + "max_age: " + std::to_string(max_age) + "\r\n";
}

std::string sts_record_text(const std::string& id) {
    return "v=STSv1; id=" + id;
}

}  // namespace mtasts::rfc
