#include "smtp_transport.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "mtasts/base/ip_address.hpp"
#include "mtasts/net/local_errors.hpp"
#include "mtasts/net/tls_context.hpp"

namespace mtasts::net {

namespace {

// A socket or connect error the local stack returned at once: local_failure when it is about
// this host (no descriptor, no route), so that it is never blamed on the server.
NetError immediate_error(int error_number, NetErrorKind otherwise, const std::string& prefix) {
    if (auto cause = local_cause(error_number, ErrnoOrigin::immediate)) {
        return NetError{NetErrorKind::local_failure, prefix + *cause};
    }
    return NetError{otherwise, prefix + std::strerror(error_number)};
}

// What an OpenSSL call that did not complete waits for; nullopt when it failed instead.
std::optional<IoState> waiting_for(int ssl_error) {
    if (ssl_error == SSL_ERROR_WANT_READ) return IoState::need_read;
    if (ssl_error == SSL_ERROR_WANT_WRITE) return IoState::need_write;
    return std::nullopt;
}

bool would_block(int error_number) {
    return error_number == EAGAIN || error_number == EWOULDBLOCK || error_number == EINTR;
}

}  // namespace

std::optional<SocketAddress> socket_address(const std::string& ip, unsigned port) {
    const std::optional<base::IpAddress> parsed = base::IpAddress::parse(ip);
    if (!parsed) return std::nullopt;
    SocketAddress address;
    address.length = base::IpEndpoint{*parsed, static_cast<std::uint16_t>(port)}.to_sockaddr(address.storage);
    return address;
}

void SmtpTransport::SslDeleter::operator()(SSL* ssl) const {
    SSL_free(ssl);
}

SmtpTransport::~SmtpTransport() = default;

std::expected<IoState, NetError> SmtpTransport::connect(const SocketAddress& address) {
    const int fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return std::unexpected(immediate_error(errno, NetErrorKind::other, "socket: "));
    }
    m_fd = base::UniqueFd(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0) {
        return IoState::done;
    }
    if (errno != EINPROGRESS) {
        return std::unexpected(immediate_error(errno, NetErrorKind::connect_refused, ""));
    }
    return IoState::need_write;
}

std::optional<NetError> SmtpTransport::connect_result() const {
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(m_fd.get(), SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) {
        return NetError{NetErrorKind::connect_refused, std::strerror(error)};
    }
    return std::nullopt;
}

std::expected<void, NetError> SmtpTransport::start_tls(SSL_CTX* ctx, const std::string& server_name,
                                                      bool tls11_at_most) {
    m_ssl.reset(SSL_new(ctx));
    if (!m_ssl || SSL_set_fd(m_ssl.get(), m_fd.get()) != 1) {
        return std::unexpected(NetError{NetErrorKind::other, "cannot set up TLS: " + openssl_reason()});
    }
    // RFC 8461 §7.1 / RFC 6066 §3: SNI carries the MX host name.
    if (!server_name.empty()) {
        SSL_set_tlsext_host_name(m_ssl.get(), server_name.c_str());
    }
    // RFC 8996: TLS 1.0 and 1.1 must not be negotiated. Capping the offer at 1.1 shows whether
    // the server still accepts them; the context already allows them (accept_old_servers).
    if (tls11_at_most && SSL_set_max_proto_version(m_ssl.get(), TLS1_1_VERSION) != 1) {
        return std::unexpected(NetError{NetErrorKind::other, "cannot offer TLS 1.1: " + openssl_reason()});
    }
    SSL_set_connect_state(m_ssl.get());
    return {};
}

IoResult SmtpTransport::handshake() {
    ERR_clear_error();
    const int done = SSL_do_handshake(m_ssl.get());
    if (done == 1) {
        return {};
    }
    const int error = SSL_get_error(m_ssl.get(), done);
    if (auto wait = waiting_for(error)) {
        return {*wait, 0, {}};
    }
    std::string reason = openssl_reason();
    if (reason.empty()) {
        reason = error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN ? "connection closed during the handshake"
                                                                             : "handshake failed";
    }
    return {IoState::failed, 0, std::move(reason)};
}

IoResult SmtpTransport::flush() {
    while (!m_out.empty()) {
        IoResult wrote = m_ssl ? flush_tls() : flush_plain();
        if (wrote.state != IoState::done) {
            return wrote;
        }
        m_out.erase(0, wrote.bytes);
    }
    return {};
}

IoResult SmtpTransport::flush_tls() {
    const int written = SSL_write(m_ssl.get(), m_out.data(), static_cast<int>(m_out.size()));
    if (written > 0) {
        return {IoState::done, static_cast<std::size_t>(written), {}};
    }
    if (auto wait = waiting_for(SSL_get_error(m_ssl.get(), written))) {
        return {*wait, 0, {}};
    }
    return {IoState::closed, 0, "TLS write failed: " + openssl_reason()};
}

IoResult SmtpTransport::flush_plain() {
    const ssize_t written = ::send(m_fd.get(), m_out.data(), m_out.size(), MSG_NOSIGNAL);
    if (written > 0) {
        return {IoState::done, static_cast<std::size_t>(written), {}};
    }
    if (written < 0 && would_block(errno)) {
        return {IoState::need_write, 0, {}};
    }
    return {IoState::closed, 0, std::string("write failed: ") + std::strerror(errno)};
}

IoResult SmtpTransport::read(std::span<char> buffer) {
    if (m_ssl) {
        const int got = SSL_read(m_ssl.get(), buffer.data(), static_cast<int>(buffer.size()));
        if (got > 0) {
            return {IoState::done, static_cast<std::size_t>(got), {}};
        }
        if (auto wait = waiting_for(SSL_get_error(m_ssl.get(), got))) {
            return {*wait, 0, {}};
        }
        return {IoState::closed, 0, "connection closed"};
    }
    const ssize_t got = ::recv(m_fd.get(), buffer.data(), buffer.size(), 0);
    if (got > 0) {
        return {IoState::done, static_cast<std::size_t>(got), {}};
    }
    if (got < 0 && would_block(errno)) {
        return {IoState::need_read, 0, {}};
    }
    return {IoState::closed, 0, got == 0 ? "connection closed" : std::strerror(errno)};
}

void SmtpTransport::say_in_passing(std::string_view bytes) {
    if (!m_ssl && m_fd.get() >= 0) {
        ::send(m_fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
}

void SmtpTransport::close_notify() {
    if (m_ssl) {
        SSL_shutdown(m_ssl.get());
        ERR_clear_error();  // whatever it queued must not reach another session's reason
    }
}

void SmtpTransport::close() {
    m_ssl.reset();
    m_fd.reset();
}

}  // namespace mtasts::net
