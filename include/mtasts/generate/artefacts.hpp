#pragma once
// What `mta-sts-check generate` writes for a domain, as text: the policy file (RFC 8461 §3.2),
// the zone lines of the _mta-sts and _smtp._tls records (RFC 8461 §3.1, RFC 8460 §3) and of the
// policy host, and web server configurations that serve the policy as RFC 8461 §3.3 asks
// (HTTPS, text/plain, no redirect). Pure: the id and every value are passed in.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/rfc/policy.hpp"

namespace mtasts::generate {

// Where the web server configurations expect the policy: WEBROOT/.well-known/mta-sts.txt.
inline constexpr std::string_view k_webroot = "/var/www/mta-sts";

// Everything a policy and its records are made of.
struct Plan {
    std::string domain;  // normalised policy domain
    rfc::PolicyMode mode = rfc::PolicyMode::testing;
    std::int64_t max_age = 86'400;
    std::vector<std::string> mx_patterns;  // policy mx lines, in order
    std::vector<std::string> rua;          // TLS-RPT destinations (RFC 8460 §3)
    std::string id;                        // the _mta-sts id (RFC 8461 §3.1)
};

// One output of generate: `key` names it in JSON, `file` is its name under --out.
struct Artefact {
    std::string key;
    std::string file;
    std::string text;
};

// The TLS-RPT destination used when none is given: "mailto:tlsrpt@D".
std::string default_rua(std::string_view domain);

// The _smtp._tls TXT record text: "v=TLSRPTv1; rua=URI,URI" (RFC 8460 §3).
std::string tlsrpt_record_text(const std::vector<std::string>& rua);

// One zone-file line "NAME. 3600 IN TXT "..."" with the text quoted and cut into strings of at
// most 255 octets (RFC 1035 §3.3.14); receivers join them without spaces.
std::string txt_zone_line(std::string_view name, std::string_view text);

// The policy file, zone lines, nginx, Apache and Caddy configurations, in that order.
std::vector<Artefact> make_artefacts(const Plan& plan);

}  // namespace mtasts::generate
