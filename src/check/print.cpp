#include "mtasts/check/print.hpp"

#include <ostream>

#include "mtasts/render/json.hpp"
#include "mtasts/render/text.hpp"

namespace mtasts::check {

void print_report(std::ostream& out, const model::DomainReport& report, const OutputOptions& output, bool color) {
    switch (output.format) {
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
