// Dispatch of the whole-run formats; see document.hpp.
#include "mtasts/render/document.hpp"

#include <ostream>

namespace mtasts::render {

bool is_whole_run_format(Format format) {
    return format == Format::junit || format == Format::sarif || format == Format::openmetrics;
}

bool is_ci_format(Format format) {
    return is_whole_run_format(format) || format == Format::github;
}

void render_document(std::ostream& out, std::span<const model::DomainReport> reports, Format format,
                     const RunContext& context) {
    switch (format) {
        case Format::junit: render_junit(out, reports, context); break;
        case Format::sarif: render_sarif(out, reports, context); break;
        case Format::openmetrics: render_openmetrics(out, reports); break;
        case Format::github:
            for (const model::DomainReport& report : reports) render_github(out, report, context);
            break;
        case Format::text:
        case Format::json:
        case Format::jsonl:
        case Format::html: break;
    }
}

}  // namespace mtasts::render
