#include "mtasts/check/print.hpp"

#include <ostream>

#include "mtasts/render/document.hpp"
#include "mtasts/render/json.hpp"
#include "mtasts/render/text.hpp"

namespace mtasts::check {

void print_report(std::ostream& out, const model::DomainReport& report, const OutputOptions& output, bool color,
                  const std::optional<std::string>& policy_path) {
    switch (output.format) {
        case render::Format::junit:
        case render::Format::github:
        case render::Format::sarif:
        case render::Format::openmetrics:
            render::render_document(out, std::span(&report, 1), output.format, render::RunContext{output.fail_on, policy_path});
            break;
        case render::Format::json: out << render::dump_json(render::domain_report_to_json(report), true) << '\n'; break;
        case render::Format::jsonl: out << render::dump_json(render::domain_report_to_json(report), false) << '\n'; break;
        case render::Format::text:
        case render::Format::html:
            render::render_text(out, report, render::TextStyle{.color = color, .quiet = output.quiet, .verbose = output.verbose});
            break;
    }
    out.flush();
}

}  // namespace mtasts::check
