// The MTA-STS policy body (RFC 8461 §3.2), parsed line by line in one pass. Strict where the
// ABNF is strict and mox rejects (docs/rfc-rules.md, group C); lenient only where the RFC is.
#include "mtasts/rfc/policy.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "mtasts/base/text.hpp"
#include "mtasts/base/utf8.hpp"
#include "mtasts/rfc/names.hpp"
#include "policy_lines.hpp"
#include "txt_fields.hpp"

namespace mtasts::rfc {
namespace {

constexpr std::int64_t k_max_age_limit = 31'557'600;  // RFC 8461 §3.2: about one year
constexpr std::int64_t k_max_age_short = 86'400;      // below a day the cache barely helps
constexpr std::size_t k_line_finding_cap = 20;

constexpr std::array<std::string_view, 4> k_keys = {"version", "mode", "max_age", "mx"};

// Levenshtein distance capped at 2 (keys are short), for the did-you-mean hint.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    if (a.size() > 16 || b.size() > 16) return 99;
    std::array<std::size_t, 17> previous{};
    std::array<std::size_t, 17> current{};
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
        }
        previous = current;
    }
    return previous[b.size()];
}

// The defined key a mistyped key most likely meant: wrong case, a space before the colon,
// or one edit away ("nmx", "mod", "max-age").
std::optional<std::string_view> meant_key(std::string_view key) {
    const std::string lowered = canonical_host(key);
    const std::string_view trimmed = base::trim_end(lowered, base::k_wsp);
    for (std::string_view defined : k_keys) {
        if (trimmed == defined || edit_distance(trimmed, defined) <= 1) return defined;
    }
    return std::nullopt;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// Why an mx value is not "*." + Domain (RFC 8461 §3.2, RFC 5321 Domain), or nullopt if it is.
std::optional<std::string> mx_value_problem(std::string_view value) {
    if (value.find(',') != std::string_view::npos || value.find(' ') != std::string_view::npos ||
        value.find('\t') != std::string_view::npos)
        return std::string("holds several names: write one \"mx:\" line per MX host (RFC 8461 §3.2)");
    if (value.find("://") != std::string_view::npos) return std::string("is a URL: write only the host name");
    if (value.starts_with('[')) return std::string("is an address literal: MX patterns are host names, never IP addresses");
    if (value.find(':') != std::string_view::npos)
        return std::string("holds a port or an IPv6 address: write only the MX host name");
    if (value.ends_with('.')) return std::string("ends with a dot: write the name without the trailing dot");
    std::string_view name = value;
    if (name.starts_with("*.")) name.remove_prefix(2);
    if (std::ranges::any_of(name, [](unsigned char c) { return c >= 0x80; })) {
        auto a_labels = normalize_domain(name);
        return std::string("is not ASCII: write the A-label (punycode) form") +
               (a_labels ? " \"" + std::string(value.starts_with("*.") ? "*." : "") + *a_labels + "\"" : std::string());
    }
    if (name.find('*') != std::string_view::npos) return std::string("has a '*' that is not the whole first label \"*.\"");
    const bool ip_like = std::ranges::all_of(name, [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (ip_like) return std::string("is an IP address: MX patterns are host names");
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string_view label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty()) return std::string("has an empty label");
        if (label.size() > 63) return std::string("has a label longer than 63 characters");
        for (char c : label) {
            if (!txt::is_alnum(c) && c != '-') return "contains " + txt::describe_byte(static_cast<unsigned char>(c)) + ", not allowed in a host name";
        }
        if (label.front() == '-' || label.back() == '-') return std::string("has a label that starts or ends with '-'");
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (name.size() > 253) return std::string("is longer than 253 characters");
    // A bare single label ("localhost") names no MX host of a mail domain. "*.com" is a valid
    // pattern (RFC 8461 §3.2 allows "*." before any Domain, and senders match it by §4.1): it is
    // only too broad, which the evaluator says as policy.mx-wildcard-broad.
    if (name.find('.') == std::string_view::npos && !value.starts_with("*."))
        return std::string("has a single label: write a full host name such as \"mail.example.com\"");
    return std::nullopt;
}

// Why an extension value breaks the ABNF (visible characters, UTF-8 allowed, no controls).
std::optional<std::string> extension_value_problem(std::string_view value) {
    if (value.empty()) return std::string("has an empty value");
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto c = static_cast<unsigned char>(value[i]);
        if (c < 0x20 && c != '\t') return "contains " + txt::describe_byte(c);
        if (c == 0x7f) return "contains " + txt::describe_byte(c);
    }
    if (!base::is_valid_utf8(value)) return std::string("is not valid UTF-8");
    return std::nullopt;
}

class PolicyParser {
public:
    PolicyEvaluation run(std::string_view body) {
        const std::vector<PolicyLine> lines = split_policy_lines(body);
        for (const PolicyLine& line : lines) judge_line(line);
        finish();
        return std::move(m_result);
    }

private:
    void add_line_finding(model::FindingId id, const PolicyLine& line, std::string message,
                          std::optional<model::Severity> severity = std::nullopt, std::size_t column = 1) {
        if (m_line_findings++ >= k_line_finding_cap) {
            ++m_dropped;
            if (id == "policy.invalid" || id == "policy.mx-invalid") m_dropped_error = true;
            return;
        }
        const std::string subject = "line " + std::to_string(line.number);
        m_result.findings.push_back(severity ? model::make_finding(id, *severity, subject, std::move(message))
                                             : model::make_finding(id, subject, std::move(message)));
        m_result.findings.back().line = line.number;
        m_result.findings.back().column = column;
    }

    void grammar_error(const PolicyLine& line, std::size_t column, std::string what) {
        m_grammar_broken = true;
        add_line_finding("policy.invalid", line, "line " + std::to_string(line.number) + ", column " + std::to_string(column) + ": " + what,
                         std::nullopt, column);
    }

    void judge_line(const PolicyLine& line) {
        if (line.bare_cr) {
            // RFC 8461 §3.2: LF or CRLF only. Python's splitlines() accepts a bare CR, mox does not.
            grammar_error(line, line.bare_cr_column, "a bare CR (\\r) ends a line: use LF or CRLF");
            return;
        }
        if (line.ends_with_bare_lf) m_bare_lf = true;
        std::string_view text = line.text;
        if (text.empty()) {
            grammar_error(line, 1, "is empty: blank lines are not allowed anywhere in a policy");
            return;
        }
        if (line.number == 1 && text.starts_with("\xEF\xBB\xBF")) {
            grammar_error(line, 1, "starts with a UTF-8 byte order mark (BOM): save the file without it");
            return;
        }
        if (txt::is_wsp(text.front())) {
            grammar_error(line, 1, "starts with whitespace: keys begin at the start of the line, no indentation");
            return;
        }
        // The ABNF allows no control character but HTAB anywhere in a line (RFC 8461 §3.2).
        const auto control = std::ranges::find_if(text, [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return (byte < 0x20 && byte != '\t') || byte == 0x7f;
        });
        if (control != text.end()) {
            grammar_error(line, static_cast<std::size_t>(control - text.begin()) + 1,
                          "contains " + txt::describe_byte(static_cast<unsigned char>(*control)) + " in " + txt::quote(text) +
                              ": a policy is plain text");
            return;
        }
        const auto colon = text.find(':');
        if (colon == std::string_view::npos) {
            grammar_error(line, 1, txt::quote(text) + " has no ':' (each line is \"key: value\")");
            return;
        }
        const std::string_view key = text.substr(0, colon);
        const std::string_view value = base::trim(text.substr(colon + 1), base::k_wsp);

        if (key == "version") return judge_version(line, value);
        if (key == "mode") return judge_mode(line, value);
        if (key == "max_age") return judge_max_age(line, value);
        if (key == "mx") return judge_mx(line, value);
        judge_extension(line, key, value);
    }

    bool first_time(std::optional<std::size_t>& seen_at, const PolicyLine& line, std::string_view key) {
        if (!seen_at) {
            seen_at = line.number;
            return true;
        }
        // RFC 8461 §3.2: later occurrences SHALL be ignored (postfix-mta-sts-resolver keeps the last one).
        add_line_finding("policy.duplicate-key", line,
                         std::string(key) + " is given again (first on line " + std::to_string(*seen_at) +
                             "): senders use the first value and ignore this one, some implementations the last");
        return false;
    }

    void judge_version(const PolicyLine& line, std::string_view value) {
        if (!first_time(m_version_line, line, "version")) return;
        if (line.number != 1) m_version_not_first = true;
        if (value == "STSv1") {
            m_result.policy.version_ok = true;
        } else {
            add_line_finding("policy.version", line, "version is " + txt::quote(value) + ": the only version is \"STSv1\" (case-sensitive)");
        }
    }

    void judge_mode(const PolicyLine& line, std::string_view value) {
        if (!first_time(m_mode_line, line, "mode")) return;
        m_result.policy.mode_text = std::string(value);
        if (value == "enforce") m_result.policy.mode = PolicyMode::enforce;
        else if (value == "testing") m_result.policy.mode = PolicyMode::testing;
        else if (value == "none") m_result.policy.mode = PolicyMode::none;
        else
            add_line_finding("policy.mode-invalid", line,
                             "mode is " + txt::quote(value) + ": it must be exactly enforce, testing or none (lower case, nothing after it)");
    }

    void judge_max_age(const PolicyLine& line, std::string_view value) {
        if (!first_time(m_max_age_line, line, "max_age")) return;
        // RFC 8461 §3.2: 1*10DIGIT; a sign, separators or exponents are not digits.
        if (!all_digits(value) || value.size() > 10) {
            add_line_finding("policy.max-age-invalid", line,
                             "max_age is " + txt::quote(value) + ": it must be 1 to 10 plain digits (seconds)");
            return;
        }
        std::int64_t seconds = 0;
        std::from_chars(value.data(), value.data() + value.size(), seconds);  // 10 digits fit in int64
        if (seconds > k_max_age_limit) {
            add_line_finding("policy.max-age-invalid", line,
                             "max_age " + std::string(value) + " is above the maximum 31557600 (one year)");
            return;
        }
        m_result.policy.max_age = seconds;
    }

    // docs/rfc-rules.md C7: how long max_age should be depends on the mode, known only once every line is read.
    void judge_max_age_length() {
        const auto mode = m_result.policy.mode;
        const auto seconds = m_result.policy.max_age;
        if (!seconds.has_value() || !m_max_age_line) return;
        const std::string subject = "line " + std::to_string(*m_max_age_line);
        const std::string value = std::to_string(*seconds);
        if (mode == PolicyMode::none) {
            // RFC 8461 §8.3 (docs/rfc-rules.md F7): withdrawing a policy wants a short max_age.
            if (*seconds > k_max_age_week)
                m_result.findings.push_back(model::make_finding(
                    "policy.mode-none-max-age-long", subject,
                    "mode none with max_age " + value + " (over a week): RFC 8461 §8.3 withdraws a policy with a short max_age "
                    "such as 86400, so that senders forget it soon"));
            return;
        }
        if (*seconds < k_max_age_short) {
            m_result.findings.push_back(model::make_finding(
                "policy.max-age-short", subject,
                "max_age " + value + " is less than a day: senders refetch constantly and a downgrade attacker needs to wait only that long"));
        } else if (*seconds < k_max_age_week && mode == PolicyMode::enforce) {
            // RFC 8461 §3.2 and §10.2: an enforced policy protects best with a long cache.
            m_result.findings.push_back(model::make_finding(
                "policy.max-age-below-week", subject,
                "max_age " + value + " is under a week (604800): RFC 8461 expects weeks or more for an enforced policy"));
        }
    }

    void judge_mx(const PolicyLine& line, std::string_view value) {
        if (value.empty()) {
            add_line_finding("policy.mx-invalid", line, "mx has an empty value");
            m_mx_broken = true;
            return;
        }
        if (auto problem = mx_value_problem(value)) {
            add_line_finding("policy.mx-invalid", line, "mx " + txt::quote(value) + " " + *problem);
            m_mx_broken = true;
            return;
        }
        m_result.policy.mx.push_back(canonical_host(value));
    }

    void judge_extension(const PolicyLine& line, std::string_view key, std::string_view value) {
        if (auto meant = meant_key(key)) {
            add_line_finding("policy.unknown-key", line,
                             "unknown key " + txt::quote(key) + ": did you mean \"" + std::string(*meant) +
                                 "\"? Keys are case-sensitive and the ':' follows the key directly; senders ignore this line",
                             model::Severity::warning);
            return;
        }
        if (auto problem = txt::check_extension_name(key)) {
            grammar_error(line, 1 + problem->offset, "key " + txt::quote(key) + " is not a valid key" +
                                                         (problem->what.empty() ? std::string() : ": it " + problem->what));
            return;
        }
        if (auto problem = extension_value_problem(value)) {
            grammar_error(line, key.size() + 2, "the value of " + txt::quote(key) + " " + *problem);
            return;
        }
        add_line_finding("policy.unknown-key", line, "unknown key " + txt::quote(key) + " (RFC 8461 defines version, mode, max_age and mx; senders ignore it)");
    }

    void finish() {
        if (m_dropped > 0) {
            m_result.findings.push_back(model::make_finding(
                m_dropped_error ? model::FindingId("policy.invalid") : model::FindingId("policy.unknown-key"), "policy",
                "and " + std::to_string(m_dropped) + " more problems on later lines (not listed)"));
        }
        auto add = [&](model::FindingId id, std::string message) {
            m_result.findings.push_back(model::make_finding(id, "policy", std::move(message)));
        };
        if (!m_version_line) add("policy.version", "the line \"version: STSv1\" is missing");
        else if (m_version_not_first) add("policy.version-not-first", "version is on line " + std::to_string(*m_version_line) + ", not the first line");
        if (!m_mode_line) add("policy.mode-invalid", "the mode line is missing (mode: enforce, testing or none)");
        if (!m_max_age_line) add("policy.max-age-invalid", "the max_age line is missing (e.g. max_age: 604800)");
        const auto mode = m_result.policy.mode;
        if ((mode == PolicyMode::enforce || mode == PolicyMode::testing) && m_result.policy.mx.empty() && !m_mx_broken) {
            add("policy.mx-missing", "mode " + std::string(to_string(*mode)) + " needs at least one \"mx:\" line");
        }
        judge_max_age_length();
        if (mode == PolicyMode::testing) add("policy.mode-testing", "mode testing: senders report failures but still deliver");
        if (mode == PolicyMode::none) add("policy.mode-none", "mode none: senders treat the domain as having no MTA-STS policy");
        if (m_bare_lf) add("policy.line-endings", "lines end in LF, not CRLF (the grammar allows both; a few parsers want CRLF)");

        static constexpr std::array<std::string_view, 6> k_blocking = {"policy.invalid", "policy.version", "policy.mode-invalid",
                                                                       "policy.max-age-invalid", "policy.mx-missing", "policy.mx-invalid"};
        m_result.usable = std::ranges::none_of(m_result.findings, [](const model::Finding& f) {
            return std::ranges::find(k_blocking, f.id) != k_blocking.end();
        });
    }

    PolicyEvaluation m_result;
    std::optional<std::size_t> m_version_line;
    std::optional<std::size_t> m_mode_line;
    std::optional<std::size_t> m_max_age_line;
    bool m_version_not_first = false;
    bool m_mx_broken = false;
    bool m_grammar_broken = false;
    bool m_bare_lf = false;
    std::size_t m_line_findings = 0;
    std::size_t m_dropped = 0;
    bool m_dropped_error = false;
};

}  // namespace

std::string_view to_string(PolicyMode mode) {
    switch (mode) {
        case PolicyMode::enforce: return "enforce";
        case PolicyMode::testing: return "testing";
        case PolicyMode::none: return "none";
    }
    return "none";
}

PolicyEvaluation evaluate_policy_body(std::string_view body) { return PolicyParser{}.run(body); }

bool mx_pattern_matches(std::string_view pattern, std::string_view mx_host) {
    const std::string host = canonical_host(mx_host);
    const std::string wanted = canonical_host(pattern);
    if (!wanted.starts_with("*.")) return host == wanted;
    // RFC 8461 §4.1: "*." matches exactly one non-empty left-most label.
    const std::string_view suffix = std::string_view(wanted).substr(2);
    const auto dot = host.find('.');
    return dot != std::string::npos && dot > 0 && std::string_view(host).substr(dot + 1) == suffix;
}

bool mx_covered(const std::vector<std::string>& patterns, std::string_view mx_host) {
    return std::ranges::any_of(patterns, [mx_host](const std::string& pattern) { return mx_pattern_matches(pattern, mx_host); });
}

}  // namespace mtasts::rfc
