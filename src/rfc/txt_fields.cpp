#include "txt_fields.hpp"

#include <algorithm>

#include "mtasts/base/text.hpp"

namespace mtasts::rfc::txt {
namespace {

constexpr std::size_t k_max_extension_name = 32;  // RFC 8461 §3.1, RFC 8460 §3: 1 + 0*31

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int rank(model::Severity severity) {
    switch (severity) {
        case model::Severity::info: return 0;
        case model::Severity::warning: return 1;
        case model::Severity::inconclusive: return 2;
        case model::Severity::error: return 3;
    }
    return 0;
}

Field make_field(std::string_view record, std::size_t begin, std::size_t end) {
    Field field;
    field.text = record.substr(begin, end - begin);
    field.column = begin + 1;
    const std::size_t equals = field.text.find('=');
    field.has_equals = equals != std::string_view::npos;
    field.name = field.text.substr(0, equals);
    if (field.has_equals) {
        field.value = field.text.substr(equals + 1);
        field.value_column = field.column + equals + 1;
    }
    return field;
}

}  // namespace

bool is_wsp(char c) {
    return c == ' ' || c == '\t';
}

bool is_alnum(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9');
}

SplitRecord split_fields(std::string_view record) {
    SplitRecord out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t semi = record.find(';', pos);
        const std::size_t stop = semi == std::string_view::npos ? record.size() : semi;
        std::size_t left = pos;
        while (left < stop && is_wsp(record[left])) ++left;
        std::size_t right = stop;
        while (right > left && is_wsp(record[right - 1])) --right;
        if (left == right) {
            // Whitespace only. After a ';' at the end this is the optional trailing separator
            // (`[sts-sep]`); anywhere else a field is missing between two separators.
            if (semi != std::string_view::npos)
                out.issues.push_back({LayoutProblem::empty_field, semi + 1});
            else if (pos == 0 && !record.empty())
                out.issues.push_back({LayoutProblem::leading_whitespace, 1});
        } else {
            if (pos == 0 && left > 0) out.issues.push_back({LayoutProblem::leading_whitespace, 1});
            Field field = make_field(record, left, right);
            field.space_before_separator = semi != std::string_view::npos && right < semi;
            // sts-sep / field-delim allow whitespace only next to a ';'.
            if (semi == std::string_view::npos && right < record.size())
                out.issues.push_back({LayoutProblem::trailing_whitespace, right + 1});
            out.fields.push_back(field);
        }
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
    }
    return out;
}

ByteScan scan_bytes(std::string_view record) {
    ByteScan scan;
    for (std::size_t i = 0; i < record.size(); ++i) {
        const auto c = static_cast<unsigned char>(record[i]);
        if (c >= 0x80) {
            if (scan.non_ascii++ == 0) {
                scan.first_non_ascii_column = i + 1;
                scan.first_non_ascii = c;
            }
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            if (scan.control++ == 0) {
                scan.first_control_column = i + 1;
                scan.first_control = c;
            }
        }
    }
    return scan;
}

std::vector<std::string> byte_problems(const ByteScan& bytes, std::string_view ascii_rule) {
    std::vector<std::string> problems;
    if (bytes.non_ascii > 0)
        problems.push_back("the record contains " + std::to_string(bytes.non_ascii) + " non-ASCII byte(s), the first (" +
                           describe_byte(bytes.first_non_ascii) + ") at column " +
                           std::to_string(bytes.first_non_ascii_column) + ": " + std::string(ascii_rule));
    if (bytes.control > 0)
        problems.push_back("the record contains " + std::to_string(bytes.control) + " control character(s), the first (" +
                           describe_byte(bytes.first_control) + ") at column " +
                           std::to_string(bytes.first_control_column));
    return problems;
}

std::vector<std::string> layout_problems(const SplitRecord& split, std::string_view trailing_note) {
    std::vector<std::string> problems;
    for (const auto& issue : split.issues) {
        if (issue.problem == LayoutProblem::empty_field)
            problems.push_back("empty field at column " + std::to_string(issue.column) +
                               ": a ';' follows another ';' with nothing between them");
        else if (issue.problem == LayoutProblem::trailing_whitespace)
            problems.push_back("trailing whitespace at column " + std::to_string(issue.column) +
                               ": the ABNF allows whitespace only next to ';'" + std::string(trailing_note));
    }
    return problems;
}

std::optional<std::string> extension_problem(std::string_view name, std::string_view value, std::size_t value_column,
                                             const std::string& where) {
    if (auto problem = check_extension_name(name)) {
        if (problem->what.empty()) return std::string();
        return "field name " + quote(name) + where + " " + problem->what + " (" + problem->why + ")";
    }
    if (auto problem = check_extension_value(value)) {
        if (problem->what.empty()) return std::string();
        return "the value of field " + quote(name) + " " + problem->what + " at column " +
               std::to_string(value_column + problem->offset) + " (" + problem->why + ")";
    }
    return std::nullopt;
}

std::optional<TextProblem> check_extension_name(std::string_view name) {
    if (name.empty()) return TextProblem{0, "is empty", "the field starts with '='"};
    if (!is_alnum(name.front()))
        return TextProblem{0, "starts with " + describe_byte(static_cast<unsigned char>(name.front())),
                           "a name starts with a letter or digit"};
    for (std::size_t i = 1; i < name.size(); ++i) {
        const char c = name[i];
        if (is_alnum(c) || c == '_' || c == '-' || c == '.') continue;
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || byte < 0x20 || byte == 0x7f) return TextProblem{i, "", ""};  // reported by scan_bytes
        return TextProblem{i, "contains " + describe_byte(byte), "names hold only letters, digits, '_', '-' and '.'"};
    }
    if (name.size() > k_max_extension_name)
        return TextProblem{k_max_extension_name, "is " + std::to_string(name.size()) + " characters long",
                           "at most 32"};
    return std::nullopt;
}

std::optional<TextProblem> check_extension_value(std::string_view value) {
    if (value.empty()) return TextProblem{0, "is empty", "a value needs at least one character"};
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto byte = static_cast<unsigned char>(value[i]);
        if (byte >= 0x80 || (byte < 0x20 && byte != '\t') || byte == 0x7f)
            return TextProblem{i, "", ""};  // reported by scan_bytes
        if (byte == ' ' || byte == '\t' || byte == '=')
            return TextProblem{i, "contains " + describe_byte(byte), "values cannot hold spaces or '='"};
    }
    return std::nullopt;
}

std::string describe_byte(unsigned char c) {
    static constexpr char k_hex[] = "0123456789abcdef";
    if (c == ' ') return "a space";
    if (c == '\t') return "a tab";
    if (c == '\'') return "a quote character (')";
    if (c > 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    return std::string("byte 0x") + k_hex[c >> 4] + k_hex[c & 0xf];
}

std::string quote(std::string_view text, std::size_t max) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out = "'";
    const std::size_t shown = std::min(text.size(), max);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            out += "\\x";
            out += k_hex[c >> 4];
            out += k_hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '\'';
    if (shown < text.size()) {
        out.insert(out.size() - 1, "...");
        out += " (" + std::to_string(text.size()) + " characters)";
    }
    return out;
}

std::vector<std::string_view> lenient_values(std::string_view record, std::string_view name) {
    std::vector<std::string_view> values;
    for (const std::string_view piece : base::split(record, ';')) {
        const std::string_view part = base::trim(piece, base::k_wsp);
        const std::size_t equals = part.find('=');
        if (equals == std::string_view::npos) continue;
        const std::string_view key = base::trim_end(part.substr(0, equals), base::k_wsp);
        if (base::iequals(key, name)) values.push_back(base::trim_start(part.substr(equals + 1), base::k_wsp));
    }
    return values;
}

std::string squeeze(std::string_view record) {
    std::string out;
    out.reserve(record.size());
    for (char c : record) {
        if (is_wsp(c) || c == '"' || c == '\'') continue;
        out += base::lower(c);
    }
    return out;
}

FindingSink::FindingSink(std::string subject, std::size_t cap) : m_subject(std::move(subject)), m_cap(cap) {}

void FindingSink::add(model::Finding finding) {
    if (finding.severity == model::Severity::error) m_has_error = true;
    if (m_findings.size() < m_cap) {
        m_findings.push_back(std::move(finding));
        return;
    }
    if (m_dropped++ == 0) m_first_dropped = finding;
    if (rank(finding.severity) > rank(m_dropped_severity)) m_dropped_severity = finding.severity;
}

void FindingSink::add(model::FindingId id, std::string message) {
    add(model::make_finding(id, m_subject, std::move(message)));
}

void FindingSink::add(model::FindingId id, model::Severity severity, std::string message) {
    add(model::make_finding(id, severity, m_subject, std::move(message)));
}

void FindingSink::flush_into(model::Findings& out) {
    for (auto& finding : m_findings) out.push_back(std::move(finding));
    m_findings.clear();
    if (m_dropped == 0) return;
    // The summary carries the id of the first finding left out and the worst severity among
    // those left out, so that the verdict is the same as if all were listed.
    model::Finding summary = std::move(*m_first_dropped);
    summary.severity = m_dropped_severity;
    summary.message = "and " + std::to_string(m_dropped) + " more problems in this record, not listed (the first is " +
                      summary.id + ")";
    out.push_back(std::move(summary));
    m_dropped = 0;
}

}  // namespace mtasts::rfc::txt
