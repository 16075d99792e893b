#pragma once
// Turning the network adapters' results into the evaluator's observations: the one place
// where net's error kinds meet the check's vocabulary.
#include <optional>
#include <string>

#include "mtasts/check/observation.hpp"
#include "mtasts/net/dns.hpp"
#include "mtasts/net/https.hpp"
#include "mtasts/net/smtp_probe.hpp"

namespace mtasts::check::live {

// Whether a DNS error means "there is no such record" (NXDOMAIN, NODATA) rather than "unknown".
bool is_no_record(const net::NetError& error);

// The inconclusive failure of `query` (e.g. "TXT _mta-sts.example.com"), or nullopt when the
// error only means "no such record".
std::optional<DnsFailure> dns_failure(const std::string& query, const net::NetError& error);

// A TXT answer (or error) as an observation named `name`.
TxtObservation txt_observation(const std::string& name, const net::DnsResult<net::TxtAnswer>& result);

// A TLSA answer (or error) for `name` as an observation: records and the AD bit, or the failure.
TlsaObservation tlsa_observation(const std::string& name, const net::DnsResult<net::TlsaAnswer>& result);

// Turns every "no such record" of the observation into an inconclusive lookup failure with
// `reason`: used when the resolver has shown that its negative answers cannot be trusted.
void distrust_negative_answers(Observation& observation, const std::string& reason);

// One HTTPS GET as the evaluator sees it.
PolicyFetch policy_fetch(const net::PolicyFetch& fetch);

// One SMTP probe as the evaluator sees it.
ProbeObservation probe_observation(const net::SmtpProbeResult& result);

}  // namespace mtasts::check::live
