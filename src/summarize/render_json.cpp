// JSON summary of a scan (man page, SUMMARIZE): every key always present, counts as numbers,
// shares as a fraction from 0 to 1 (null without a domain to share).
#include "format.hpp"
#include "mtasts/render/json.hpp"
#include "mtasts/summarize/render.hpp"
#include "mtasts/version.hpp"

namespace mtasts::summarize {
namespace {

using nlohmann::json;

json verdicts_to_json(const model::VerdictTally& verdicts) {
    json out = json::object();
    for (const model::Verdict verdict : detail::k_verdicts)
        out[std::string(model::to_string(verdict))] = verdicts.of(verdict);
    return out;
}

json share_to_json(const Share& share) {
    const auto fraction = share.fraction();
    return json{{"domains", share.count}, {"of", share.of}, {"share", fraction ? json(*fraction) : json(nullptr)}};
}

json inputs_to_json(const std::vector<InputStats>& inputs) {
    json out = json::array();
    for (const auto& input : inputs) {
        out.push_back({{"path", input.path},
                       {"lines", input.lines},
                       {"invalid", input.invalid},
                       {"error", input.error ? json(*input.error) : json(nullptr)}});
    }
    return out;
}

json providers_to_json(const std::vector<ProviderRow>& providers) {
    json out = json::array();
    for (const auto& row : providers) {
        json entry = {{"provider", row.provider}, {"domains", row.verdicts.total()}};
        entry.update(verdicts_to_json(row.verdicts));
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace

json to_json(const Summary& s) {
    json findings = json::array();
    for (const auto& row : s.findings) findings.push_back({{"id", row.id}, {"domains", row.domains}});
    return json{{"schema_version", k_summary_schema_version},
                {"tool", {{"name", k_tool_name}, {"version", k_version}}},
                {"inputs", inputs_to_json(s.inputs)},
                {"domains", s.domains},
                {"duplicates", s.duplicates},
                {"invalid_lines", s.invalid_lines},
                {"verdicts", verdicts_to_json(s.verdicts)},
                {"modes",
                 {{"enforce", s.modes.enforce},
                  {"testing", s.modes.testing},
                  {"none", s.modes.none},
                  {"no_policy", s.modes.no_policy}}},
                {"findings", std::move(findings)},
                {"providers", providers_to_json(s.providers)},
                {"headline",
                 {{"publishing", s.publishing},
                  {"misconfigured", share_to_json(s.misconfigured)},
                  {"losing_mail", share_to_json(s.losing_mail)}}}};
}

void render_json(const Summary& summary, std::ostream& out) {
    out << render::dump_json(to_json(summary), true) << '\n';
}

}  // namespace mtasts::summarize
