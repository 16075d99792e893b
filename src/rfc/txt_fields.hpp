#pragma once
// The "key=value; key=value" layer shared by the two TXT grammars: RFC 8461 §3.1 (`_mta-sts`)
// and RFC 8460 §3 (`_smtp._tls`). Both use `*WSP ";" *WSP` separators, an optional trailing
// separator, and the same extension-field grammar. Internal to src/rfc (not a public header).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/finding.hpp"

namespace mtasts::rfc::txt {

// One field as written, between separators. Columns are 1-based byte offsets in the record.
struct Field {
    std::string_view text;   // the whole field, separator whitespace excluded
    std::string_view name;   // text before the first '=' (the whole field when there is none)
    std::string_view value;  // text after the first '='
    std::size_t column = 0;
    std::size_t value_column = 0;
    bool has_equals = false;
    bool space_before_separator = false;  // *WSP between the field and the ';' after it
};

enum class LayoutProblem {
    leading_whitespace,   // the record starts with whitespace
    empty_field,          // ";;" or "; ;": a separator holds one ';' only
    trailing_whitespace,  // whitespace at the end, not followed by ';'
};

struct LayoutIssue {
    LayoutProblem problem;
    std::size_t column = 0;
};

struct SplitRecord {
    std::vector<Field> fields;
    std::vector<LayoutIssue> issues;
};

// Splits a record into fields on ';', keeping the columns and the layout problems the ABNF
// forbids. Linear in the record's length.
SplitRecord split_fields(std::string_view record);

// What a byte scan of the whole record found: RFC 8461 §3.1 requires US-ASCII, and neither
// grammar allows control characters other than HTAB (as separator whitespace).
struct ByteScan {
    std::size_t non_ascii = 0;
    std::size_t first_non_ascii_column = 0;
    unsigned char first_non_ascii = 0;
    std::size_t control = 0;
    std::size_t first_control_column = 0;
    unsigned char first_control = 0;
};

// Counts non-ASCII and control bytes (HTAB excepted) in `record`.
ByteScan scan_bytes(std::string_view record);

// Messages for the bytes neither grammar allows, in this order: non-ASCII bytes (`ascii_rule`
// says why they are wrong) and control characters.
std::vector<std::string> byte_problems(const ByteScan& bytes, std::string_view ascii_rule);

// Messages for the layout problems of a split record: empty fields, and trailing whitespace
// (`trailing_note` follows the rule and says what readers of the record do with it).
std::vector<std::string> layout_problems(const SplitRecord& split, std::string_view trailing_note);

// A problem found in a name or value, at `offset` bytes into it.
struct TextProblem {
    std::size_t offset = 0;
    std::string what;  // "contains a space", "is 40 characters long", ...; empty: see below
    std::string why;   // the rule broken: "values cannot hold spaces or '='"
};

// Checks an extension field name: (ALPHA / DIGIT) 0*31(ALPHA / DIGIT / "_" / "-" / ".").
std::optional<TextProblem> check_extension_name(std::string_view name);

// Checks an extension value: 1*(%x21-3A / %x3C / %x3E-7E). For non-ASCII and control bytes
// (here and in names) the problem has an empty `what`: scan_bytes reports them once per record.
std::optional<TextProblem> check_extension_value(std::string_view value);

// What is wrong with an extension field `name`=`value` (`where`: " at column N" of the field):
// nullopt when it is well formed, an empty message for a byte scan_bytes reports already.
std::optional<std::string> extension_problem(std::string_view name, std::string_view value, std::size_t value_column,
                                             const std::string& where);

// True for the ABNF WSP characters, space and HTAB.
bool is_wsp(char c);

// True for ASCII letters and digits.
bool is_alnum(char c);

// Describes one byte for a message: "'x'", "a space", "a tab", "byte 0x00".
std::string describe_byte(unsigned char c);

// Quotes text for a message: control and non-ASCII bytes as \xNN (safe on a terminal),
// cut after `max` characters with "..." and the full length.
std::string quote(std::string_view text, std::size_t max = 60);

// The values of every field named `name` (ASCII case-insensitive), split on ';' with WSP
// trimmed: a lenient reading used only to show what a broken record seems to say.
std::vector<std::string_view> lenient_values(std::string_view record, std::string_view name);

// The record text with WSP and quote characters removed and ASCII lower-cased, to recognise
// near misses of a version tag ("v = STSv1", "\"v=stsv1").
std::string squeeze(std::string_view record);

// Collects the findings about one record, keeping at most `cap` and summarising the rest in one
// finding, so that a hostile record of 10,000 fields yields a readable, bounded list.
class FindingSink {
public:
    // Findings carry `subject`; at most `cap` are listed.
    explicit FindingSink(std::string subject, std::size_t cap = 20);

    // Adds a finding (or counts it when the cap is reached).
    void add(model::Finding finding);
    // Builds and adds a finding with the catalog severity of `id`.
    void add(model::FindingId id, std::string message);
    // Builds and adds a finding with an explicit severity.
    void add(model::FindingId id, model::Severity severity, std::string message);
    // True once any finding of severity error was added, listed or not.
    bool has_error() const { return m_has_error; }
    // The subject every finding of this sink carries.
    const std::string& subject() const { return m_subject; }
    // Moves the listed findings, and one "N more" finding if some were dropped, into `out`.
    void flush_into(model::Findings& out);

private:
    std::string m_subject;
    std::size_t m_cap;
    model::Findings m_findings;
    std::size_t m_dropped = 0;
    std::optional<model::Finding> m_first_dropped;  // the summary's id, rfc and hint
    model::Severity m_dropped_severity = model::Severity::info;
    bool m_has_error = false;
};

}  // namespace mtasts::rfc::txt
