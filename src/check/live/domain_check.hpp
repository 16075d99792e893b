#pragma once
// The live check of one domain on the shared loop: starts every independent lookup at once
// (docs/ARCHITECTURE.md, data flow), chains the dependent ones (MX -> addresses -> probes; policy host
// addresses -> HTTPS), and hands the finished observation to a callback.
#include <cstdint>
#include <functional>
#include <string>

#include "mtasts/check/live/public_suffix_file.hpp"
#include "mtasts/check/options.hpp"
#include "mtasts/model/observation.hpp"
#include "mtasts/net/dns.hpp"
#include "mtasts/net/https.hpp"
#include "mtasts/net/loop.hpp"
#include "mtasts/net/smtp_probe.hpp"

namespace mtasts::check::live {

// The adapters one run shares among all its domains (so an MX shared by domains is probed once).
struct Services {
    net::Loop& loop;
    net::Resolver& resolver;
    net::PolicyFetcher& fetcher;
    net::SmtpProber* prober;  // nullptr with --no-smtp
    bool extra_sessions;      // also the no-SNI and legacy-TLS sessions (false with --single-probe)
    AddressFamily family;
    std::int64_t now;         // the run's clock reading, for certificate dates
    unsigned smtp_port;       // --smtp-port, for messages
    unsigned https_port;      // --https-port: written into the policy URL when not 443
    PublicSuffixes& suffixes;  // names the provider of a hosted setup's CNAME targets
};

using CheckDone = std::function<void(model::Observation observation, std::int64_t elapsed_ms)>;

// Starts the check of `domain` (already normalised); `done` runs on the loop when every
// lookup, fetch and probe of it has finished.
void start_domain_check(Services& services, const std::string& domain, CheckDone done);

}  // namespace mtasts::check::live
