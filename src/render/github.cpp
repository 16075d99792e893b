// GitHub Actions workflow commands ("::error title=ID::message"), one line per finding, so that
// each finding becomes an annotation of the job. The runner reads a command per line and
// percent-decodes %25, %0D and %0A in the message, and also %3A and %2C in property values
// (actions/runner src/Runner.Common/ActionCommand.cs); escape.hpp writes exactly those.
#include <ostream>

#include "ci_common.hpp"
#include "mtasts/render/escape.hpp"
#include "mtasts/render/document.hpp"

namespace mtasts::render {
namespace {

// Failures at --fail-on are errors (they fail the job); other problems are warnings, so that
// they stay visible without failing; facts and ignored findings are notices.
std::string_view command_of(const model::Finding& finding, model::FailOn fail_on) {
    if (detail::fails_run(finding, fail_on)) return "error";
    if (finding.ignored || finding.severity == model::Severity::info) return "notice";
    return "warning";
}

// The command's level says what the finding does to the job; the last line keeps its own
// severity, which can differ (an error below --fail-on never, an ignored warning).
std::string message_of(const model::Finding& finding, const std::string& domain) {
    std::string text = domain + ": " + finding.message;
    if (!finding.subject.empty()) text += " [" + finding.subject + "]";
    if (!finding.hint.empty()) text += "\nFix: " + finding.hint;
    text += "\nSeverity: " + std::string(model::to_string(finding.severity));
    if (finding.ignored) text += ", ignored with --ignore (not counted in the verdict)";
    if (!finding.rfc.empty()) text += "; see " + finding.rfc;
    return text;
}

}  // namespace

void render_github(std::ostream& out, const model::DomainReport& report, const RunContext& context) {
    const std::string domain = report.domain.value_or(context.policy_path.value_or("lint"));
    // A folded group per domain says in the log which domain the annotations belong to; being a
    // command itself, its text is escaped like any message (a plain line could hold "##[").
    out << "::group::" << workflow_data_escape(domain + ": " + std::string(model::to_string(report.verdict))) << '\n';
    for (const model::Finding& finding : report.findings) {
        out << "::" << command_of(finding, context.fail_on);
        out << " title=" << workflow_property_escape(finding.id);
        if (context.policy_path && finding.line) {
            out << ",file=" << workflow_property_escape(*context.policy_path) << ",line=" << *finding.line;
            if (finding.column) out << ",col=" << *finding.column;
        }
        out << "::" << workflow_data_escape(message_of(finding, domain)) << '\n';
    }
    out << "::endgroup::\n";
}

}  // namespace mtasts::render
