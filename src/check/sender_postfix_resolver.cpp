// postfix-mta-sts-resolver 1.1.2 (Debian 12), line by line from its source: utils.py
// (parse_mta_sts_record, parse_mta_sts_policy, is_plaintext), resolver.py (resolve) and
// responder.py (the socketmap answer). Python's str methods are modelled for the bytes a policy
// can hold; where they depart from RFC 8461 is said in docs/findings.md, "Real senders".
#include <algorithm>
#include <map>
#include <set>

#include "mtasts/base/text.hpp"
#include "mtasts/base/utf8.hpp"
#include "mtasts/check/sender_models.hpp"
#include "mtasts/rfc/names.hpp"

namespace mtasts::check::senders {
namespace {

constexpr std::size_t k_hard_limit = 64 * 1024;    // constants.py HARD_RESP_LIMIT
constexpr double k_max_age_limit = 31'557'600;     // resolver.py

// Python's str.isspace() for ASCII: what strip(), rstrip() and lstrip() remove.
bool py_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c' ||
           (c >= '\x1c' && c <= '\x1f');
}

std::string_view py_strip(std::string_view text) {
    while (!text.empty() && py_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && py_space(text.back())) text.remove_suffix(1);
    return text;
}

// parse_mta_sts_record: fields split on ';', stripped, "k=v" into a dict (the last copy wins).
std::map<std::string, std::string, std::less<>> parse_record(std::string_view record) {
    std::map<std::string, std::string, std::less<>> fields;
    std::size_t start = 0;
    while (start <= record.size()) {
        const std::size_t end = std::min(record.find(';', start), record.size());
        const std::string_view field = py_strip(record.substr(start, end - start));
        if (!field.empty()) {
            const std::size_t equals = field.find('=');
            fields[std::string(field.substr(0, equals))] =
                equals == std::string_view::npos ? std::string() : std::string(field.substr(equals + 1));
        }
        start = end + 1;
    }
    return fields;
}

// The charset aiohttp reports (the "charset" parameter, or None: then the body is ASCII).
std::string charset_of(std::string_view content_type) {
    const std::string lowered = base::lower(content_type);
    const std::size_t at = lowered.find("charset=");
    if (at == std::string::npos) return "ascii";
    std::string_view value = std::string_view(lowered).substr(at + 8);
    value = value.substr(0, value.find(';'));
    value = py_strip(value);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
}

enum class Codec { ascii, utf8, latin1, single_byte, unknown };

Codec codec_of(std::string_view charset) {
    if (charset == "ascii" || charset == "us-ascii") return Codec::ascii;
    if (charset == "utf-8" || charset == "utf8") return Codec::utf8;
    if (charset == "iso-8859-1" || charset == "latin-1" || charset == "latin1") return Codec::latin1;
    if (charset.starts_with("iso-8859-") || charset.starts_with("windows-125") || charset.starts_with("cp125"))
        return Codec::single_byte;
    return Codec::unknown;
}

// The length of a str.splitlines() line boundary at `at`, 0 when there is none. Python splits
// on \n, \r, \r\n, \v, \f, \x1c-\x1e, and after decoding on U+0085, U+2028 and U+2029.
std::size_t line_break_at(std::string_view text, std::size_t at, Codec codec) {
    const char c = text[at];
    if (c == '\r') return at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
    if (c == '\n' || c == '\x0b' || c == '\x0c' || c == '\x1c' || c == '\x1d' || c == '\x1e') return 1;
    const std::string_view rest = text.substr(at);
    if (codec == Codec::utf8 && (rest.starts_with("\xC2\x85") || rest.starts_with("\xE2\x80\xA8") || rest.starts_with("\xE2\x80\xA9")))
        return rest.starts_with("\xC2") ? 2 : 3;
    if (codec == Codec::latin1 && c == '\x85') return 1;
    return 0;
}

std::vector<std::string_view> py_splitlines(std::string_view text, Codec codec) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t length = line_break_at(text, i, codec)) {
            lines.push_back(text.substr(start, i - start));
            i += length;
            start = i;
        } else {
            ++i;
        }
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

// Python int() of an already stripped str: a sign, digits, single '_' between digits.
std::optional<double> py_int(std::string_view text) {
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
    std::string digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') digits += c;
        else if (c != '_' || i == 0 || i + 1 == text.size() || text[i + 1] == '_') return std::nullopt;
    }
    if (digits.empty()) return std::nullopt;
    if (digits.size() > 15) return 1e300;  // beyond every limit that follows
    double value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

SenderPolicy rejected(std::string why) {
    SenderPolicy policy;
    policy.rejected_because = std::move(why);
    return policy;
}

// resolver.py after the fetch: decode, parse_mta_sts_policy, then the checks in their order.
SenderPolicy parse_policy(std::string_view body, Codec codec) {
    std::map<std::string, std::string, std::less<>> fields;
    std::vector<std::string> mx;
    for (std::string_view line : py_splitlines(body, codec)) {
        while (!line.empty() && py_space(line.back())) line.remove_suffix(1);
        const std::size_t colon = line.find(':');
        const std::string_view key = line.substr(0, colon);
        std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        while (!value.empty() && py_space(value.front())) value.remove_prefix(1);
        if (key == "mx") mx.emplace_back(value);
        else fields[std::string(key)] = std::string(value);
    }
    auto field = [&](std::string_view key) -> const std::string* {
        auto found = fields.find(key);
        return found == fields.end() ? nullptr : &found->second;
    };
    if (const std::string* version = field("version"); version == nullptr || *version != "STSv1")
        return rejected("version is not STSv1");
    const std::string* max_age_text = field("max_age");
    const std::optional<double> max_age = py_int(max_age_text ? *max_age_text : "-1");
    if (!max_age) return rejected("max_age is not an integer");
    if (*max_age < 0 || *max_age > k_max_age_limit) return rejected("max_age is out of range");
    const std::string* mode = field("mode");
    if (mode == nullptr) return rejected("mode is missing");
    if (*mode != "none" && *mode != "testing" && *mode != "enforce") return rejected("mode is not none, testing or enforce");
    if (*mode != "none" && mx.empty()) return rejected("no mx line");
    SenderPolicy policy;
    policy.found = true;
    policy.mode = *mode;
    policy.max_age = *max_age;
    policy.mx = std::move(mx);
    return policy;
}

}  // namespace

std::optional<std::string> postfix_resolver_record_id(std::span<const std::string> txt_records) {
    std::vector<std::string_view> candidates;
    for (const std::string& record : txt_records) {
        // utils.filter_text: a record that is not ASCII is dropped; then startswith("v=STSv1").
        if (base::is_ascii(record) && record.starts_with("v=STSv1")) candidates.push_back(record);
    }
    if (candidates.size() != 1) return std::nullopt;
    const auto fields = parse_record(candidates.front());
    const auto version = fields.find("v");
    const auto id = fields.find("id");
    if (version == fields.end() || version->second != "STSv1" || id == fields.end()) return std::nullopt;
    return id->second;
}

SenderPolicy postfix_resolver_policy(std::span<const std::string> txt_records, const HttpAnswer* answer) {
    const std::optional<std::string> id = postfix_resolver_record_id(txt_records);
    if (!id) return rejected("no usable MTA-STS record");
    if (answer == nullptr) return rejected("the policy could not be fetched");
    if (answer->status != 200) return rejected("HTTP status " + std::to_string(answer->status));
    // utils.is_plaintext: the media type before ';', case-insensitive; no header is "".
    const std::string content_type = answer->content_type.value_or("");
    const std::string media = base::lower(py_strip(std::string_view(content_type).substr(0, content_type.find(';'))));
    if (media != "text/plain") return rejected("media type is not text/plain");
    if (answer->too_large || answer->body.size() > k_hard_limit) return rejected("body larger than 64 KiB");
    const std::string charset = charset_of(content_type);
    const Codec codec = codec_of(charset);
    if (codec == Codec::unknown) return rejected("unknown charset " + charset);
    if (codec == Codec::ascii && !base::is_ascii(answer->body)) return rejected("non-ASCII bytes without a charset (decoded as ASCII)");
    if (codec == Codec::utf8 && !base::is_valid_utf8(answer->body)) return rejected("body is not valid UTF-8");
    SenderPolicy policy = parse_policy(answer->body, codec);
    if (policy.found) policy.id = id;
    return policy;
}

std::vector<std::string> postfix_match_list(const std::vector<std::string>& patterns) {
    // responder.py: [mx.lstrip('*') for mx in set(pol_body['mx'])]; the order does not matter.
    std::set<std::string> unique(patterns.begin(), patterns.end());
    std::vector<std::string> list;
    for (const std::string& pattern : unique) {
        std::string_view stripped = pattern;
        while (stripped.starts_with('*')) stripped.remove_prefix(1);
        list.emplace_back(stripped);
    }
    return list;
}

bool postfix_secure_match(const std::vector<std::string>& match_list, std::span<const std::string> cert_names) {
    // An IP address in the list becomes an address check that no MX certificate passes, and it
    // fails the whole list ("IP address mismatch" in the lab, tests/lab/test_sender.py).
    const bool has_ip = std::ranges::any_of(match_list, [](const std::string& pattern) {
        return !pattern.empty() && (pattern.find(':') != std::string::npos ||
                                    std::ranges::all_of(pattern, [](char c) { return (c >= '0' && c <= '9') || c == '.'; }));
    });
    if (has_ip) return false;
    for (const std::string& raw_name : cert_names) {
        const std::string name = rfc::canonical_host(raw_name);
        for (const std::string& raw_pattern : match_list) {
            const std::string pattern = rfc::canonical_host(raw_pattern);
            if (pattern.size() > 1 && pattern.front() == '.') {
                // A sub-domain match: any name below the domain, however many labels deep.
                if (name.size() > pattern.size() && name.ends_with(pattern)) return true;
                continue;
            }
            if (pattern.empty()) continue;
            if (name == pattern) return true;
            // A "*." certificate name covers exactly the first label of the pattern.
            const std::size_t dot = pattern.find('.');
            if (name.starts_with("*.") && name.size() > 2 && dot != std::string::npos && dot > 0 &&
                std::string_view(pattern).substr(dot) == std::string_view(name).substr(1))
                return true;
        }
    }
    return false;
}

std::vector<std::string> postfix_cert_names(std::span<const std::string> san, std::string_view subject) {
    if (!san.empty()) return {san.begin(), san.end()};
    for (std::size_t at = subject.find("CN="); at != std::string_view::npos; at = subject.find("CN=", at + 1)) {
        if (at != 0 && subject[at - 1] != ',') continue;
        const std::string_view value = subject.substr(at + 3, subject.find(',', at) - (at + 3));
        return {std::string(value)};
    }
    return {};
}

}  // namespace mtasts::check::senders
