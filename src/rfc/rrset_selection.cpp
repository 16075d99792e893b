#include "rrset_selection.hpp"

#include <algorithm>

#include "txt_fields.hpp"

namespace mtasts::rfc::txt {
namespace {

bool is_candidate(std::string_view record, std::string_view tag) {
    if (!record.starts_with(tag)) return false;
    std::size_t i = tag.size();
    while (i < record.size() && is_wsp(record[i])) ++i;
    return i == record.size() || record[i] == ';';
}

}  // namespace

RrsetSplit split_rrset(std::span<const std::string> records, const VersionTag& version) {
    RrsetSplit split;
    for (const std::string& record : records) {
        if (is_candidate(record, version.tag))
            split.candidates.push_back(record);
        else if (squeeze(record).find(version.near_prefix) != std::string::npos)
            split.near_misses.push_back(record);
        else
            split.others.push_back(record);
    }
    return split;
}

std::string near_miss_reason(std::string_view record, const VersionTag& version) {
    const std::string tag(version.tag);
    if (!record.empty() && (record.front() == '"' || record.front() == '\''))
        return "it starts with a quote character: the TXT data itself contains quotes, usually because the zone file "
               "quotes the text twice or a web form added quotes; remove the inner quotes";
    if (!record.empty() && is_wsp(record.front()))
        return "it starts with whitespace at column 1: the record must begin with " + tag + " exactly";
    if (record.starts_with(version.tag)) {
        const std::size_t col = version.tag.size();
        return "after '" + tag + "' comes " + describe_byte(static_cast<unsigned char>(record[col])) + " at column " +
               std::to_string(col + 1) + ": fields must be separated by ';', as in \"" + std::string(version.example) + "\"";
    }
    if (squeeze(record.substr(0, std::min(record.size(), version.tag.size() + 10))).find(version.near_prefix) != 0)
        return "'" + tag + "' must be the first field of the record";
    const std::size_t equals = record.find('=');
    if (equals != std::string_view::npos && (equals == 0 || is_wsp(record[equals - 1]) ||
                                             (equals + 1 < record.size() && is_wsp(record[equals + 1]))))
        return "whitespace around '=' in the version field: write '" + tag + "' with no spaces";
    if (record.size() >= version.tag.size()) {
        const std::string start(record.substr(0, version.tag.size()));
        if (squeeze(start) == squeeze(version.tag))
            return "the version is written " + quote(start) + " but it is case-sensitive: write '" + tag + "'";
    }
    return "the version is not '" + tag + "', the only version " + std::string(version.rfc) + " defines";
}

bool report_selection(const RrsetSplit& split, const VersionTag& version, const std::string& name,
                      model::Findings& findings) {
    const std::string tag(version.tag);
    const std::string kind(version.kind);
    const std::string readers(version.readers);
    if (split.candidates.empty() && split.near_misses.empty()) {
        std::string message = "no TXT record at " + name + " starts with " + tag;
        if (!split.others.empty())
            message += " (" + std::to_string(split.others.size()) + " other TXT record(s), e.g. " +
                       quote(split.others.front(), 40) + ", are not " + kind + " records and " + readers + " ignore them)";
        findings.push_back(model::make_finding(version.missing_id, name, std::move(message)));
        return true;
    }
    // A dropped near miss is reported so the admin learns why their record is not seen.
    const auto severity = split.candidates.empty() ? model::Severity::error : model::Severity::info;
    const std::string article = kind.front() == 'M' ? "an " : "a ";
    for (std::size_t i = 0; i < split.near_misses.size() && i < k_max_reported_records; ++i) {
        std::string message = "the record " + quote(split.near_misses[i]) + " is not " + article + kind + " record to " +
                              readers + ": " + near_miss_reason(split.near_misses[i], version);
        if (split.candidates.empty()) message += "; no record at " + name + " starts with " + tag;
        findings.push_back(model::make_finding(version.invalid_id, severity, quote(split.near_misses[i]), std::move(message)));
    }
    if (split.near_misses.size() > k_max_reported_records)
        findings.push_back(model::make_finding(
            version.invalid_id, severity, name,
            "and " + std::to_string(split.near_misses.size() - k_max_reported_records) + " more near-miss records, not listed"));
    return split.candidates.empty();
}

}  // namespace mtasts::rfc::txt
