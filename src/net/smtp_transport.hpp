#pragma once
// The connection of one SMTP probe session: TCP on a non-blocking socket, plain at first and TLS
// after STARTTLS (RFC 3207). Like dnsdist's TLSConnection, every operation says what it needs
// next: done, need_read or need_write (wait for the socket, then call again), closed (the peer
// went away, or a write failed) or failed (a handshake refused); the caller never asks whether
// TLS is on. Internal to src/net.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "mtasts/base/unique_fd.hpp"
#include "mtasts/net/error.hpp"

struct ssl_st;
struct ssl_ctx_st;

namespace mtasts::net {

enum class IoState { done, need_read, need_write, closed, failed };

struct IoResult {
    IoState state = IoState::done;
    std::size_t bytes = 0;  // read(): bytes read when done
    std::string detail;     // closed, failed: why, in words
};

// A TCP address to connect to.
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
};

// `ip` (IPv4 or IPv6 text) and `port` as a socket address; nullopt when `ip` is not an address.
std::optional<SocketAddress> socket_address(const std::string& ip, unsigned port);

class SmtpTransport {
public:
    SmtpTransport() = default;
    ~SmtpTransport();
    SmtpTransport(const SmtpTransport&) = delete;
    SmtpTransport& operator=(const SmtpTransport&) = delete;

    // Opens a non-blocking socket and starts connecting: done when connected at once,
    // need_write while the connection is being made (then call connect_result()). An error the
    // local stack returns at once is local_failure when it is this host's (no descriptor, no
    // route), so that it is never blamed on the server.
    std::expected<IoState, NetError> connect(const SocketAddress& address);
    // Once the socket is writable after connect(): nullopt when connected, else why not.
    std::optional<NetError> connect_result() const;

    // The descriptor to watch (-1 once closed).
    int fd() const { return m_fd.get(); }

    // From now on, reads and writes are TLS: sets up a client session from `ctx`, with SNI
    // `server_name` (none when empty) and, with `tls11_at_most`, TLS 1.1 as the newest version
    // offered. The handshake itself is made by handshake().
    std::expected<void, NetError> start_tls(ssl_ctx_st* ctx, const std::string& server_name, bool tls11_at_most);
    // One step of the TLS handshake: done, need_read / need_write, or failed (detail: OpenSSL's reason).
    IoResult handshake();
    // The TLS session, for its facts (nullptr before start_tls()).
    ssl_st* tls() const { return m_ssl.get(); }

    // Queues `bytes` for flush().
    void queue(std::string_view bytes) { m_out += bytes; }
    // Whether queued bytes are still unwritten.
    bool output_pending() const { return !m_out.empty(); }
    // Writes what is queued: done when all is written, need_read / need_write, or closed.
    IoResult flush();
    // Reads what is there into `buffer`: done (bytes > 0), need_read / need_write, or closed.
    IoResult read(std::span<char> buffer);

    // Writes `bytes` once, in passing and without waiting, on a plain connection (the polite QUIT
    // before closing); a TLS session is not written to in passing.
    void say_in_passing(std::string_view bytes);
    // Sends TLS close_notify, best effort and without waiting (no-op on a plain connection).
    void close_notify();
    // Ends the connection now: frees the TLS session and closes the socket.
    void close();

private:
    IoResult flush_tls();
    IoResult flush_plain();

    struct SslDeleter {
        void operator()(ssl_st* ssl) const;
    };
    base::UniqueFd m_fd;
    std::unique_ptr<ssl_st, SslDeleter> m_ssl;
    std::string m_out;
};

}  // namespace mtasts::net
