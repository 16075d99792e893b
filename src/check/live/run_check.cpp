// `mta-sts-check DOMAIN...`: every domain checked on one loop, at most --jobs at a time;
// results printed as they finish (jsonl, github) or in input order (text, json); junit, sarif
// and openmetrics are one document for the run, written at the end. With -o FILE each result
// is a line of FILE instead, and stdout gets the closing tally of every domain FILE holds.
#include <unistd.h>

#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "mtasts/base/printable.hpp"
#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/history.hpp"
#include "mtasts/check/live/observe.hpp"
#include "mtasts/check/live/result_file.hpp"
#include "mtasts/check/live/state_file.hpp"
#include "mtasts/check/print.hpp"
#include "mtasts/check/run.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/render/document.hpp"
#include "mtasts/render/json.hpp"
#include "mtasts/render/text.hpp"

namespace mtasts::check {
namespace {

// Prints finished reports: streamed for jsonl, in input order otherwise; counts the outcome.
class Printer {
public:
    // `results`: the -o file that takes each report instead of stdout, or null.
    Printer(const CheckOptions& options, std::size_t domain_count, live::ResultFile* results)
        : m_options(options),
          m_results(results),
          m_count(domain_count),
          m_color(render::use_color(options.output.color, STDOUT_FILENO)),
          m_progress(domain_count > 1 && !options.output.quiet && isatty(STDERR_FILENO) == 1),
          m_status(options.output.fail_on) {}

    void add(std::size_t index, model::DomainReport report) {
        m_status.add(report.findings, report.nothing_checked);
        m_tally.add(report.verdict);
        if (m_results) {
            m_results->append(report);
        } else if (streams()) {
            clear_progress();
            print_report(std::cout, report, m_options.output, m_color);
        } else {
            m_waiting.emplace(index, std::move(report));
            flush_in_order();
        }
        show_progress();
    }

    // Counts a domain an earlier run wrote to the -o file (--resume) as if checked now.
    void add_finished(const live::FinishedDomain& finished) {
        m_status.add(finished.counted_findings(), finished.verdict == model::Verdict::incomplete);
        m_tally.add(finished.verdict);
    }

    // Shows the domains in flight, and how many wait on slow servers (a TTY only).
    void in_flight(const live::InFlight& now) {
        m_in_flight = now;
        show_progress();
    }

    int finish(const model::SessionCounts& sessions) {
        m_tally.sessions = sessions;
        clear_progress();
        if (m_results) return finish_results();
        if (m_options.output.format == render::Format::json && m_count == 0) std::cout << "[]\n";
        if (m_options.output.format == render::Format::json && m_count > 1) std::cout << "\n]\n";
        if (render::is_whole_run_format(m_options.output.format)) {
            render::render_document(std::cout, m_collected, m_options.output.format, render::RunContext{m_options.output.fail_on, {}});
        }
        if (m_options.output.format == render::Format::text && m_count > 1) {
            render::render_tally(std::cout, m_tally, style());
        }
        std::cout.flush();
        return m_status.exit_code();
    }

private:
    // -o: the tally of every domain in the file on stdout; a failed write is a tool failure.
    int finish_results() {
        render::render_tally(std::cout, m_tally, style());
        std::cout.flush();
        if (m_results->error().empty()) return m_status.exit_code();
        std::cerr << "mta-sts-check: " << m_results->error() << "\n";
        return model::k_exit_usage;
    }

    render::TextStyle style() const {
        return render::TextStyle{.color = m_color, .quiet = m_options.output.quiet, .verbose = m_options.output.verbose};
    }

    // jsonl and github are a line per domain or finding: each domain is written when it is done.
    bool streams() const {
        return m_options.output.format == render::Format::jsonl || m_options.output.format == render::Format::github;
    }

    void flush_in_order() {
        for (auto it = m_waiting.find(m_next); it != m_waiting.end(); it = m_waiting.find(m_next)) {
            clear_progress();
            print_next(it->second);
            m_waiting.erase(it);
            ++m_next;
        }
    }

    void print_next(const model::DomainReport& report) {
        if (render::is_whole_run_format(m_options.output.format)) {
            // One document for the whole run (one <testsuites>, one SARIF run, one exposition).
            m_collected.push_back(report);
            return;
        }
        if (m_options.output.format == render::Format::json && m_count > 1) {
            // Several domains in one JSON document: an array of the per-domain objects.
            std::cout << (m_next == 0 ? "[\n" : ",\n") << render::dump_json(render::domain_report_to_json(report), true);
            return;
        }
        if (m_options.output.format == render::Format::text && m_next > 0) std::cout << '\n';
        print_report(std::cout, report, m_options.output, m_color);
    }

    void show_progress() {
        if (!m_progress) return;
        std::cerr << "\r\x1b[Kchecked " << m_tally.total() << " of " << m_count << " domains";
        if (m_in_flight.running > 0) std::cerr << ", " << m_in_flight.running << " in progress";
        if (m_in_flight.slow > 0) {
            std::cerr << ", " << m_in_flight.slow << " waiting over " << live::k_slow_domain.count()
                      << " s on slow servers";
        }
        std::cerr << std::flush;
        m_progress_shown = true;
    }

    void clear_progress() {
        if (!m_progress_shown) return;
        std::cerr << "\r\x1b[K" << std::flush;
        m_progress_shown = false;
    }

    const CheckOptions& m_options;
    live::ResultFile* m_results;
    std::size_t m_count;
    bool m_color;
    bool m_progress;
    bool m_progress_shown = false;
    live::InFlight m_in_flight;
    model::RunStatus m_status;
    render::RunTally m_tally;
    std::map<std::size_t, model::DomainReport> m_waiting;
    std::size_t m_next = 0;
    std::vector<model::DomainReport> m_collected;
};

// Writes the state file after the run. A failure does not change the verdict: the domains were
// checked, only the memory of this run is lost (the writability checked at the start can still
// change, e.g. a disk filling up).
void save_state(live::StateFile& state) {
    try {
        state.save();
    } catch (const model::UsageError& error) {
        std::cerr << "mta-sts-check: " << error.what() << " (the state file keeps its earlier content)\n";
    }
}

// Checks `options.domains`, handing each report to `printer`. A -o file that can no longer be
// written starts no new domain: the results would be lost (those in flight still finish).
model::SessionCounts check_domains(const CheckOptions& options, std::optional<live::StateFile>& state, Printer& printer,
                                   const live::ResultFile* results) {
    const auto writable = [results] { return results == nullptr || results->error().empty(); };
    return live::observe_domains(
        options,
        [&](std::size_t index, model::Observation observation, std::int64_t elapsed_ms) {
            const std::string& domain = options.domains[index];
            if (state) observation.history = state->history(domain);
            model::DomainReport report = evaluate(observation, options.output.ignored_ids);
            report.elapsed_ms = elapsed_ms;
            if (state && report.history)
                state->set_history(domain, next_history(*observation.history, report.history->current, observation.now));
            printer.add(index, std::move(report));
        },
        [&printer](const live::InFlight& now) { printer.in_flight(now); }, writable);
}

// The domains of `domains` an earlier run has not written to the -o file (--resume).
std::vector<std::string> still_to_check(const std::vector<std::string>& domains, const live::ResumePoint& resumed) {
    std::set<std::string, std::less<>> done;
    for (const auto& finished : resumed.finished) done.insert(finished.domain);
    std::vector<std::string> rest;
    for (const auto& domain : domains)
        if (!done.contains(domain)) rest.push_back(domain);
    return rest;
}

// What --resume found, on stderr: a torn line cut away, and how much is left to do.
void note_resume(const std::string& path, const live::ResumePoint& resumed, std::size_t listed, std::size_t left) {
    if (resumed.torn_bytes > 0)
        std::cerr << "mta-sts-check: -o " << base::printable(path) << ": cut away the torn last line (" << resumed.torn_bytes
                  << " bytes) of an interrupted run\n";
    std::cerr << "mta-sts-check: -o " << base::printable(path) << " holds " << resumed.finished.size() << " results; checking "
              << left << " of the " << listed << " domains\n";
}

}  // namespace

int run_check(const CheckOptions& options) {
    // Opened (locked and read) before anything is looked up: a broken file stops the run.
    std::optional<live::StateFile> state;
    if (options.state_file) state.emplace(*options.state_file);
    std::optional<live::ResultFile> results;
    if (options.output_file) results.emplace(*options.output_file, options.resume);

    CheckOptions todo = options;
    if (results) todo.domains = still_to_check(options.domains, results->resumed());
    if (results && options.resume && !options.output.quiet)
        note_resume(*options.output_file, results->resumed(), options.domains.size(), todo.domains.size());

    Printer printer(todo, todo.domains.size(), results ? &*results : nullptr);
    if (results)
        for (const auto& finished : results->resumed().finished) printer.add_finished(finished);
    model::SessionCounts sessions;
    if (!todo.domains.empty()) sessions = check_domains(todo, state, printer, results ? &*results : nullptr);
    const int status = printer.finish(sessions);
    if (state) save_state(*state);
    return status;
}

}  // namespace mtasts::check
