#pragma once
// The TLS client settings shared by the SMTP prober and the policy fetcher. A checker has to see
// an old server to report it: a policy host or MX that only speaks TLS 1.0 or 1.1 (which RFC 8996
// forbids; docs/rfc-rules.md B17 and E9) must show up as such, not as an unexplained failure. Both therefore lower what
// Debian's OpenSSL 3 refuses by default (TLS 1.2 at least, SECLEVEL 2), and both name a handshake
// that failed for want of a common protocol version the same way.
#include <memory>
#include <string>

#include "mtasts/net/error.hpp"

struct ssl_ctx_st;

namespace mtasts::net {

// Opens `ctx` to every protocol version and cipher (SECLEVEL 0) and to servers without secure
// renegotiation, so that an old server is seen and reported rather than just refused. For the
// context libcurl makes (CURLOPT_SSL_CTX_FUNCTION) as much as for our own.
void accept_old_servers(ssl_ctx_st* ctx);

struct SslCtxDeleter {
    void operator()(ssl_ctx_st* ctx) const;
};
using UniqueSslCtx = std::unique_ptr<ssl_ctx_st, SslCtxDeleter>;

// A client context for sessions driven by hand on a non-blocking socket (the SMTP prober):
// accept_old_servers(), no verification by OpenSSL (tls_facts judges the chain and says why),
// and writes that may be retried from a moved buffer. Throws std::runtime_error when OpenSSL
// cannot make one.
UniqueSslCtx make_client_context();

// The failure of a handshake, from OpenSSL's (or libcurl's) reason text: tls_version_too_old when
// the server and we have no protocol version in common, else tls_handshake_failed.
NetError handshake_error(std::string reason);

// OpenSSL's most specific reason for the last failure of this thread, emptying its error queue;
// empty when it queued none.
std::string openssl_reason();

}  // namespace mtasts::net
