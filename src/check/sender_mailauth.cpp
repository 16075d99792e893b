// mailauth 4.13.3 (the MTA-STS code of ZoneMTA and WildDuck), from lib/mta-sts.js
// (resolvePolicy, fetchPolicy, parsePolicy, validateMx) and lib/parse-dkim-headers.js, which
// parses the TXT record as a DKIM-style tag list. JavaScript's trim(), toLowerCase() and
// Number() are modelled for the bytes a record or policy can hold (UTF-8).
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "mtasts/base/text.hpp"
#include "mtasts/check/sender_models.hpp"

namespace mtasts::check::senders {
namespace {

constexpr double k_max_age_limit = 31'557'600;  // parsePolicy

// The UTF-8 forms of the characters JavaScript's trim() and /\s/ take as white space.
constexpr std::array<std::string_view, 17> k_js_spaces = {
    " ", "\t", "\n", "\x0b", "\x0c", "\r", "\xC2\xA0", "\xEF\xBB\xBF", "\xE1\x9A\x80", "\xE2\x80\xA8",
    "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xE2\x80\x80", "\xE2\x80\x8A", "\xE2\x80\x85"};

// The length of the JavaScript white space that starts `text`, 0 when none does.
std::size_t space_prefix(std::string_view text) {
    for (std::string_view space : k_js_spaces) {
        if (text.starts_with(space)) return space.size();
    }
    // U+2000..U+200A, the rest of the range the table abbreviates.
    if (text.size() >= 3 && text[0] == '\xE2' && text[1] == '\x80' && static_cast<unsigned char>(text[2]) <= 0x8A) return 3;
    return 0;
}

std::size_t space_suffix(std::string_view text) {
    for (std::size_t length = 1; length <= 3 && length <= text.size(); ++length) {
        if (space_prefix(text.substr(text.size() - length)) == length) return length;
    }
    return 0;
}

std::string_view js_trim(std::string_view text) {
    while (const std::size_t n = text.empty() ? 0 : space_prefix(text)) text.remove_prefix(n);
    while (const std::size_t n = text.empty() ? 0 : space_suffix(text)) text.remove_suffix(n);
    return text;
}

// text.replace(/\s+/g, ' ').trim()
std::string js_squeeze(std::string_view text) {
    std::string out;
    bool in_space = false;
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t n = space_prefix(text.substr(i))) {
            in_space = true;
            i += n;
            continue;
        }
        if (in_space && !out.empty()) out += ' ';
        in_space = false;
        out += text[i++];
    }
    return out;
}

// String.prototype.toLowerCase(). JavaScript also lowers non-ASCII letters ("É" to "é"); the
// model lowers ASCII only, like every name comparison of the checker, so a policy whose mx or
// keys hold non-ASCII capitals is where the model and mailauth may part. Kept as its own name so
// that the call sites say whose semantics they follow.
std::string js_lower(std::string_view text) {
    return base::lower(text);
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// JavaScript Number() of a trimmed string: "" is 0, hex/octal/binary prefixes, Infinity,
// decimal literals with exponents; anything else is NaN (nullopt).
std::optional<double> js_number(std::string_view text) {
    if (text.empty()) return 0.0;
    std::string_view body = text;
    const bool negative = body.starts_with('-');
    if (body.starts_with('+') || body.starts_with('-')) body.remove_prefix(1);
    if (body == "Infinity") return negative ? -HUGE_VAL : HUGE_VAL;
    if (text.size() > 2 && text[0] == '0' && std::string_view("xXoObB").find(text[1]) != std::string_view::npos) {
        const int base = (text[1] == 'x' || text[1] == 'X') ? 16 : (text[1] == 'o' || text[1] == 'O') ? 8 : 2;
        double value = 0;
        for (char c : text.substr(2)) {
            const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                              : std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10 : 99;
            if (digit >= base) return std::nullopt;
            value = value * base + digit;
        }
        return value;
    }
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t from = i;
        while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i;
        return i - from;
    };
    std::size_t mantissa = digits();
    if (i < body.size() && body[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) return std::nullopt;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        ++i;
        if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
        if (digits() == 0) return std::nullopt;
    }
    if (i != body.size()) return std::nullopt;
    const std::string copy(text);
    return std::strtod(copy.c_str(), nullptr);
}

struct TagPart {
    std::string key, value;
    bool has_value = false;
};

// parse-dkim-headers.js headerParser, the states that a TXT record can reach: ';' ends a part,
// '=' ends the key, "(...)" is a comment, quotes keep ';' and '(' literal.
std::vector<TagPart> dkim_parts(std::string_view line) {
    std::vector<TagPart> parts(1);
    enum class State { key, value, comment, quoted } state = State::key, last = State::key;
    char quote = 0;
    for (char c : line) {
        TagPart& part = parts.back();
        if (state == State::comment) {
            if (c == ')') state = last;
            continue;
        }
        if (state == State::quoted) {
            if (c == quote) state = last;
            (last == State::key ? part.key : part.value) += c;
            continue;
        }
        if (state == State::key && c == '=') {
            state = State::value;
            part.has_value = true;
            continue;
        }
        std::string& target = state == State::key ? part.key : part.value;
        if (c == ';') {
            parts.emplace_back();
            state = State::key;
        } else if (c == '(') {
            last = state;
            state = State::comment;
        } else if (c == '"' || c == '\'') {
            last = state;
            target += c;
            state = State::quoted;
            quote = c;
        } else if (c != '\\') {
            target += c;
        }
    }
    return parts;
}

// The tag map of a record (the last copy of a tag wins; tags lower-cased, values squeezed).
std::map<std::string, std::string, std::less<>> dkim_tags(std::string_view record) {
    std::string_view line = js_trim(record);
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) line = js_trim(line.substr(colon + 1));
    std::vector<TagPart> parts = dkim_parts(line);
    std::erase_if(parts, [](TagPart& part) {
        part.key = js_lower(js_squeeze(part.key));
        part.value = js_squeeze(part.value);
        return part.key.empty();
    });
    // The first part without '=' is the header's own value, not a tag.
    if (auto bare = std::ranges::find_if(parts, [](const TagPart& p) { return !p.has_value; }); bare != parts.end()) parts.erase(bare);
    std::map<std::string, std::string, std::less<>> tags;
    for (const TagPart& part : parts) tags[part.key] = part.value;
    return tags;
}

SenderPolicy rejected(std::string why) {
    SenderPolicy policy;
    policy.rejected_because = std::move(why);
    return policy;
}

// parsePolicy: lines split on /\r?\n/, "key: value" trimmed, keys lower-cased, the last copy wins.
SenderPolicy parse_policy(std::string_view body) {
    SenderPolicy policy;
    policy.mode = "none";  // parsePolicy's default
    std::optional<std::string> version;
    bool max_age_seen = false;
    std::optional<double> max_age;
    for (std::size_t start = 0; start <= body.size();) {
        std::size_t end = std::min(body.find('\n', start), body.size());
        std::string_view line = body.substr(start, end - start);
        if (line.ends_with('\r') && end < body.size()) line.remove_suffix(1);
        start = end + 1;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string key = js_lower(js_trim(line.substr(0, colon)));
        const std::string_view value = js_trim(line.substr(colon + 1));
        if (key == "version") version = std::string(value);
        else if (key == "mode") policy.mode = js_lower(value);
        else if (key == "max_age") {
            max_age_seen = true;
            max_age = js_number(value);
        } else if (key == "mx" && std::ranges::find(policy.mx, js_lower(value)) == policy.mx.end()) policy.mx.push_back(js_lower(value));
    }
    if (version != "STSv1") return rejected("invalid_sts_version");
    if (policy.mode != "testing" && policy.mode != "enforce" && policy.mode != "none") return rejected("invalid_sts_mode");
    if (!max_age_seen || !max_age || *max_age < 0 || *max_age > k_max_age_limit) return rejected("invalid_sts_max_age");
    if (policy.mode != "none" && policy.mx.empty()) return rejected("invalid_sts_mx");
    policy.found = true;
    policy.max_age = *max_age;
    return policy;
}

}  // namespace

std::optional<std::string> mailauth_record_id(std::span<const std::string> txt_records) {
    std::vector<std::string_view> candidates;
    for (const std::string& record : txt_records) {
        // /^v=STSv1\b/i on the trimmed text: any case, and a word boundary after "1".
        const std::string_view text = js_trim(record);
        if (text.size() >= 7 && js_lower(text.substr(0, 7)) == "v=stsv1" && (text.size() == 7 || !is_word_char(text[7])))
            candidates.push_back(text);
    }
    if (candidates.size() != 1) return std::nullopt;  // several: the error "multi_sts_records"
    const auto tags = dkim_tags(candidates.front());
    const auto version = tags.find("v");
    const auto id = tags.find("id");
    if (version == tags.end() || js_lower(version->second) != "stsv1" || id == tags.end() || id->second.empty()) return std::nullopt;
    return id->second;
}

SenderPolicy mailauth_policy(std::span<const std::string> txt_records, const HttpAnswer* answer) {
    const std::optional<std::string> id = mailauth_record_id(txt_records);
    if (!id) return rejected("no usable MTA-STS record");
    if (answer == nullptr) return rejected("the policy could not be fetched");
    // fetchPolicy: any 2xx; neither the media type nor the size is looked at.
    if (answer->status < 200 || answer->status >= 300) return rejected("http_status_" + std::to_string(answer->status));
    SenderPolicy policy = parse_policy(answer->body);
    if (policy.found) policy.id = id;
    return policy;
}

bool mailauth_mx_matches(std::string_view mx_host, const std::vector<std::string>& patterns) {
    const std::string mx = js_lower(js_trim(mx_host));
    return std::ranges::any_of(patterns, [&mx](const std::string& raw) {
        std::string allowed = js_lower(js_trim(raw));
        if (allowed.starts_with("*.")) return mx.ends_with(allowed.substr(1));
        return allowed == mx;
    });
}

}  // namespace mtasts::check::senders
