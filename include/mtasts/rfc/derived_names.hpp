#pragma once
// The names the RFCs derive from a domain: where a sender looks for each record and for the
// policy. Built here only, so that the live check, lint and messages name them alike.
#include <string>
#include <string_view>

namespace mtasts::rfc {

// The longest prefix put in front of a domain below: "_smtp._tls." (RFC 8460 §3).
inline constexpr std::string_view k_longest_record_prefix = "_smtp._tls.";

// "_mta-sts.D": the TXT record that announces an MTA-STS policy (RFC 8461 §3.1).
std::string sts_record_name(std::string_view domain);

// "_smtp._tls.D": the TLS-RPT TXT record (RFC 8460 §3), of a policy domain or of an MX host
// whose DANE failures are reported there.
std::string tlsrpt_record_name(std::string_view domain);

// "mta-sts.D": the host that serves the policy (RFC 8461 §3.3).
std::string policy_host(std::string_view domain);

// "https://mta-sts.D/.well-known/mta-sts.txt" (RFC 8461 §3.3). A port other than 443 is
// written into the URL: only tests use one (--https-port).
std::string policy_url(std::string_view domain, unsigned port = 443);

// "_25._tcp.MX": the TLSA RRset of an MX host's SMTP service (RFC 7672 §2.2.1, RFC 6698 §3).
std::string tlsa_query_name(std::string_view mx_host);

}  // namespace mtasts::rfc
