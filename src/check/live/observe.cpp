// The live check's lookups, fetches and probes of a list of domains on one loop (the data flow
// of docs/ARCHITECTURE.md), shared by the commands that check live domains.
#include "mtasts/check/live/observe.hpp"

#include <algorithm>
#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "domain_check.hpp"
#include "mtasts/net/socket_budget.hpp"

namespace mtasts::check::live {
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
    config.pacing = net::PacerLimits{.per_host = options.per_host_sessions, .per_second = options.max_rate};
    return config;
}

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

// Tells `progress` once a second which domains are in flight and how many are slow.
class InFlightTicker {
public:
    InFlightTicker(net::Loop& loop, Progress progress) : m_loop(loop), m_progress(std::move(progress)) {
        if (m_progress) arm();
    }
    InFlightTicker(const InFlightTicker&) = delete;
    InFlightTicker& operator=(const InFlightTicker&) = delete;
    ~InFlightTicker() {
        if (m_timer) m_loop.cancel_timer(*m_timer);
    }

    void started(std::size_t index) { m_started.emplace(index, m_loop.now()); }
    void finished(std::size_t index) { m_started.erase(index); }

private:
    // The loop ends when no operation is held, whatever timers remain, so this one may re-arm.
    void arm() {
        m_timer = m_loop.add_timer(std::chrono::seconds(1), [this] {
            m_timer.reset();
            const auto now = m_loop.now();
            InFlight in_flight{.running = m_started.size()};
            for (const auto& [index, since] : m_started) in_flight.slow += now - since >= k_slow_domain ? 1 : 0;
            m_progress(in_flight);
            arm();
        });
    }

    net::Loop& m_loop;
    Progress m_progress;
    std::map<std::size_t, net::Loop::Clock::time_point> m_started;
    std::optional<net::Loop::TimerId> m_timer;
};

}  // namespace

model::SessionCounts observe_domains(const CheckOptions& options, const Observed& observed, const Progress& progress,
                                     const std::function<bool()>& keep_going) {
    net::Loop loop;
    // A batch opens a connection per MX address and session: use every descriptor the hard
    // limit allows, and never more connections at once than fit, so that EMFILE cannot turn
    // into findings about the domains (the rest wait for a free slot).
    net::SocketBudget budget(loop, net::socket_budget_for(net::raise_open_file_limit()));
    net::Resolver resolver(loop, resolver_config(options));
    net::PolicyFetcher fetcher(loop, https_config(options), &budget);
    std::optional<net::SmtpProber> prober;
    if (options.smtp) prober.emplace(loop, smtp_config(options), &budget);
    PublicSuffixes suffixes;
    Services services{loop, resolver, fetcher, prober ? &*prober : nullptr, options.extra_sessions,
                            options.family, static_cast<std::int64_t>(std::time(nullptr)), options.smtp_port,
                            options.https_port, suffixes};

    RootCanary canary(resolver, observed);
    InFlightTicker ticker(loop, progress);

    std::size_t next = 0;
    // Keeps at most --jobs domains in flight: each finished domain starts the next one.
    std::function<void()> start_next = [&] {
        if (next >= options.domains.size() || (keep_going && !keep_going())) return;
        const std::size_t index = next++;
        ticker.started(index);
        start_domain_check(services, options.domains[index], [&, index](model::Observation observation, std::int64_t elapsed_ms) {
            ticker.finished(index);
            canary.domain_done(index, std::move(observation), elapsed_ms);
            loop.post(start_next);
        });
    };
    for (unsigned i = 0; i < options.jobs && i < options.domains.size(); ++i) start_next();
    loop.run();
    return prober ? prober->counts() : model::SessionCounts{};
}

}  // namespace mtasts::check::live
