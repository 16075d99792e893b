#include "domain_check.hpp"

#include <algorithm>
#include <memory>

#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/names.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

namespace mtasts::check::live {
namespace {

// A record with thousands of URIs must not turn into thousands of lookups.
constexpr std::size_t k_max_rua_destinations = 10;

// Where in an address's observation one SMTP session's result goes.
using ProbeSlot = std::optional<model::ProbeObservation> model::MxAddressObservation::*;

// Addresses of one name over the families asked for, and why there are none if so.
struct HostAddresses {
    std::vector<std::string> addresses;
    std::optional<model::DnsFailure> failure;  // set only when no address was found and a lookup failed
    // Set only when no address was found but -4/-6 dropped some: "-6 excludes its IPv4 addresses".
    std::optional<std::string> family_excluded;
    std::vector<std::string> cname_chain;  // the CNAMEs the first answer followed (with addresses or not)
};

class DomainCheck : public std::enable_shared_from_this<DomainCheck> {
public:
    DomainCheck(Services& services, std::string domain, CheckDone done)
        : m_services(services), m_domain(std::move(domain)), m_done(std::move(done)), m_started(services.loop.now()) {}

    void begin() {
        m_observation.domain = m_domain;
        m_observation.now = m_services.now;
        m_observation.smtp_skipped = m_services.prober == nullptr;
        m_observation.smtp_port = m_services.smtp_port;
        auto self = shared_from_this();
        // Held while the first steps start, so that an answer delivered at once cannot end the
        // check before the other steps are counted.
        ++m_pending;
        // t0: everything that depends on nothing else starts at once.
        step([&](auto finish) {
            m_services.resolver.observe_txt(rfc::sts_record_name(m_domain), [self, finish](model::TxtObservation txt) {
                self->m_observation.sts = std::move(txt);
                finish();
            });
        });
        step([&](auto finish) {
            m_services.resolver.observe_txt(rfc::tlsrpt_record_name(m_domain), [self, finish](model::TxtObservation txt) {
                self->m_observation.tlsrpt = std::move(txt);
                self->check_rua_destinations();
                finish();
            });
        });
        step([&](auto finish) {
            m_services.resolver.query_mx(m_domain, [self, finish](net::DnsResult<net::MxAnswer> result) {
                self->on_mx(result);
                finish();
            });
        });
        step([&](auto finish) {
            self->resolve(rfc::policy_host(m_domain), [self, finish](HostAddresses found) {
                self->on_policy_host(std::move(found));
                finish();
            });
        });
        if (--m_pending == 0) finish();
    }

private:
    // Runs `start(finish)` as one pending step; the check ends when no step is pending.
    template <typename Start>
    void step(Start start) {
        ++m_pending;
        auto self = shared_from_this();
        start([self] {
            if (--self->m_pending == 0) self->finish();
        });
    }

    void finish() {
        name_providers();
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(m_services.loop.now() - m_started);
        m_done(std::move(m_observation), elapsed.count());
    }

    // RFC 8461 §8.2: the provider of each CNAME target of the three names a hosted setup delegates.
    void name_providers() {
        const std::vector<std::string>* chains[] = {
            m_observation.policy ? &m_observation.policy->cname_chain : nullptr,
            m_observation.sts ? &m_observation.sts->cname_chain : nullptr,
            m_observation.tlsrpt ? &m_observation.tlsrpt->cname_chain : nullptr,
        };
        for (const std::vector<std::string>* chain : chains) {
            if (chain == nullptr || chain->empty()) continue;
            const std::string target = rfc::canonical_host(chain->front());
            if (auto provider = m_services.suffixes.get().registrable_domain(target)) m_observation.providers[target] = *provider;
        }
    }

    // A and AAAA of `name`, combined over the families -4/-6 allow. The excluded family is
    // asked too, so that "no address" can tell a filter of the user from a missing record.
    void resolve(const std::string& name, std::function<void(HostAddresses)> callback) {
        struct Join {
            HostAddresses found;
            std::size_t excluded = 0;  // addresses of the family -4/-6 excludes
            int waiting = 2;
            std::function<void(HostAddresses)> callback;
        };
        auto join = std::make_shared<Join>();
        join->callback = std::move(callback);
        const AddressFamily filter = m_services.family;
        for (net::AddressFamily family : {net::AddressFamily::ipv4, net::AddressFamily::ipv6}) {
            const bool wanted = family == net::AddressFamily::ipv4 ? filter != AddressFamily::ipv6_only
                                                                  : filter != AddressFamily::ipv4_only;
            const std::string query = std::string(family == net::AddressFamily::ipv4 ? "A " : "AAAA ") + name;
            m_services.resolver.query_addresses(name, family, [join, query, wanted, filter](net::DnsResult<net::AddressAnswer> result) {
                if (!wanted) {
                    if (result) join->excluded += result->addresses.size();
                } else if (result) {
                    if (join->found.cname_chain.empty()) join->found.cname_chain = result->meta.cname_chain;
                    // Text from here on: the fetcher and the prober take addresses as strings.
                    for (const base::IpAddress& address : result->addresses)
                        join->found.addresses.push_back(address.to_string());
                } else {
                    // A CNAME to a name without addresses is kept: a dangling hosted setup (RFC 8461 §8.2).
                    if (join->found.cname_chain.empty()) join->found.cname_chain = result.error().cname_chain;
                    if (!join->found.failure) join->found.failure = model::dns_failure(query, result.error());
                }
                if (--join->waiting > 0) return;
                // One family failing while the other answers is not inconclusive: use what answered.
                if (!join->found.addresses.empty()) join->found.failure.reset();
                if (join->found.addresses.empty() && !join->found.failure && join->excluded > 0) {
                    join->found.family_excluded = filter == AddressFamily::ipv4_only ? "-4 excludes its IPv6 addresses"
                                                                                     : "-6 excludes its IPv4 addresses";
                }
                join->callback(std::move(join->found));
            });
        }
    }

    void on_policy_host(HostAddresses found) {
        model::PolicyObservation policy;
        policy.host = rfc::policy_host(m_domain);
        policy.url = rfc::policy_url(m_domain, m_services.https_port);
        policy.address_failure = found.failure;
        policy.host_resolved = !found.addresses.empty();
        policy.family_excluded = found.family_excluded;
        policy.cname_chain = found.cname_chain;
        m_observation.policy = std::move(policy);
        if (found.addresses.empty()) return;
        auto self = shared_from_this();
        step([&](auto finish) {
            m_services.fetcher.fetch(m_observation.policy->url, found.addresses, [self, finish](std::vector<model::PolicyFetch> fetches) {
                self->m_observation.policy->fetches = std::move(fetches);
                finish();
            });
        });
    }

    // docs/rfc-rules.md G13, G14: reports sent where nothing can receive them are lost.
    void check_rua_destinations() {
        const model::TxtObservation& txt = *m_observation.tlsrpt;
        if (txt.failure || txt.records.empty()) return;
        const rfc::TlsRptRecordEvaluation evaluation = rfc::evaluate_tlsrpt_rrset(txt.records, txt.name);
        if (!evaluation.record) return;
        for (const rfc::RuaDestination& destination : evaluation.record->destinations) {
            if (m_observation.rua_destinations.size() == k_max_rua_destinations) break;
            m_observation.rua_destinations.push_back({destination.uri, destination.kind, destination.host, false, false, std::nullopt});
            const std::size_t index = m_observation.rua_destinations.size() - 1;
            if (destination.kind == rfc::RuaDestination::Kind::mail) check_mail_destination(index);
            else resolve_rua_host(index);
        }
    }

    // A mail domain accepts mail through its MX, or without MX through its own address
    // (RFC 5321 §5.1); a null MX (RFC 7505) accepts none.
    void check_mail_destination(std::size_t index) {
        auto self = shared_from_this();
        const std::string domain = m_observation.rua_destinations[index].host;
        step([&](auto finish) {
            m_services.resolver.query_mx(domain, [self, index, domain, finish](const net::DnsResult<net::MxAnswer>& result) {
                model::RuaDestinationObservation& destination = self->m_observation.rua_destinations[index];
                if (result) {
                    destination.null_mx = result->null_mx;
                    destination.reachable = std::ranges::any_of(result->records, [](const net::MxRecord& r) { return !r.host.empty(); });
                } else if (auto failure = model::dns_failure("MX " + domain, result.error())) {
                    destination.failure = std::move(failure);
                } else {
                    self->resolve_rua_host(index);
                }
                finish();
            });
        });
    }

    void resolve_rua_host(std::size_t index) {
        auto self = shared_from_this();
        step([&](auto finish) {
            resolve(m_observation.rua_destinations[index].host, [self, index, finish](HostAddresses found) {
                model::RuaDestinationObservation& destination = self->m_observation.rua_destinations[index];
                // Addresses of the family -4/-6 excludes still receive reports from senders.
                destination.reachable = !found.addresses.empty() || found.family_excluded.has_value();
                destination.failure = std::move(found.failure);
                finish();
            });
        });
    }

    void on_mx(const net::DnsResult<net::MxAnswer>& result) {
        model::MxObservation& mx = m_observation.mx.emplace();
        if (!result) {
            if (auto failure = model::dns_failure("MX " + m_domain, result.error())) {
                mx.failure = failure;
                return;
            }
            // RFC 5321 §5.1: no MX RRset, so the domain itself is the (implicit) MX.
            mx.implicit = true;
            mx.hosts.push_back(model::MxHostObservation{m_domain, std::nullopt, {}, true, std::nullopt});
        } else {
            mx.null_mx = result->null_mx;
            for (const net::MxRecord& record : result->records) {
                if (record.host.empty()) {
                    // RFC 7505 §3: "." is only valid as the single record "0 .".
                    if (!result->null_mx) mx.null_mx_invalid = true;
                    continue;
                }
                const bool seen = std::ranges::any_of(mx.hosts, [&](const model::MxHostObservation& h) { return h.host == record.host; });
                if (!seen) mx.hosts.push_back(model::MxHostObservation{record.host, record.preference, {}, true, std::nullopt});
            }
            if (mx.null_mx) mx.hosts.clear();
        }
        for (std::size_t index = 0; index < mx.hosts.size(); ++index) resolve_mx_host(index);
    }

    void resolve_mx_host(std::size_t index) {
        auto self = shared_from_this();
        const std::string host = m_observation.mx->hosts[index].host;
        // RFC 7672 §2.2.1: TLSA at _25._tcp.<host>, asked with the addresses so it adds no round trip.
        step([&](auto finish) {
            m_services.resolver.observe_tlsa(rfc::tlsa_query_name(host), [self, index, finish](model::TlsaObservation tlsa) {
                const bool any = !tlsa.records.empty();
                self->m_observation.mx->hosts[index].tlsa = std::move(tlsa);
                if (any) self->check_dane_tlsrpt(index);
                finish();
            });
        });
        step([&](auto finish) {
            resolve(host, [self, index, finish](HostAddresses found) {
                model::MxHostObservation& observed = self->m_observation.mx->hosts[index];
                observed.address_failure = found.failure;
                observed.family_excluded = found.family_excluded;
                for (const std::string& ip : found.addresses)
                    observed.addresses.push_back({ip, std::nullopt, std::nullopt, std::nullopt});
                for (std::size_t a = 0; a < observed.addresses.size(); ++a) self->probe(index, a);
                finish();
            });
        });
    }

    // RFC 8460 §3 (docs/rfc-rules.md I6): DANE failures are reported to the TLS-RPT record of the
    // MX host itself; asked only for hosts with TLSA records, while their probes run.
    void check_dane_tlsrpt(std::size_t index) {
        auto self = shared_from_this();
        const std::string name = rfc::tlsrpt_record_name(m_observation.mx->hosts[index].host);
        step([&](auto finish) {
            m_services.resolver.observe_txt(name, [self, index, finish](model::TxtObservation txt) {
                self->m_observation.mx->hosts[index].tlsa->tlsrpt = std::move(txt);
                finish();
            });
        });
    }

    // The main session of one address and, unless --single-probe, the extra sessions, all
    // started at once: the extra ones end after their handshake, so they add no round trip.
    void probe(std::size_t host_index, std::size_t address_index) {
        if (m_services.prober == nullptr) return;
        probe_session(host_index, address_index, net::ProbeVariant{}, &model::MxAddressObservation::probe);
        if (!m_services.extra_sessions) return;
        const std::pair<net::ProbeVariant, ProbeSlot> extra[] = {
            {net::ProbeVariant{.send_sni = false, .legacy_tls = false}, &model::MxAddressObservation::probe_without_sni},
            {net::ProbeVariant{.send_sni = true, .legacy_tls = true}, &model::MxAddressObservation::probe_legacy_tls},
        };
        for (const auto& [variant, slot] : extra) probe_session(host_index, address_index, variant, slot);
    }

    // One session of one address, its result stored in `slot` of the address's observation.
    void probe_session(std::size_t host_index, std::size_t address_index, net::ProbeVariant variant, ProbeSlot slot) {
        auto self = shared_from_this();
        const model::MxHostObservation& observed = m_observation.mx->hosts[host_index];
        const std::string host = observed.host;
        const std::string ip = observed.addresses[address_index].ip;
        step([&](auto finish) {
            m_services.prober->probe(
                host, ip, variant, [self, host_index, address_index, slot, finish](const net::SmtpProbeResult& result) {
                    // The session's dialogue stays in net: the evaluator reads the observation.
                    self->m_observation.mx->hosts[host_index].addresses[address_index].*slot =
                        static_cast<const model::ProbeObservation&>(result);
                    finish();
                });
        });
    }

    Services& m_services;
    std::string m_domain;
    CheckDone m_done;
    net::Loop::Clock::time_point m_started;
    model::Observation m_observation;
    int m_pending = 0;
};

}  // namespace

void start_domain_check(Services& services, const std::string& domain, CheckDone done) {
    auto check = std::make_shared<DomainCheck>(services, domain, std::move(done));
    check->begin();
}

}  // namespace mtasts::check::live
