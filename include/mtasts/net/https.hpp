#pragma once
// Fetching the MTA-STS policy over HTTPS on the loop, through libcurl's multi interface.
// One GET of https://HOST:PORT/.well-known/mta-sts.txt per given address (the addresses come
// from the caller's own DNS answers), so every address of the policy host is really tried.
// Redirects are never followed (RFC 8461 §3.3); the body is capped at 65536 decoded bytes.
// A certificate problem never hides the other facts: the peer chain is verified here, outside
// the handshake, and reported in `cert`.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/model/report.hpp"
#include "mtasts/net/error.hpp"
#include "mtasts/net/loop.hpp"

namespace mtasts::net {

class SocketBudget;

struct HttpsConfig {
    unsigned port = 443;                               // --https-port
    std::chrono::milliseconds connect_timeout{10000};  // TCP + TLS handshake
    std::chrono::milliseconds timeout{10000};          // whole transfer (RFC 8461 §3.3 suggests <= 60 s)
    std::optional<std::string> ca_file;                // extra trust anchors (--ca-file)
    std::size_t max_body = 65536;                      // RFC 8461 §3.3: 64 KiB cap on the decoded body
};

// What one GET from one address gave. Fields are filled as far as the transfer got: e.g. a
// too-large body still has status, headers, TLS facts and the first max_body bytes.
struct PolicyFetch {
    std::string host;               // "mta-sts.example.com"
    std::string address;            // the IP connected to
    std::string url;                // "https://mta-sts.example.com/.well-known/mta-sts.txt" (port if not 443)
    std::optional<NetError> error;  // nullopt = an HTTP answer was received in full
    std::optional<int> http_status;
    std::optional<std::string> content_type;  // header values as sent, nullopt when absent
    std::optional<std::string> location;      // Location of a 3xx (never followed)
    std::optional<std::string> cache_control;
    std::optional<std::string> age;
    std::string body;                        // decoded body (Content-Encoding undone), at most max_body bytes
    std::uint64_t body_bytes_seen = 0;       // decoded bytes received before the end or the cap
    bool too_large = false;                  // the body passed max_body (error kind http_too_large)
    std::optional<std::string> tls_version;  // "TLSv1.3", ...
    std::optional<model::CertFacts> cert;    // leaf facts + trust verdict; name_match left empty
    std::int64_t elapsed_ms = 0;
};

class PolicyFetcher {
public:
    // Throws std::runtime_error when libcurl or the trust store cannot be set up. With a
    // `budget` (which must outlive the fetcher), every transfer holds one of its slots.
    PolicyFetcher(Loop& loop, HttpsConfig config, SocketBudget* budget = nullptr);
    ~PolicyFetcher();
    PolicyFetcher(const PolicyFetcher&) = delete;
    PolicyFetcher& operator=(const PolicyFetcher&) = delete;

    // GETs the policy of `host` from every address at once; calls back once with one
    // PolicyFetch per address, in the order of `addresses` (empty addresses -> empty vector).
    void fetch(const std::string& host, const std::vector<std::string>& addresses,
               std::function<void(std::vector<PolicyFetch>)> callback);
    // GETs the policy of `host` from one address.
    void fetch_one(const std::string& host, const std::string& address, std::function<void(PolicyFetch)> callback);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mtasts::net
