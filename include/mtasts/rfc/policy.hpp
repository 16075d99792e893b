#pragma once
// The MTA-STS policy body (RFC 8461 §3.2) and the HTTP facts that decide whether a sender
// accepts it (media type, size). Pure: no I/O; never throws on input.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/finding.hpp"

namespace mtasts::rfc {

enum class PolicyMode { enforce, testing, none };

// A week: RFC 8461 §3.2 expects a max_age of "weeks or greater" for an enforced policy
// (policy.max-age-below-week below it; what promote proposes at least).
inline constexpr std::int64_t k_max_age_week = 604'800;

// "enforce" | "testing" | "none".
std::string_view to_string(PolicyMode mode);

struct Policy {
    std::optional<PolicyMode> mode;         // nullopt when missing or invalid
    std::optional<std::string> mode_text;   // the value as written (first occurrence)
    std::optional<std::int64_t> max_age;    // nullopt when missing or invalid
    std::vector<std::string> mx;            // valid patterns, lower-cased, in order
    bool version_ok = false;
};

struct PolicyEvaluation {
    Policy policy;
    // Whether a conforming sender would accept this body as a policy at all.
    bool usable = false;
    model::Findings findings;  // policy.* findings; subject = "line N" (column in the message)
};

// Parses and judges a policy body.
PolicyEvaluation evaluate_policy_body(std::string_view body);

// Judges a Content-Type header value (nullopt = header absent): policy.content-type, policy.charset.
model::Findings evaluate_content_type(std::optional<std::string_view> content_type, std::string_view subject);

// Judges the body size in bytes: policy.too-large (> 65536), policy.size-ambiguous (> 64000).
model::Findings evaluate_body_size(std::uint64_t size, std::string_view subject);

// RFC 8461 §4.1: does the MX host match the pattern? Case-insensitive, one trailing dot on the
// host ignored, "*." matches exactly one non-empty left-most label.
bool mx_pattern_matches(std::string_view pattern, std::string_view mx_host);

// Whether any of a policy's mx patterns matches the MX host (RFC 8461 §4.1).
bool mx_covered(const std::vector<std::string>& patterns, std::string_view mx_host);

}  // namespace mtasts::rfc
