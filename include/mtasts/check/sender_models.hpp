#pragma once
// Models of real sender implementations of MTA-STS, written from their source, so that the
// checker can say where each departs from its RFC 8461 reading (docs/findings.md, "Real
// senders"). Modelled: postfix-mta-sts-resolver 1.1.2 (Debian 12; utils.py, resolver.py,
// responder.py) with Postfix 3.7's "secure" name matching, and mailauth 4.13.3 (lib/mta-sts.js,
// lib/parse-dkim-headers.js). Pure: no I/O; never throws on input. The lab test
// tests/lab/test_sender_models.py runs the real implementations against the same data.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::check::senders {

inline constexpr std::string_view k_postfix_resolver = "postfix-mta-sts-resolver";
inline constexpr std::string_view k_mailauth = "mailauth";

// The HTTP answer for the policy URL as the models need it.
struct HttpAnswer {
    int status = 0;
    std::optional<std::string> content_type;  // nullopt: no header
    std::string body;                         // what was read (the checker stops at 64 KiB)
    bool too_large = false;                   // the body was longer than the checker read
};

// What one implementation makes of the record and the policy.
struct SenderPolicy {
    bool found = false;                   // it holds a policy (any mode)
    std::string rejected_because;         // when !found: why, in the implementation's terms
    std::optional<std::string> id;        // the record id it keeps, when the record passed
    std::string mode;                     // as it holds it ("enforce", "testing", "none")
    std::optional<double> max_age;        // seconds (mailauth keeps JavaScript numbers)
    std::vector<std::string> mx;          // the patterns as it holds them, in order
};

// The record id postfix-mta-sts-resolver takes from the TXT RRset, or nullopt when it sees no
// MTA-STS record (resolver.py: startswith("v=STSv1"), exactly one, v == "STSv1", an id field).
std::optional<std::string> postfix_resolver_record_id(std::span<const std::string> txt_records);

// What postfix-mta-sts-resolver holds after the record and the fetch (resolver.py resolve()).
SenderPolicy postfix_resolver_policy(std::span<const std::string> txt_records, const HttpAnswer* answer);

// The Postfix "match=" list responder.py sends for an enforced policy: each pattern with its
// leading '*' removed ("*.example.com" becomes ".example.com"), duplicates dropped.
std::vector<std::string> postfix_match_list(const std::vector<std::string>& patterns);

// Whether Postfix's "secure" level accepts a certificate with these dNSNames for this match list
// (Postfix tls_verify.c / OpenSSL host check: ".d" is any name below d, at any depth; a name is
// equal, or a "*." certificate name covers one label). The MX host name itself is not used. An
// IP address in the list fails every certificate.
bool postfix_secure_match(const std::vector<std::string>& match_list, std::span<const std::string> cert_names);

// The names Postfix checks: the subjectAltName dNSNames, or without any the subject CN (OpenSSL's
// X509_check_host falls back to it), from an RFC 2253 subject such as "CN=mx.example,O=Lab".
std::vector<std::string> postfix_cert_names(std::span<const std::string> san, std::string_view subject);

// The record id mailauth takes (resolvePolicy), or nullopt when it finds none it would use.
std::optional<std::string> mailauth_record_id(std::span<const std::string> txt_records);

// What mailauth's getPolicy returns, as found / not found (fetchPolicy and parsePolicy).
SenderPolicy mailauth_policy(std::span<const std::string> txt_records, const HttpAnswer* answer);

// mailauth's validateMx: whether the MX host matches one of the policy's patterns ("*.d" is
// compared as a suffix ".d", at any depth).
bool mailauth_mx_matches(std::string_view mx_host, const std::vector<std::string>& patterns);

}  // namespace mtasts::check::senders
