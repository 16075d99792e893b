#pragma once
// What the command line asks of a live check or a lint (filled by src/cli, read by src/check).
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mtasts/base/ip_address.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/render/output.hpp"

namespace mtasts::check {

// Settings every command that prints findings shares.
struct OutputOptions {
    render::Format format = render::Format::text;
    render::ColorMode color = render::ColorMode::automatic;
    model::FailOn fail_on = model::FailOn::error;
    std::set<std::string, std::less<>> ignored_ids;  // --ignore
    bool quiet = false;    // -q: verdict lines and problems only
    bool verbose = false;  // -v: info findings and raw facts too
};

enum class AddressFamily { any, ipv4_only, ipv6_only };

// `mta-sts-check [OPTIONS] DOMAIN...` and `-i FILE`.
struct CheckOptions {
    OutputOptions output;
    std::vector<std::string> domains;          // normalised (lower case, no trailing dot, A-labels)
    std::chrono::milliseconds timeout{10000};  // per network operation (--timeout)
    std::chrono::milliseconds greeting_timeout{30000};  // SMTP greeting: postscreen delays it
    std::vector<base::IpEndpoint> resolvers;   // --resolver; empty = those of /etc/resolv.conf
    std::optional<std::string> ca_file;        // extra trust anchors
    AddressFamily family = AddressFamily::any;
    bool smtp = true;                          // false with --no-smtp
    bool extra_sessions = true;                // false with --single-probe: no SNI-less / legacy-TLS session
    unsigned jobs = 16;                        // domains in flight
    unsigned per_host_sessions = 2;            // SMTP sessions at once per MX address
    double max_rate = 0;                       // new SMTP connections per second; 0 = no limit
    unsigned smtp_port = 25;
    unsigned https_port = 443;
    std::optional<std::string> state_file;     // --state: history between runs, read and updated
    std::optional<std::string> output_file;    // -o: a JSONL line per domain, instead of stdout
    bool resume = false;                       // --resume: keep the domains -o FILE holds, append the rest
};

// `mta-sts-check lint ...`: the offline checks on what is given.
struct LintOptions {
    OutputOptions output;
    std::optional<std::string> domain;          // policy domain, when given
    std::optional<std::string> policy_path;     // "-" = stdin
    std::vector<std::string> sts_records;       // the whole TXT RRset at _mta-sts
    std::vector<std::string> tlsrpt_records;    // the whole TXT RRset at _smtp._tls
    std::vector<std::string> mx_hosts;
};

}  // namespace mtasts::check
