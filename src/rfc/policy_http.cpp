// What a sender checks of the HTTP answer besides the body: the media type (RFC 8461 §3.2)
// and the size (§3.3).
#include "mtasts/base/text.hpp"
#include "mtasts/rfc/names.hpp"
#include "mtasts/rfc/policy.hpp"
#include "txt_fields.hpp"

namespace mtasts::rfc {
namespace {

constexpr std::uint64_t k_hard_limit = 65'536;   // mox and postfix-mta-sts-resolver stop here
constexpr std::uint64_t k_soft_limit = 64'000;   // "64 kilobytes" read as decimal

// Header field values are trimmed of optional whitespace, OWS = *( SP / HTAB ) (RFC 9110 §5.6.3).
std::string_view trim(std::string_view text) {
    return base::trim(text, base::k_wsp);
}

}  // namespace

model::Findings evaluate_content_type(std::optional<std::string_view> content_type, std::string_view subject) {
    model::Findings findings;
    if (!content_type) {
        findings.push_back(model::make_finding("policy.content-type", std::string(subject),
                                               "the answer has no Content-Type header; senders such as "
                                               "postfix-mta-sts-resolver reject a policy that is not text/plain"));
        return findings;
    }
    // Media types and parameter names are case-insensitive (RFC 9110 §8.3.1).
    std::string_view rest = *content_type;
    const auto semicolon = rest.find(';');
    const std::string media_type = base::lower(trim(rest.substr(0, semicolon)));
    if (media_type != "text/plain") {
        findings.push_back(model::make_finding("policy.content-type", std::string(subject),
                                               "the media type is " + txt::quote(media_type) + ", not text/plain" +
                                                   (media_type == "text/html" ? " (an HTML page: often a soft 404 or a CDN challenge)" : "")));
        return findings;
    }
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    for (const std::string_view piece : base::split(rest, ';')) {
        const std::string_view parameter = trim(piece);
        const auto equals = parameter.find('=');
        if (equals == std::string_view::npos || base::lower(trim(parameter.substr(0, equals))) != "charset") continue;
        std::string_view value = trim(parameter.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        const std::string charset = base::lower(value);
        if (charset != "utf-8" && charset != "us-ascii" && charset != "utf8") {
            findings.push_back(model::make_finding("policy.charset", std::string(subject),
                                                   "the charset is " + txt::quote(value) + "; RFC 8461 §3.2 expects utf-8 or us-ascii"));
        }
    }
    return findings;
}

model::Findings evaluate_body_size(std::uint64_t size, std::string_view subject) {
    model::Findings findings;
    if (size > k_hard_limit) {
        findings.push_back(model::make_finding("policy.too-large", std::string(subject),
                                               "the policy is " + std::to_string(size) + " bytes, above the 65,536 bytes senders read"));
    } else if (size > k_soft_limit) {
        findings.push_back(model::make_finding("policy.size-ambiguous", std::string(subject),
                                               "the policy is " + std::to_string(size) + " bytes: \"64 kilobytes\" may mean 64,000 to some senders"));
    }
    return findings;
}

}  // namespace mtasts::rfc
