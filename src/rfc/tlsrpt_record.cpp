#include "mtasts/rfc/tlsrpt_record.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "mtasts/base/ip_address.hpp"
#include "mtasts/base/text.hpp"
#include "mtasts/rfc/names.hpp"
#include "rrset_selection.hpp"
#include "txt_fields.hpp"

namespace mtasts::rfc {
namespace {

using model::Severity;

constexpr std::size_t k_max_txt_string = 255;  // RFC 1035 §3.3: one character-string

constexpr txt::VersionTag k_tag{"v=TLSRPTv1", "v=tlsrptv", "RFC 8460", "TLS-RPT", "reporters", "v=TLSRPTv1; rua=...",
                                "tlsrpt.record.missing", "tlsrpt.record.invalid"};

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

// RFC 3986 §2: characters that may appear literally in a URI (unreserved, gen-delims,
// sub-delims, and '%' for escapes).
bool is_uri_char(char c) {
    static constexpr std::string_view k_other = "-._~:/?#[]@!$&'()*+,;=%";
    return txt::is_alnum(c) || k_other.find(c) != std::string_view::npos;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

enum class UriStatus { usable, unsupported, malformed };

struct UriCheck {
    UriStatus status = UriStatus::usable;
    std::string problem;  // what is wrong, in words, with the column
    // Where a usable URI sends reports: the mail domain or the https host name (empty for an
    // https address literal, which needs no lookup).
    std::optional<RuaDestination> destination;
};

UriCheck malformed(std::string problem) {
    return {UriStatus::malformed, std::move(problem), std::nullopt};
}

// RFC 5322 §3.2.3 atext, plus '.' between atoms (dot-atom), for the local part of a mailto.
bool is_atext(char c) {
    static constexpr std::string_view k_specials = "!#$%&'*+-/=?^_`{|}~";
    return txt::is_alnum(c) || k_specials.find(c) != std::string_view::npos;
}

// RFC 6068 §2: mailto:addr-spec, optionally followed by ?hfields. One address per URI here,
// because RFC 8460 §3 uses the comma to separate URIs.
UriCheck check_mailto(std::string_view rest, std::size_t column) {
    const std::string_view to = rest.substr(0, rest.find('?'));
    if (to.find('#') != std::string_view::npos)
        return malformed("a mailto URI has no fragment: '#' at column " + std::to_string(column + to.find('#')) +
                         " must be encoded as %23");
    const std::string address = percent_decode(to);
    if (address.empty()) return malformed("the mailto URI has no address (write mailto:tlsrpt@example.com)");
    const std::size_t at = address.rfind('@');
    if (at == std::string::npos)
        return malformed("the address " + txt::quote(address) + " has no '@': it needs local-part@domain");
    const std::string_view local = std::string_view(address).substr(0, at);
    const std::string_view domain = std::string_view(address).substr(at + 1);
    if (local.empty()) return malformed("the address " + txt::quote(address) + " has nothing before '@'");
    const bool quoted = local.size() >= 2 && local.front() == '"' && local.back() == '"';
    if (!quoted) {
        if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
            return malformed("the local part " + txt::quote(local) + " has a leading, trailing or doubled '.'");
        for (char c : local) {
            if (c != '.' && !is_atext(c))
                return malformed("the local part " + txt::quote(local) + " contains " +
                                 txt::describe_byte(static_cast<unsigned char>(c)) +
                                 " (allowed only in a quoted local part)");
        }
    }
    if (domain.empty()) return malformed("the address " + txt::quote(address) + " has no domain after '@'");
    if (domain.front() == '[')
        return malformed("the address " + txt::quote(address) +
                         " uses an address literal: reporters need a domain name");
    auto normal = normalize_domain(domain);
    if (!normal) return malformed("the domain " + txt::quote(domain) + " of the address is not valid: " + normal.error());
    return {UriStatus::usable, {}, RuaDestination{{}, RuaDestination::Kind::mail, std::move(*normal)}};
}

// RFC 3986 §3.2: https://[userinfo@]host[:port][/path][?query][#fragment]; the host is needed.
UriCheck check_https(std::string_view rest, std::size_t column) {
    if (!rest.starts_with("//"))
        return malformed(
            "an https URI needs '//' and a host after 'https:' (write https://reports.example.com/tlsrpt)");
    const std::string_view after = rest.substr(2);
    const std::size_t authority_end = std::min(after.find_first_of("/?#"), after.size());
    std::string_view authority = after.substr(0, authority_end);
    const std::string_view tail = after.substr(authority_end);
    if (const std::size_t bracket = tail.find_first_of("[]"); bracket != std::string_view::npos)
        return malformed("'" + std::string(1, tail[bracket]) + "' at column " +
                         std::to_string(column + 2 + authority_end + bracket) +
                         " is allowed only around an IPv6 host and must be percent-encoded elsewhere");
    if (const std::size_t hash = tail.find('#');
        hash != std::string_view::npos && tail.find('#', hash + 1) != std::string_view::npos)
        return malformed("a second '#' at column " +
                         std::to_string(column + 2 + authority_end + tail.find('#', hash + 1)) +
                         " must be encoded as %23");
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    std::string_view host = authority;
    std::string_view port;
    std::string host_name;  // stays empty for an address literal
    if (host.starts_with("[")) {
        const std::size_t close = host.find(']');
        if (close == std::string_view::npos)
            return malformed("the IPv6 host " + txt::quote(host) + " has no closing ']'");
        if (!base::IpAddress::parse(host.substr(1, close - 1), base::IpFamily::ipv6))
            return malformed("the host " + txt::quote(host.substr(0, close + 1)) + " is not an IPv6 address");
        const std::string_view after_host = host.substr(close + 1);
        if (!after_host.empty() && after_host.front() != ':')
            return malformed("unexpected text after the IPv6 host: " + txt::quote(after_host));
        if (!after_host.empty()) port = after_host.substr(1);
        host = host.substr(0, close + 1);
    } else {
        if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
            port = host.substr(colon + 1);
            host = host.substr(0, colon);
        }
        if (host.empty()) return malformed("the https URI has no host (write https://reports.example.com/tlsrpt)");
        const std::string decoded = percent_decode(host);
        if (!base::IpAddress::parse(decoded, base::IpFamily::ipv4)) {
            auto normal = normalize_domain(decoded);
            if (!normal) return malformed("the host " + txt::quote(host) + " is not a valid host name: " + normal.error());
            host_name = std::move(*normal);
        }
    }
    if (!port.empty()) {
        if (port.size() > 5 || !std::ranges::all_of(port, [](char c) { return c >= '0' && c <= '9'; }) ||
            std::stoul(std::string(port)) > 65535)
            return malformed("the port " + txt::quote(port) + " is not a number from 0 to 65535");
    }
    if (host_name.empty()) return {};
    return {UriStatus::usable, {}, RuaDestination{{}, RuaDestination::Kind::https, std::move(host_name)}};
}

// Checks one rua URI (RFC 8460 §3: a RFC 3986 URI, mailto per RFC 6068, scheme mailto or https,
// with ',', '!' and ';' percent-encoded). `column` is the URI's first column in the record.
UriCheck check_uri(std::string_view uri, std::size_t column) {
    for (std::size_t i = 0; i < uri.size(); ++i) {
        const char c = uri[i];
        const std::string where = " at column " + std::to_string(column + i);
        if (c == '!')
            return malformed("'!'" + where +
                             " must be percent-encoded as %21 (RFC 8460 §3); a DMARC-style size limit such as '!10m' "
                             "does not exist in TLS-RPT");
        if (c == '%') {
            if (i + 2 >= uri.size() || !is_hex(uri[i + 1]) || !is_hex(uri[i + 2]))
                return malformed("bad percent-escape " + txt::quote(uri.substr(i, 3)) + where +
                                 ": '%' must be followed by two hex digits");
            continue;
        }
        if (!is_uri_char(c))
            return malformed(txt::describe_byte(static_cast<unsigned char>(c)) + where +
                             " is not allowed in a URI and must be percent-encoded");
    }
    const std::size_t colon = uri.find(':');
    const std::string_view scheme = uri.substr(0, colon);
    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    const bool scheme_ok =
        colon != std::string_view::npos && !scheme.empty() && txt::is_alnum(scheme.front()) &&
        !(scheme.front() >= '0' && scheme.front() <= '9') &&
        std::ranges::all_of(scheme, [](char c) { return txt::is_alnum(c) || c == '+' || c == '-' || c == '.'; });
    if (!scheme_ok)
        return malformed(
            "it has no scheme: write mailto:" + std::string(uri.find('@') != std::string_view::npos ? uri : "ADDRESS") +
            " or https://HOST/PATH");
    // RFC 3986 §3.1: schemes are case-insensitive.
    const std::string lowered = base::lower(scheme);
    if (lowered == "mailto") return check_mailto(uri.substr(colon + 1), column + colon + 1);
    if (lowered == "https") return check_https(uri.substr(colon + 1), column + colon + 1);
    return {UriStatus::unsupported,
            "the scheme " + txt::quote(scheme) + " is not supported: RFC 8460 §3 defines only mailto: and https:",
            std::nullopt};
}

struct RuaUri {
    std::string text;
    std::size_t column = 0;
    UriCheck check;
};

// Splits a rua value into URIs: tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri).
void split_rua(std::string_view value, std::size_t value_column, std::vector<RuaUri>& out) {
    std::size_t pos = 0;
    while (true) {
        const std::size_t comma = std::min(value.find(',', pos), value.size());
        std::size_t left = pos;
        while (left < comma && txt::is_wsp(value[left])) ++left;
        std::size_t right = comma;
        while (right > left && txt::is_wsp(value[right - 1])) --right;
        RuaUri uri;
        uri.text = std::string(value.substr(left, right - left));
        uri.column = value_column + left;
        if (uri.text.empty())
            uri.check = malformed("empty URI at column " + std::to_string(value_column + left) +
                                  " (a comma at the start or end, or two in a row)");
        else
            uri.check = check_uri(uri.text, uri.column);
        out.push_back(std::move(uri));
        if (comma == value.size()) break;
        pos = comma + 1;
    }
}

struct ParsedRecord {
    std::vector<RuaUri> uris;
    bool grammar_ok = true;
    bool has_rua = false;
    std::optional<std::size_t> case_variant_column;  // a "RUA=" or "Rua=" field, for the hint
};

// Collects the findings of one record; an error of the grammar makes the record unusable.
class RecordChecker {
public:
    explicit RecordChecker(txt::FindingSink& sink) : m_sink(sink) {}

    // Checks the whole record: bytes, layout, each field, then the rua URIs.
    ParsedRecord check(std::string_view record) {
        for (std::string& problem : txt::byte_problems(txt::scan_bytes(record), "URIs and extension values are ASCII"))
            invalid(std::move(problem));
        if (record.size() > k_max_txt_string)
            m_sink.add("tlsrpt.record.long",
                       "the record is " + std::to_string(record.size()) +
                           " octets long: one TXT string holds at most 255, so it must be published as several strings, "
                           "which senders join without spaces (RFC 8460 §3)");
        const txt::SplitRecord split = txt::split_fields(record);
        for (std::string& problem :
             txt::layout_problems(split, ". Lenient reporters strip it, strict ones reject the record"))
            invalid(std::move(problem));
        for (std::size_t i = 0; i < split.fields.size(); ++i) {
            if (i == 0) check_version_field(split.fields[i]);
            else check_field(split.fields[i]);
        }
        if (!m_parsed.has_rua) report_missing_rua();
        judge_uris();
        return std::move(m_parsed);
    }

private:
    void invalid(std::string message) {
        m_parsed.grammar_ok = false;
        m_sink.add("tlsrpt.record.invalid", std::move(message));
    }

    void check_version_field(const txt::Field& field) {
        if (field.space_before_separator)
            m_sink.add("tlsrpt.record.invalid", Severity::warning,
                       "whitespace between 'v=TLSRPTv1' and ';' at column 11: the grammar allows it, but RFC 8460 §3 "
                       "says records "
                       "that do not begin with 'v=TLSRPTv1;' are discarded, so a literal reading drops this record");
    }

    // One field after the version: name=value, then rua or an extension.
    void check_field(const txt::Field& field) {
        const std::string where = " at column " + std::to_string(field.column);
        if (!field.has_equals) {
            std::string message = "field " + txt::quote(field.text) + where + " has no '=': every field is name=value";
            if (field.text.find(':') != std::string_view::npos)
                message += "; if it is another report URI, separate URIs with ',' inside one rua field, not with ';'";
            invalid(std::move(message));
            return;
        }
        std::string_view name = field.name;
        if (!name.empty() && txt::is_wsp(name.back())) {
            while (!name.empty() && txt::is_wsp(name.back())) name.remove_suffix(1);
            invalid("whitespace before '=' in " + txt::quote(field.text) + where + ": write " +
                    txt::quote(std::string(name) + "="));
        }
        if (name == "rua") check_rua_field(field);
        else check_extension_field(field, name, where);
    }

    // RFC 8460 §3: several rua fields are grammatical; every URI of each one counts.
    void check_rua_field(const txt::Field& field) {
        m_parsed.has_rua = true;
        std::string_view value = field.value;
        std::size_t value_column = field.value_column;
        if (!value.empty() && txt::is_wsp(value.front())) {
            while (!value.empty() && txt::is_wsp(value.front())) {
                value.remove_prefix(1);
                ++value_column;
            }
            m_sink.add("tlsrpt.rua-whitespace",
                       "whitespace after 'rua=' at column " + std::to_string(field.value_column) +
                           ": the ABNF has none there and strict reporters reject the record; write " +
                           txt::quote("rua=" + std::string(value.substr(0, std::min<std::size_t>(value.size(), 40)))));
        }
        split_rua(value, value_column, m_parsed.uris);
    }

    void check_extension_field(const txt::Field& field, std::string_view name, const std::string& where) {
        std::string_view value = field.value;
        if (!value.empty() && txt::is_wsp(value.front())) {
            while (!value.empty() && txt::is_wsp(value.front())) value.remove_prefix(1);
            invalid("whitespace after '=' in " + txt::quote(field.text) + where + ": write " +
                    txt::quote(std::string(name) + "=" + std::string(value)));
        }
        const std::size_t value_column = field.value_column + static_cast<std::size_t>(value.data() - field.value.data());
        if (auto problem = txt::extension_problem(name, value, value_column, where)) {
            if (!problem->empty()) invalid(std::move(*problem));
            return;
        }
        // RFC 8460 §3: unknown fields SHALL be ignored; names are case-sensitive (%s"rua=").
        std::string message = "unknown field " + txt::quote(field.text) + where + " is ignored by reporters";
        if (name == "v") message += " (a second version field)";
        if (txt::squeeze(name) == "rua") {
            m_parsed.case_variant_column = field.column;
            message += "; field names are case-sensitive, so this is not rua: write 'rua='";
        }
        m_sink.add("tlsrpt.record.unknown-field", std::move(message));
    }

    void report_missing_rua() {
        std::string message =
            "the record has no rua field: RFC 8460 §3 requires \"rua=\" with at least one mailto: or https: URI";
        if (m_parsed.case_variant_column)
            message += " (the field at column " + std::to_string(*m_parsed.case_variant_column) +
                       " is not 'rua': names are case-sensitive)";
        invalid(std::move(message));
    }

    // A URI reporters cannot use: a warning when they still have another, an error otherwise.
    void judge_uris() {
        const std::size_t usable = static_cast<std::size_t>(
            std::ranges::count_if(m_parsed.uris, [](const RuaUri& u) { return u.check.status == UriStatus::usable; }));
        for (const auto& uri : m_parsed.uris) {
            if (uri.check.status == UriStatus::usable) continue;
            std::string message = "the rua URI " + txt::quote(uri.text) + " at column " + std::to_string(uri.column) +
                                  " is not usable: " + uri.check.problem;
            if (uri.check.status == UriStatus::unsupported && usable > 0) {
                // docs/rfc-rules.md G7: reporters skip an unsupported destination and use the others.
                m_sink.add("tlsrpt.rua-invalid", Severity::warning, message + "; reporters send only to the other URIs");
            } else {
                if (usable > 0)
                    message += "; strict reporters reject the whole record, lenient ones send only to the valid URIs";
                m_sink.add("tlsrpt.rua-invalid", std::move(message));
            }
        }
    }

    txt::FindingSink& m_sink;
    ParsedRecord m_parsed;
};

// Checks one record that starts with v=TLSRPTv1 against the strict ABNF of RFC 8460 §3.
ParsedRecord parse_record(std::string_view record, txt::FindingSink& sink) {
    return RecordChecker(sink).check(record);
}

}  // namespace

TlsRptRecordEvaluation evaluate_tlsrpt_rrset(std::span<const std::string> txt_records, std::string_view record_name) {
    TlsRptRecordEvaluation result;
    const std::string name(record_name);
    // RFC 8460 §3: records that do not begin with v=TLSRPTv1 are discarded.
    const txt::RrsetSplit split = txt::split_rrset(txt_records, k_tag);
    const auto& candidates = split.candidates;
    const auto& near_misses = split.near_misses;
    // URIs found in records senders would not use, for display only.
    const auto show_rua = [&](std::string_view record) {
        for (std::string_view value : txt::lenient_values(record, "rua")) {
            std::vector<RuaUri> uris;
            split_rua(value, 1, uris);
            for (auto& uri : uris)
                if (!uri.text.empty()) result.rua.push_back(std::move(uri.text));
        }
    };

    if (txt::report_selection(split, k_tag, name, result.findings)) {
        for (std::size_t i = 0; i < near_misses.size() && i < txt::k_max_reported_records; ++i) show_rua(near_misses[i]);
        return result;
    }

    if (candidates.size() > 1) {
        for (std::size_t i = 0; i < candidates.size() && i < txt::k_max_reported_records; ++i) show_rua(candidates[i]);
        result.findings.push_back(model::make_finding("tlsrpt.record.multiple", name,
                                                      std::to_string(candidates.size()) + " TXT records at " + name +
                                                          " start with v=TLSRPTv1: RFC 8460 §3 tells reporters to "
                                                          "assume there is no TLS-RPT; keep one and list every "
                                                          "destination in its rua, separated by commas"));
        return result;
    }

    txt::FindingSink sink(txt::quote(candidates.front()));
    const ParsedRecord parsed = parse_record(candidates.front(), sink);
    sink.flush_into(result.findings);
    TlsRptRecord record;
    for (const auto& uri : parsed.uris) {
        if (uri.text.empty()) continue;
        result.rua.push_back(uri.text);
        if (uri.check.status != UriStatus::usable) continue;
        record.rua.push_back(uri.text);
        if (uri.check.destination) {
            RuaDestination destination = *uri.check.destination;
            destination.uri = uri.text;
            record.destinations.push_back(std::move(destination));
        }
    }
    if (parsed.grammar_ok && !record.rua.empty()) result.record = std::move(record);
    return result;
}

}  // namespace mtasts::rfc
