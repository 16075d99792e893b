#include "mtasts/net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdexcept>
#include <string_view>

namespace mtasts::net {

void accept_old_servers(SSL_CTX* ctx) {
    SSL_CTX_set_min_proto_version(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
}

void SslCtxDeleter::operator()(SSL_CTX* ctx) const {
    SSL_CTX_free(ctx);
}

UniqueSslCtx make_client_context() {
    UniqueSslCtx ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) {
        throw std::runtime_error("SSL_CTX_new failed");
    }
    accept_old_servers(ctx.get());
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_mode(ctx.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    return ctx;
}

NetError handshake_error(std::string reason) {
    const std::string_view text = reason;
    const bool too_old = text.find("unsupported protocol") != std::string_view::npos ||
                         text.find("no protocols available") != std::string_view::npos;
    return NetError{too_old ? NetErrorKind::tls_version_too_old : NetErrorKind::tls_handshake_failed,
                    std::move(reason)};
}

std::string openssl_reason() {
    std::string reason;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        reason = text;  // the last one is the most specific
    }
    return reason;
}

}  // namespace mtasts::net
