// libFuzzer target: the MTA-STS policy body grammar (RFC 8461 §3.2), the media-type parser and
// MX pattern matching. Nothing may crash; a usable policy must satisfy the grammar's promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mtasts/rfc/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto evaluation = mtasts::rfc::evaluate_policy_body(input);
    if (evaluation.usable) {
        const auto& policy = evaluation.policy;
        if (!policy.version_ok || !policy.mode || !policy.max_age || *policy.max_age > 31557600) std::abort();
        if (*policy.mode != mtasts::rfc::PolicyMode::none && policy.mx.empty()) std::abort();
        for (const auto& pattern : policy.mx) {
            if (pattern.empty() || pattern.back() == '.') std::abort();
            // Every valid pattern matches itself, or one label in front of a wildcard's suffix.
            const std::string host = pattern.starts_with("*.") ? "x" + pattern.substr(1) : pattern;
            if (!mtasts::rfc::mx_pattern_matches(pattern, host)) std::abort();
        }
    }
    if (evaluation.findings.size() > 40) std::abort();
    (void)mtasts::rfc::evaluate_content_type(input.substr(0, 200), "fuzz");
    return 0;
}
