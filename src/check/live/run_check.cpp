// `mta-sts-check DOMAIN...`: every domain checked on one loop, at most --jobs at a time;
// results printed as they finish (jsonl, github) or in input order (text, json); junit, sarif
// and openmetrics are one document for the run, written at the end.
#include <unistd.h>

#include <ctime>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "domain_check.hpp"
#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/history.hpp"
#include "mtasts/check/live/state_file.hpp"
#include "mtasts/check/print.hpp"
#include "mtasts/check/run.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/render/document.hpp"
#include "mtasts/net/socket_budget.hpp"
#include "mtasts/render/json.hpp"
#include "mtasts/render/text.hpp"

namespace mtasts::check {
namespace {

net::ResolverConfig resolver_config(const CheckOptions& options) {
    net::ResolverConfig config;
    config.servers = options.resolvers;
    config.tries = 2;
    // --timeout bounds the whole lookup: c-ares doubles the timeout on the second round, so
    // two tries take three times the first.
    config.timeout = std::max(options.timeout / 3, std::chrono::milliseconds(200));
    return config;
}

net::HttpsConfig https_config(const CheckOptions& options) {
    net::HttpsConfig config;
    config.connect_timeout = options.timeout;
    config.timeout = options.timeout;
    config.ca_file = options.ca_file;
    return config;
}

net::SmtpConfig smtp_config(const CheckOptions& options) {
    net::SmtpConfig config;
    config.port = options.smtp_port;
    config.connect_timeout = options.timeout;
    config.greeting_timeout = options.greeting_timeout;
    config.command_timeout = options.timeout;
    config.handshake_timeout = options.timeout;
    config.ca_file = options.ca_file;
    return config;
}

// Prints finished reports: streamed for jsonl, in input order otherwise; counts the outcome.
class Printer {
public:
    Printer(const CheckOptions& options, std::size_t domain_count)
        : m_options(options),
          m_count(domain_count),
          m_color(render::use_color(options.output.color, STDOUT_FILENO)),
          m_progress(domain_count > 1 && !options.output.quiet && isatty(STDERR_FILENO) == 1),
          m_status(options.output.fail_on) {}

    void add(std::size_t index, model::DomainReport report) {
        m_status.add(report.findings, report.nothing_checked);
        m_tally.add(report.verdict);
        if (streams()) {
            clear_progress();
            print_report(std::cout, report, m_options.output, m_color);
        } else {
            m_waiting.emplace(index, std::move(report));
            flush_in_order();
        }
        show_progress();
    }

    int finish() {
        clear_progress();
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
        std::cerr << "\r\x1b[Kchecked " << m_tally.total() << " of " << m_count << " domains" << std::flush;
        m_progress_shown = true;
    }

    void clear_progress() {
        if (!m_progress_shown) return;
        std::cerr << "\r\x1b[K" << std::flush;
        m_progress_shown = false;
    }

    const CheckOptions& m_options;
    std::size_t m_count;
    bool m_color;
    bool m_progress;
    bool m_progress_shown = false;
    model::RunStatus m_status;
    render::RunTally m_tally;
    std::map<std::size_t, model::DomainReport> m_waiting;
    std::size_t m_next = 0;
    std::vector<model::DomainReport> m_collected;
};

// A resolver that says NXDOMAIN even for the DNS root (a captive or offline resolver) makes
// every "no such record" meaningless: such answers must not become misconfigurations. The root
// has no TXT record, so a truthful resolver answers NODATA (or fails). Domains finished before
// that answer wait for it.
class RootCanary {
public:
    using Report = std::function<void(std::size_t index, model::Observation observation, std::int64_t elapsed_ms)>;

    // Asks `resolver` for the root's TXT record; `report` gets each domain once the answer is in.
    RootCanary(net::Resolver& resolver, Report report) : m_report(std::move(report)) {
        resolver.query_txt(".", [this](net::DnsResult<net::TxtAnswer> result) {
            m_answered = true;
            m_denies_root = !result && result.error().kind == net::NetErrorKind::dns_nxdomain;
            for (Parked& domain : m_parked) domain_done(domain.index, std::move(domain.observation), domain.elapsed_ms);
            m_parked.clear();
        });
    }
    RootCanary(const RootCanary&) = delete;
    RootCanary& operator=(const RootCanary&) = delete;

    // A domain's observation is complete: reported now, or parked until the root has answered.
    void domain_done(std::size_t index, model::Observation observation, std::int64_t elapsed_ms) {
        if (!m_answered) {
            m_parked.push_back({index, std::move(observation), elapsed_ms});
            return;
        }
        if (m_denies_root) {
            model::distrust_negative_answers(observation,
                                            "the resolver answers NXDOMAIN even for the DNS root, so it is offline or "
                                            "filtering and its \"does not exist\" proves nothing");
        }
        m_report(index, std::move(observation), elapsed_ms);
    }

private:
    struct Parked {
        std::size_t index;
        model::Observation observation;
        std::int64_t elapsed_ms;
    };

    Report m_report;
    bool m_answered = false;
    bool m_denies_root = false;
    std::vector<Parked> m_parked;
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

}  // namespace

int run_check(const CheckOptions& options) {
    // Opened (locked and read) before anything is looked up: a broken file stops the run.
    std::optional<live::StateFile> state;
    if (options.state_file) state.emplace(*options.state_file);

    net::Loop loop;
    // A batch opens a connection per MX address and session: use every descriptor the hard
    // limit allows, and never more connections at once than fit, so that EMFILE cannot turn
    // into findings about the domains (the rest wait for a free slot).
    net::SocketBudget budget(loop, net::socket_budget_for(net::raise_open_file_limit()));
    net::Resolver resolver(loop, resolver_config(options));
    net::PolicyFetcher fetcher(loop, https_config(options), &budget);
    std::optional<net::SmtpProber> prober;
    if (options.smtp) prober.emplace(loop, smtp_config(options), &budget);
    live::Services services{loop, resolver, fetcher, prober ? &*prober : nullptr, options.extra_sessions,
                            options.family, static_cast<std::int64_t>(std::time(nullptr)), options.smtp_port,
                            options.https_port};

    Printer printer(options, options.domains.size());
    RootCanary canary(resolver, [&](std::size_t index, model::Observation observation, std::int64_t elapsed_ms) {
        const std::string& domain = options.domains[index];
        if (state) observation.history = state->history(domain);
        model::DomainReport report = evaluate(observation, options.output.ignored_ids);
        report.elapsed_ms = elapsed_ms;
        if (state && report.history)
            state->set_history(domain, next_history(*observation.history, report.history->current, observation.now));
        printer.add(index, std::move(report));
    });

    std::size_t next = 0;
    // Keeps at most --jobs domains in flight: each finished domain starts the next one.
    std::function<void()> start_next = [&] {
        if (next >= options.domains.size()) return;
        const std::size_t index = next++;
        live::start_domain_check(services, options.domains[index], [&, index](model::Observation observation, std::int64_t elapsed_ms) {
            canary.domain_done(index, std::move(observation), elapsed_ms);
            loop.post(start_next);
        });
    };
    for (unsigned i = 0; i < options.jobs && i < options.domains.size(); ++i) start_next();
    loop.run();
    const int status = printer.finish();
    if (state) save_state(*state);
    return status;
}

}  // namespace mtasts::check
