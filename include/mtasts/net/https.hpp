#pragma once
// Fetching the MTA-STS policy over HTTPS on the loop, through libcurl's multi interface.
// One GET of the policy URL (rfc::policy_url) per given address (the addresses come from the
// caller's own DNS answers), so every address of the policy host is really tried.
// Redirects are never followed (RFC 8461 §3.3); the body is capped at 65536 decoded bytes.
// A certificate problem never hides the other facts: the peer chain is verified here, outside
// the handshake, and reported in `cert`. Each GET fills a model::PolicyFetch, the evaluator's
// own type.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/model/observation.hpp"
#include "mtasts/net/loop.hpp"

namespace mtasts::net {

class SocketBudget;

struct HttpsConfig {
    std::chrono::milliseconds connect_timeout{10000};  // TCP + TLS handshake
    std::chrono::milliseconds timeout{10000};          // whole transfer (RFC 8461 §3.3 suggests <= 60 s)
    std::optional<std::string> ca_file;                // extra trust anchors (--ca-file)
    std::size_t max_body = 65536;                      // RFC 8461 §3.3: 64 KiB cap on the decoded body
};

class PolicyFetcher {
public:
    // Throws std::runtime_error when libcurl or the trust store cannot be set up. With a
    // `budget` (which must outlive the fetcher), every transfer holds one of its slots.
    PolicyFetcher(Loop& loop, HttpsConfig config, SocketBudget* budget = nullptr);
    ~PolicyFetcher();
    PolicyFetcher(const PolicyFetcher&) = delete;
    PolicyFetcher& operator=(const PolicyFetcher&) = delete;

    // GETs `url` from every address at once (on the URL's port); calls back once with one
    // PolicyFetch per address, in the order of `addresses` (empty addresses -> empty vector).
    // A failed GET has `error` and no status, but keeps the TLS facts it got; a body over the
    // cap is still an answer: status, headers, TLS facts, the first max_body bytes, too_large.
    void fetch(const std::string& url, const std::vector<std::string>& addresses,
               std::function<void(std::vector<model::PolicyFetch>)> callback);
    // GETs `url` from one address.
    void fetch_one(const std::string& url, const std::string& address, std::function<void(model::PolicyFetch)> callback);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mtasts::net
