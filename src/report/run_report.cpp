// `mta-sts-check report`: read every input, parse, aggregate, render; exit status as the man page (EXIT STATUS) says.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <tuple>
#include <iostream>

#include "mtasts/base/printable.hpp"
#include "mtasts/base/text.hpp"
#include "mtasts/base/time.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/report/aggregate.hpp"
#include "mtasts/report/collect.hpp"
#include "mtasts/report/inputs.hpp"
#include "mtasts/report/options.hpp"
#include "mtasts/report/render.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"

namespace mtasts::report {
namespace {

// Files read between two progress updates on a terminal.
constexpr std::size_t k_progress_every = 50;

std::optional<std::int64_t> parse_date_option(const std::string& text, bool end_of_day) {
    if (text.size() == 10) {
        auto midnight = base::parse_rfc3339(text + "T00:00:00Z");
        // --until 2024-05-01 includes that day.
        if (midnight && end_of_day) return *midnight + 86400;
        return midnight;
    }
    bool zone_missing = false;
    return base::parse_rfc3339(text, &zone_missing);
}

// The --domain, --since and --until filter; model::UsageError for a value that can match nothing.
Filter filter_of(const ReportOptions& options) {
    Filter filter;
    if (options.domain) {
        const std::string domain = base::lower(base::trim_end(*options.domain, "."));
        if (domain.empty()) throw model::UsageError("report: --domain: empty domain name");
        filter.domain = domain;
    }
    for (const auto& [text, target, end_of_day, name] : {std::tuple{options.since, &filter.since, false, "--since"},
                                                         std::tuple{options.until, &filter.until, true, "--until"}}) {
        if (!text) continue;
        *target = parse_date_option(*text, end_of_day);
        if (!*target)
            throw model::UsageError(std::string("report: ") + name + ": not a date (YYYY-MM-DD or RFC 3339): " + *text);
    }
    if (filter.since && filter.until && *filter.since >= *filter.until)
        throw model::UsageError("report: --since " + *options.since + " is not before --until " + *options.until +
                                ": no report can match");
    return filter;
}

// Prints per-file errors and, on a terminal, progress.
class Run {
public:
    Run(const ReportOptions& options, Filter filter) : m_options(options), m_collector(std::move(filter)) {}

    void file(const std::string& path, bool named) {
        report_error(m_collector.add_input(path, named));
        progress();
    }

    void missing(const WalkProblem& problem) { report_error(m_collector.add_missing(problem.path, problem.reason)); }

    void end_progress() {
        if (m_progress_shown) std::cerr << "\r\x1b[K" << std::flush;
    }

    const Summary& summary() const { return m_collector.summary(); }
    bool any_error() const { return m_collector.any_error(); }

private:
    void report_error(const FileEntry& entry) {
        if (!entry.error || (m_options.quiet && m_options.skip_invalid)) return;
        end_progress();
        std::cerr << "mta-sts-check: report: " << base::printable(entry.path) << ": " << base::printable(*entry.error)
                  << (m_options.skip_invalid ? " (skipped)" : "") << '\n';
    }

    void progress() {
        ++m_files;
        if (m_options.quiet || m_files % k_progress_every != 0 || isatty(STDERR_FILENO) == 0) return;
        std::cerr << "\rread " << m_files << " inputs, " << m_collector.summary().reports << " reports" << std::flush;
        m_progress_shown = true;
    }

    const ReportOptions& m_options;
    Collector m_collector;
    bool m_progress_shown = false;
    std::size_t m_files = 0;
};

}  // namespace

int run_report(const ReportOptions& options) {
    const Filter filter = filter_of(options);
    Run run(options, filter);
    const auto problems =
        walk_inputs(options.inputs, [&](const std::string& path, bool named) { run.file(path, named); });
    for (const auto& problem : problems) run.missing(problem);
    run.end_progress();

    std::ofstream file;
    if (options.output_path) {
        file.open(*options.output_path, std::ios::binary | std::ios::trunc);
        if (!file) {
            throw model::UsageError("report: cannot write " + *options.output_path + ": " + std::strerror(errno));
        }
    }
    std::ostream& out = options.output_path ? static_cast<std::ostream&>(file) : std::cout;
    switch (options.format) {
        case render::Format::json:
        case render::Format::jsonl:
        // The CI formats are about findings; the CLI offers none of them for report.
        case render::Format::junit:
        case render::Format::github:
        case render::Format::sarif:
        case render::Format::openmetrics: render_json(run.summary(), out); break;
        case render::Format::html: render_html(run.summary(), out); break;
        case render::Format::text: {
            const bool color = render::use_color(options.color, options.output_path ? -1 : STDOUT_FILENO);
            render_text(run.summary(), out, {color, options.quiet});
            break;
        }
    }
    out.flush();
    if (!out) {
        std::cerr << "mta-sts-check: report: write error\n";
        return model::k_exit_usage;
    }
    return run.any_error() && !options.skip_invalid ? model::k_exit_usage : model::k_exit_ok;
}

}  // namespace mtasts::report
