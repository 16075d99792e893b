// Reading one domain report of the JSONL output: only the keys summarize counts, each checked
// for its type, so that a line of another program is refused with a reason instead of being
// counted as an empty domain.
#include "mtasts/summarize/domain_line.hpp"

#include <algorithm>

#include "mtasts/base/text.hpp"

namespace mtasts::summarize {
namespace {

using nlohmann::json;
using Checked = std::expected<void, std::string>;

// Longest reason of the JSON parser quoted in an error.
constexpr std::size_t k_max_reason = 160;

enum class Kind { string, array, object, boolean };

bool has_kind(const json& value, Kind kind) {
    switch (kind) {
        case Kind::string: return value.is_string();
        case Kind::array: return value.is_array();
        case Kind::object: return value.is_object();
        case Kind::boolean: return value.is_boolean();
    }
    return false;
}

const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::string: return "a string";
        case Kind::array: return "an array";
        case Kind::object: return "an object";
        case Kind::boolean: return "true or false";
    }
    return "";
}

// The member `key` of `object`: nullptr when it is missing or null (optional keys), an error
// naming `path` when it has another type than `kind`.
std::expected<const json*, std::string> member(const json& object, const char* key, Kind kind,
                                               const std::string& path) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    if (!has_kind(*it, kind)) return std::unexpected(path + " is not " + kind_name(kind));
    return &*it;
}

// A host or domain name as the output writes it, compared without case and trailing dot.
std::string canonical_name(const std::string& name) {
    return base::lower(base::trim_end(name, "."));
}

Checked read_schema_version(const json& report) {
    const auto it = report.find("schema_version");
    if (it == report.end() || !it->is_number_integer())
        return std::unexpected("no schema_version: not a domain report of the live check's --format jsonl");
    if (*it != k_read_schema_version)
        return std::unexpected("schema_version " + it->dump() + " is not supported (this version reads " +
                               std::to_string(k_read_schema_version) + ")");
    return {};
}

Checked read_identity(const json& report, DomainLine& line) {
    const auto domain = member(report, "domain", Kind::string, "domain");
    if (!domain) return std::unexpected(domain.error());
    if (*domain == nullptr || canonical_name((*domain)->get<std::string>()).empty())
        return std::unexpected("no domain");
    line.domain = canonical_name((*domain)->get<std::string>());
    const auto verdict = member(report, "verdict", Kind::string, "verdict");
    if (!verdict) return std::unexpected(verdict.error());
    if (*verdict == nullptr) return std::unexpected("no verdict");
    const auto known = model::verdict_from_string((*verdict)->get<std::string>());
    if (!known) return std::unexpected("unknown verdict \"" + (*verdict)->get<std::string>() + "\"");
    line.verdict = *known;
    return {};
}

// RFC 8461 §3.1: what the domain publishes at _mta-sts, and the mode of the policy it serves.
Checked read_mta_sts(const json& report, DomainLine& line) {
    const auto mta_sts = member(report, "mta_sts", Kind::object, "mta_sts");
    if (!mta_sts) return std::unexpected(mta_sts.error());
    if (*mta_sts == nullptr) return {};
    const auto record = member(**mta_sts, "record", Kind::object, "mta_sts.record");
    if (!record) return std::unexpected(record.error());
    if (*record != nullptr) {
        const auto txt = member(**record, "txt", Kind::array, "mta_sts.record.txt");
        if (!txt) return std::unexpected(txt.error());
        line.publishes_record = *txt != nullptr && !(*txt)->empty();
    }
    const auto policy = member(**mta_sts, "policy", Kind::object, "mta_sts.policy");
    if (!policy) return std::unexpected(policy.error());
    if (*policy == nullptr) return {};
    const auto mode = member(**policy, "mode", Kind::string, "mta_sts.policy.mode");
    if (!mode) return std::unexpected(mode.error());
    if (*mode != nullptr && line.publishes_record) line.mode = (*mode)->get<std::string>();
    return {};
}

// One finding: its id counts unless it was ignored (--ignore leaves it out of the verdict too).
Checked read_finding(const json& finding, const std::string& path, DomainLine& line) {
    if (!finding.is_object()) return std::unexpected(path + " is not an object");
    const auto id = member(finding, "id", Kind::string, path + ".id");
    if (!id) return std::unexpected(id.error());
    if (*id == nullptr) return std::unexpected(path + " has no id");
    const auto ignored = member(finding, "ignored", Kind::boolean, path + ".ignored");
    if (!ignored) return std::unexpected(ignored.error());
    if (*ignored != nullptr && (*ignored)->get<bool>()) return {};
    const auto severity = member(finding, "severity", Kind::string, path + ".severity");
    if (!severity) return std::unexpected(severity.error());
    if (*severity != nullptr) {
        const std::string& word = (*severity)->get_ref<const std::string&>();
        line.misconfigured = line.misconfigured || word == "error" || word == "warning";
    }
    line.finding_ids.push_back((*id)->get<std::string>());
    return {};
}

Checked read_findings(const json& report, DomainLine& line) {
    const auto findings = member(report, "findings", Kind::array, "findings");
    if (!findings) return std::unexpected(findings.error());
    if (*findings == nullptr) return {};
    for (std::size_t index = 0; index < (*findings)->size(); ++index) {
        const Checked read = read_finding((**findings)[index], "findings[" + std::to_string(index) + "]", line);
        if (!read) return read;
    }
    std::ranges::sort(line.finding_ids);
    const auto repeated = std::ranges::unique(line.finding_ids);
    line.finding_ids.erase(repeated.begin(), repeated.end());
    return {};
}

// The MX hosts, and whether a sender honouring the policy refuses one of them (RFC 8461 §5).
Checked read_mx(const json& report, DomainLine& line) {
    const auto mx = member(report, "mx", Kind::array, "mx");
    if (!mx) return std::unexpected(mx.error());
    if (*mx == nullptr) return {};
    for (std::size_t index = 0; index < (*mx)->size(); ++index) {
        const json& entry = (**mx)[index];
        const std::string path = "mx[" + std::to_string(index) + "]";
        if (!entry.is_object()) return std::unexpected(path + " is not an object");
        const auto host = member(entry, "host", Kind::string, path + ".host");
        if (!host) return std::unexpected(host.error());
        if (*host != nullptr) line.mx_hosts.push_back(canonical_name((*host)->get<std::string>()));
        const auto deliverable =
            member(entry, "deliverable_under_policy", Kind::boolean, path + ".deliverable_under_policy");
        if (!deliverable) return std::unexpected(deliverable.error());
        if (*deliverable != nullptr && !(*deliverable)->get<bool>()) line.mx_refused = true;
    }
    return {};
}

}  // namespace

std::expected<DomainLine, std::string> domain_line_from_json(const json& report) {
    if (!report.is_object()) return std::unexpected("not a JSON object");
    if (const Checked schema = read_schema_version(report); !schema) return std::unexpected(schema.error());
    DomainLine line;
    using Reader = Checked (*)(const json&, DomainLine&);
    for (const Reader read : {&read_identity, &read_mta_sts, &read_findings, &read_mx}) {
        if (const Checked checked = read(report, line); !checked) return std::unexpected(checked.error());
    }
    return line;
}

std::expected<DomainLine, std::string> read_domain_line(std::string_view text) {
    json report;
    try {
        report = json::parse(text);
    } catch (const json::parse_error& error) {
        // "[json.exception.parse_error.101] parse error at line 1, column 2: ...": the position
        // and the reason, cut short since its "last read" part quotes the line.
        std::string why = error.what();
        why.erase(0, why.find("] ") == std::string::npos ? 0 : why.find("] ") + 2);
        if (why.size() > k_max_reason) why = why.substr(0, k_max_reason) + "...";
        return std::unexpected("not JSON: " + why);
    }
    return domain_line_from_json(report);
}

}  // namespace mtasts::summarize
