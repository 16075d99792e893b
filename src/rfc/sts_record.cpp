#include "mtasts/rfc/sts_record.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "rrset_selection.hpp"
#include "txt_fields.hpp"

namespace mtasts::rfc {
namespace {

using model::Severity;

constexpr std::size_t k_max_id = 32;                // RFC 8461 §3.1: sts-id = "id=" 1*32(ALPHA / DIGIT)

constexpr txt::VersionTag k_tag{"v=STSv1", "v=stsv", "RFC 8461", "MTA-STS", "senders", "v=STSv1; id=...",
                                "sts.record.missing", "sts.record.invalid"};

bool is_valid_id(std::string_view id) {
    return !id.empty() && id.size() <= k_max_id && std::ranges::all_of(id, [](char c) { return txt::is_alnum(c); });
}

// Says what is wrong with an id value, naming the first bad character and its column.
std::string id_problem(std::string_view id, std::size_t value_column) {
    if (id.empty()) return "the id is empty: it needs 1 to 32 letters or digits";
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (!txt::is_alnum(id[i]))
            return "the id " + txt::quote(id) + " contains " + txt::describe_byte(static_cast<unsigned char>(id[i])) +
                   " at column " + std::to_string(value_column + i) +
                   ": only letters A-Z, a-z and digits 0-9 are allowed";
    }
    return "the id " + txt::quote(id) + " is " + std::to_string(id.size()) + " characters long: at most 32 are allowed";
}

struct ParsedRecord {
    std::optional<std::string> id;  // first id field, even if its value is invalid
    bool usable = false;            // a conforming sender would act on it
};

// What the fields of one record said so far, while they are checked in order.
struct FieldState {
    ParsedRecord parsed;
    std::unordered_set<std::string_view> seen{"v"};
    std::optional<std::size_t> case_variant_column;  // an "ID=" or "Id=" field, for the hint
};

// The first field, which is_candidate() guarantees to be exactly v=STSv1.
void check_version_field(const txt::Field& field, txt::FindingSink& sink) {
    if (field.space_before_separator)
        sink.add("sts.record.space-before-semicolon",
                 "whitespace between 'v=STSv1' and ';' at column 8: the grammar allows it and mox and "
                 "postfix-mta-sts-resolver "
                 "accept it, but RFC 8461 §3.1 says senders keep records that begin with 'v=STSv1;', so a "
                 "literal reading "
                 "drops this record (RFC 8461 erratum 6285)");
}

// RFC 8461 §3.1: unknown well-formed fields are ignored by senders. Field names are
// case-sensitive (%s), so "ID=" is such a field and does not carry the id.
void note_unknown_field(const txt::Field& field, std::string_view name, std::string_view value, const std::string& where,
                        FieldState& state, txt::FindingSink& sink, StsRecord& out) {
    std::string message = "unknown field " + txt::quote(field.text) + where + " is ignored by senders";
    if (txt::squeeze(name) == "id") {
        state.case_variant_column = field.column;
        message += "; field names are case-sensitive, so this is not the id: write 'id='";
    }
    out.extensions.emplace_back(name, value);
    sink.add("sts.record.unknown-field", std::move(message));
}

// Checks one field after the version: name=value, not repeated, then the id or an extension.
void check_field(const txt::Field& field, FieldState& state, txt::FindingSink& sink, StsRecord& out) {
    const std::string where = " at column " + std::to_string(field.column);
    if (!field.has_equals) {
        sink.add("sts.record.invalid", "field " + txt::quote(field.text) + where + " has no '=': every field is name=value");
        return;
    }
    std::string_view name = field.name;
    std::string_view value = field.value;
    if ((!name.empty() && txt::is_wsp(name.back())) || (!value.empty() && txt::is_wsp(value.front()))) {
        while (!name.empty() && txt::is_wsp(name.back())) name.remove_suffix(1);
        while (!value.empty() && txt::is_wsp(value.front())) value.remove_prefix(1);
        sink.add("sts.record.invalid", "whitespace around '=' in " + txt::quote(field.text) + where + ": write " +
                                           txt::quote(std::string(name) + "=" + std::string(value)));
    }
    const std::size_t value_column = field.value_column + static_cast<std::size_t>(value.data() - field.value.data());
    if (!state.seen.insert(name).second) {
        // RFC 8461 §3.2 (applied to the record, docs/rfc-rules.md A10): the first occurrence wins.
        const std::string kept = name == "id" && state.parsed.id ? " senders use the first, " + txt::quote(*state.parsed.id)
                                                                 : " senders use the first";
        sink.add("sts.record.duplicate-field", "field " + txt::quote(name) + " appears again" + where + " (" +
                                                   txt::quote(field.text) + "); it is ignored:" + kept);
        return;
    }
    if (name == "id") {
        state.parsed.id = std::string(value);
        if (!is_valid_id(value)) sink.add("sts.record.id-invalid", id_problem(value, value_column));
        return;
    }
    if (auto problem = txt::extension_problem(name, value, value_column, where)) {
        if (!problem->empty()) sink.add("sts.record.invalid", std::move(*problem));
        return;
    }
    note_unknown_field(field, name, value, where, state, sink, out);
}

// Checks one record that starts with v=STSv1 against the strict ABNF of RFC 8461 §3.1.
ParsedRecord parse_record(std::string_view record, txt::FindingSink& sink, StsRecord& out) {
    for (std::string& problem : txt::byte_problems(txt::scan_bytes(record), "RFC 8461 §3.1 requires US-ASCII"))
        sink.add("sts.record.invalid", std::move(problem));
    const txt::SplitRecord split = txt::split_fields(record);
    for (std::string& problem : txt::layout_problems(split, "; lenient senders strip it and accept the record, strict "
                                                            "ones (e.g. mox) reject it"))
        sink.add("sts.record.invalid", std::move(problem));

    FieldState state;
    for (std::size_t i = 0; i < split.fields.size(); ++i) {
        if (i == 0) check_version_field(split.fields[i], sink);
        else check_field(split.fields[i], state, sink, out);
    }
    ParsedRecord& parsed = state.parsed;
    if (!parsed.id) {
        std::string message =
            "the record has no id field: RFC 8461 §3.1 requires \"id=\" followed by 1 to 32 letters or digits";
        if (state.case_variant_column)
            message += " (the field at column " + std::to_string(*state.case_variant_column) +
                       " is not 'id': names are case-sensitive)";
        sink.add("sts.record.invalid", std::move(message));
    }
    parsed.usable = !sink.has_error();
    if (parsed.usable) out.id = *parsed.id;
    return parsed;
}

// The id a broken record seems to carry, for display and diagnosis only.
std::optional<std::string> lenient_id(std::string_view record) {
    auto values = txt::lenient_values(record, "id");
    std::string_view id;
    if (!values.empty()) {
        id = values.front();
    } else {
        // "v=STSv1 id=abc": fields separated by spaces instead of ';'.
        const std::size_t at = record.find(" id=");
        if (at == std::string_view::npos) return std::nullopt;
        id = record.substr(at + 4);
    }
    while (!id.empty() && (id.back() == '"' || id.back() == '\'' || txt::is_wsp(id.back()))) id.remove_suffix(1);
    // Cut at whitespace and at 64 characters: this is a guess for display, not the value itself.
    return std::string(id.substr(0, std::min({id.find_first_of(" \t"), id.size(), std::size_t{64}})));
}

}  // namespace

StsRecordEvaluation evaluate_sts_rrset(std::span<const std::string> txt_records, std::string_view record_name) {
    StsRecordEvaluation result;
    const std::string name(record_name);
    // RFC 8461 §3.1: records that do not begin with v=STSv1 are dropped.
    const txt::RrsetSplit split = txt::split_rrset(txt_records, k_tag);
    const auto& candidates = split.candidates;
    const auto& near_misses = split.near_misses;
    const bool none_left = txt::report_selection(split, k_tag, name, result.findings);
    if (none_left) {
        if (near_misses.size() == 1) result.diagnostic_id = lenient_id(near_misses.front());
        return result;
    }

    if (candidates.size() > 1) {
        std::string ids;
        for (std::size_t i = 0; i < candidates.size() && i < 5; ++i) {
            auto id = lenient_id(candidates[i]);
            ids += (i == 0 ? "" : ", ") + (id ? txt::quote(*id, 40) : std::string("no id"));
        }
        if (candidates.size() > 5) ids += ", ...";
        result.findings.push_back(model::make_finding(
            "sts.record.multiple", name,
            std::to_string(candidates.size()) + " TXT records at " + name + " start with v=STSv1 (ids " + ids +
                "): RFC 8461 §3.1 tells senders to treat the domain as having no MTA-STS; keep only one"));
        return result;
    }

    StsRecord record;
    txt::FindingSink sink(txt::quote(candidates.front()));
    const ParsedRecord parsed = parse_record(candidates.front(), sink, record);
    sink.flush_into(result.findings);
    if (parsed.usable) {
        result.record = std::move(record);
    } else {
        // RFC 8461 §3.1: senders assume no policy; the id is kept so the checker can still fetch
        // the policy for diagnosis (docs/rfc-rules.md A5).
        // Unset when no id can be made out at all (e.g. "v=STSv1;").
        result.diagnostic_id = parsed.id ? parsed.id : lenient_id(candidates.front());
    }
    return result;
}

}  // namespace mtasts::rfc
