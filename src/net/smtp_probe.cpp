#include "mtasts/net/smtp_probe.hpp"

#include "mtasts/net/unique_fd.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "mtasts/net/local_errors.hpp"
#include "mtasts/net/socket_budget.hpp"
#include "mtasts/net/tls_facts.hpp"

namespace mtasts::net {

std::string_view to_string(SmtpStage stage) {
    switch (stage) {
        case SmtpStage::connect: return "connect";
        case SmtpStage::greeting: return "greeting";
        case SmtpStage::ehlo: return "ehlo";
        case SmtpStage::starttls: return "starttls";
        case SmtpStage::handshake: return "handshake";
        case SmtpStage::done: return "done";
    }
    return "connect";
}

namespace {

struct SslCtxDeleter {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslDeleter {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
};

// Server text goes into reports: keep it printable and short.
std::string printable(std::string_view text) {
    constexpr std::size_t k_max_detail = 300;
    std::string out;
    for (const char c : text.substr(0, k_max_detail)) {
        const auto byte = static_cast<unsigned char>(c);
        out += (byte >= 0x20 && byte < 0x7f) ? c : '?';
    }
    if (text.size() > k_max_detail) {
        out += "...";
    }
    return out;
}

// Reply lines as one printable text, one line per "\n".
std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += '\n';
        out += printable(line);
    }
    return out;
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

enum class Phase { connecting, greeting, ehlo, starttls, handshake, ehlo_tls, quit, finished };

// The cache key of one session: the same host, address, port and handshake is made once.
std::string probe_key(const std::string& mx_host, const std::string& ip, const std::string& port,
                      ProbeVariant variant) {
    return mx_host + "|" + ip + "|" + port + (variant.send_sni ? "|sni" : "|no-sni") +
           (variant.legacy_tls ? "|tls1.1" : "");
}

}  // namespace

struct SmtpProber::Impl {
    Loop& loop;
    SmtpConfig config;
    SocketBudget* budget = nullptr;  // nullptr: no limit on sessions at once
    TrustStore trust;
    std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx;

    struct Entry {
        bool done = false;
        SmtpProbeResult result;
        std::vector<std::function<void(const SmtpProbeResult&)>> waiters;
    };
    std::map<std::string, Entry> cache;  // probe_key()
    std::set<std::string> timed_out;     // "ip|port" whose connect timed out

    class Probe;
    std::unordered_map<Probe*, std::unique_ptr<Probe>> probes;

    Impl(Loop& the_loop, SmtpConfig the_config, SocketBudget* the_budget)
        : loop(the_loop), config(std::move(the_config)), budget(the_budget), trust(config.ca_file) {}

    void complete(const std::string& key, SmtpProbeResult result);
};

class SmtpProber::Impl::Probe {
public:
    Probe(Impl& impl, std::string key, const std::string& mx_host, const std::string& ip, ProbeVariant variant)
        : m_impl(impl), m_key(std::move(key)), m_started(impl.loop.now()) {
        m_result.mx_host = mx_host;
        m_result.ip = ip;
        m_result.port = impl.config.port;
        m_result.variant = variant;
    }

    // Opens the connection once the socket budget has room (at once without a budget).
    void start() {
        if (m_impl.budget == nullptr) {
            open();
            return;
        }
        m_impl.budget->acquire([this] {
            m_has_slot = true;
            open();
        });
    }

    ~Probe() {
        // Only reached before finish() when the prober is destroyed with probes in flight.
        cancel_timer();
        if (m_fd && m_fd->get() >= 0) {
            m_impl.loop.unwatch(m_fd->get());
        }
    }

    Probe(const Probe&) = delete;
    Probe& operator=(const Probe&) = delete;

private:
    // A socket or connect error the local stack returned at once: local_failure when it is
    // about this host (no descriptor, no route), so that it is never blamed on the MX.
    void fail_immediate(int error_number, NetErrorKind otherwise, std::string_view prefix) {
        if (auto cause = local_cause(error_number, ErrnoOrigin::immediate)) {
            fail(NetErrorKind::local_failure, std::string(prefix) + *cause);
            return;
        }
        fail(otherwise, std::string(prefix) + std::strerror(error_number));
    }

    void open() {
        sockaddr_storage address{};
        socklen_t length = 0;
        auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
        auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
        const auto port = htons(static_cast<std::uint16_t>(m_result.port));
        if (inet_pton(AF_INET, m_result.ip.c_str(), &v4->sin_addr) == 1) {
            v4->sin_family = AF_INET;
            v4->sin_port = port;
            length = sizeof(sockaddr_in);
        } else if (inet_pton(AF_INET6, m_result.ip.c_str(), &v6->sin6_addr) == 1) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = port;
            length = sizeof(sockaddr_in6);
        } else {
            fail(NetErrorKind::other, "not an IP address: " + printable(m_result.ip));
            return;
        }
        m_fd = std::make_unique<UniqueFd>(socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (m_fd->get() < 0) {
            fail_immediate(errno, NetErrorKind::other, "socket: ");
            return;
        }
        m_phase = Phase::connecting;
        arm_timer(m_impl.config.connect_timeout);
        if (connect(m_fd->get(), reinterpret_cast<sockaddr*>(&address), length) == 0) {
            on_connected();
            return;
        }
        if (errno != EINPROGRESS) {
            fail_immediate(errno, NetErrorKind::connect_refused, "");
            return;
        }
        update_watch();
    }

    void arm_timer(std::chrono::milliseconds limit) {
        // One deadline per phase, never extended by incoming bytes: a server that trickles a
        // byte at a time cannot hold the probe past the phase limit.
        cancel_timer();
        m_timer = m_impl.loop.add_timer(limit, [this] {
            m_timer.reset();
            on_timeout();
        });
    }

    void cancel_timer() {
        if (m_timer) {
            m_impl.loop.cancel_timer(*m_timer);
            m_timer.reset();
        }
    }

    void on_timeout() {
        const std::string limit_text = " within the time limit";
        switch (m_phase) {
            case Phase::connecting:
                m_impl.timed_out.insert(m_result.ip + "|" + std::to_string(m_result.port));
                fail(NetErrorKind::connect_timeout, "no TCP connection" + limit_text);
                return;
            case Phase::greeting: fail(NetErrorKind::greeting_timeout, "no complete greeting" + limit_text); return;
            case Phase::ehlo: fail(NetErrorKind::timeout, "no complete EHLO reply" + limit_text); return;
            case Phase::starttls: fail(NetErrorKind::timeout, "no STARTTLS reply" + limit_text); return;
            case Phase::handshake: fail(NetErrorKind::timeout, "TLS handshake not complete" + limit_text); return;
            case Phase::ehlo_tls:
                m_result.after_tls_error = NetError{NetErrorKind::timeout, "no EHLO reply after TLS" + limit_text};
                finish();
                return;
            case Phase::quit:
            case Phase::finished: finish(); return;
        }
    }

    void on_connected() {
        m_phase = Phase::greeting;
        m_result.stage = SmtpStage::greeting;
        // Postscreen and similar delay the greeting on purpose: it has its own, longer limit.
        arm_timer(m_impl.config.greeting_timeout);
        update_watch();
    }

    void on_io(bool readable, bool writable) {
        if (m_phase == Phase::connecting) {
            if (!writable) {
                return;
            }
            int error = 0;
            socklen_t size = sizeof error;
            getsockopt(m_fd->get(), SOL_SOCKET, SO_ERROR, &error, &size);
            if (error != 0) {
                fail(NetErrorKind::connect_refused, std::strerror(error));
                return;
            }
            on_connected();
            return;
        }
        (void)readable;
        step();
    }

    void step() {
        if (m_phase == Phase::handshake) {
            handshake_step();
            if (m_phase == Phase::handshake || m_phase == Phase::finished) {
                return;
            }
        }
        if (!flush() || m_phase == Phase::finished) {
            return;
        }
        if (m_out.empty()) {
            read_available();
        }
        if (m_phase != Phase::finished) {
            update_watch();
        }
    }

    void update_watch() {
        bool want_write = m_phase == Phase::connecting;
        if (m_phase != Phase::connecting) {
            want_write = m_ssl ? m_ssl_wants_write : !m_out.empty();
        }
        m_impl.loop.watch(m_fd->get(), !want_write, want_write,
                          [this](bool readable, bool writable) { on_io(readable, writable); });
    }

    void send_command(const std::string& command) {
        m_out += command + "\r\n";
        if (flush()) {
            update_watch();
        }
    }

    // Writes pending output; false when the probe ended.
    bool flush() {
        while (!m_out.empty()) {
            if (m_ssl) {
                const int written = SSL_write(m_ssl.get(), m_out.data(), static_cast<int>(m_out.size()));
                if (written > 0) {
                    m_out.erase(0, static_cast<std::size_t>(written));
                    continue;
                }
                const int error = SSL_get_error(m_ssl.get(), written);
                if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
                    m_ssl_wants_write = error == SSL_ERROR_WANT_WRITE;
                    return true;
                }
                connection_lost("TLS write failed: " + openssl_reason());
                return false;
            }
            const ssize_t written = ::send(m_fd->get(), m_out.data(), m_out.size(), MSG_NOSIGNAL);
            if (written > 0) {
                m_out.erase(0, static_cast<std::size_t>(written));
                continue;
            }
            if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                return true;
            }
            connection_lost(std::string("write failed: ") + std::strerror(errno));
            return false;
        }
        m_ssl_wants_write = false;
        return true;
    }

    void read_available() {
        char buffer[4096];
        for (;;) {
            ssize_t got = 0;
            if (m_ssl) {
                const int n = SSL_read(m_ssl.get(), buffer, sizeof buffer);
                if (n <= 0) {
                    const int error = SSL_get_error(m_ssl.get(), n);
                    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
                        m_ssl_wants_write = error == SSL_ERROR_WANT_WRITE;
                        return;
                    }
                    connection_lost("connection closed");
                    return;
                }
                got = n;
            } else {
                got = ::recv(m_fd->get(), buffer, sizeof buffer, 0);
                if (got < 0) {
                    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                        return;
                    }
                    connection_lost(std::strerror(errno));
                    return;
                }
                if (got == 0) {
                    connection_lost("connection closed");
                    return;
                }
            }
            m_total_read += static_cast<std::size_t>(got);
            if (m_total_read > m_impl.config.max_bytes) {
                fail(NetErrorKind::protocol_garbage,
                     "server sent more than " + std::to_string(m_impl.config.max_bytes) + " bytes");
                return;
            }
            m_in.append(buffer, static_cast<std::size_t>(got));
            const Phase before = m_phase;
            if (!parse_lines() || m_phase != before) {
                // A reply moved the dialogue on; after STARTTLS, bytes the server sent early must
                // not be read as TLS-protected data (RFC 3207 §4.2 / STARTTLS injection).
                m_in.clear();
                return;
            }
        }
    }

    // Splits m_in into reply lines; false when the probe ended or the phase changed.
    bool parse_lines() {
        const Phase before = m_phase;
        for (std::size_t end = m_in.find('\n'); end != std::string::npos; end = m_in.find('\n')) {
            std::string line = m_in.substr(0, end);
            m_in.erase(0, end + 1);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.size() > m_impl.config.max_line) {
                fail(NetErrorKind::protocol_garbage,
                     "reply line longer than " + std::to_string(m_impl.config.max_line));
                return false;
            }
            handle_line(line);
            if (m_phase != before) {
                return false;
            }
        }
        if (m_in.size() > m_impl.config.max_line) {
            fail(NetErrorKind::protocol_garbage, "reply line longer than " + std::to_string(m_impl.config.max_line));
            return false;
        }
        return true;
    }

    void handle_line(const std::string& line) {
        // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF )
        //                             Reply-code [ SP textstring ] CRLF
        const bool digits = line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                            std::isdigit(static_cast<unsigned char>(line[1])) &&
                            std::isdigit(static_cast<unsigned char>(line[2]));
        if (!digits || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
            fail(NetErrorKind::protocol_garbage, "not an SMTP reply: " + printable(line));
            return;
        }
        const int code = std::stoi(line.substr(0, 3));
        if (!m_reply.empty() && code != m_reply_code) {
            fail(NetErrorKind::protocol_garbage, "reply code changed inside a reply: " + printable(line));
            return;
        }
        if (m_reply.size() >= m_impl.config.max_lines) {
            fail(NetErrorKind::protocol_garbage,
                 "reply longer than " + std::to_string(m_impl.config.max_lines) + " lines");
            return;
        }
        m_reply_code = code;
        m_reply.push_back(line.size() > 4 ? printable(line.substr(4)) : std::string());
        if (line.size() == 3 || line[3] == ' ') {
            std::vector<std::string> lines;
            lines.swap(m_reply);
            handle_reply(code, std::move(lines));
        }
    }

    void reply_error(NetErrorKind kind, int code, const std::vector<std::string>& lines) {
        m_result.reply_code = code;
        fail(kind, std::to_string(code) + " " + join(lines), true);
    }

    void handle_reply(int code, std::vector<std::string> lines) {
        switch (m_phase) {
            case Phase::greeting:
                // RFC 5321 §4.3.2: 220 opens the session; 554 (or anything else) refuses it.
                if (code != 220) {
                    reply_error(NetErrorKind::smtp_reply, code, lines);
                    return;
                }
                m_result.greeting = join(lines);
                enter(Phase::ehlo, SmtpStage::ehlo, m_impl.config.command_timeout);
                send_command("EHLO " + m_impl.config.ehlo_name);
                return;
            case Phase::ehlo:
                if (code != 250) {
                    reply_error(NetErrorKind::smtp_reply, code, lines);
                    return;
                }
                m_result.ehlo_lines = lines;
                // RFC 3207 §4: the STARTTLS keyword in the EHLO response.
                m_result.starttls_offered = std::any_of(lines.begin() + 1, lines.end(), [](const std::string& ext) {
                    std::string keyword = ext.substr(0, ext.find(' '));
                    std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
                    return keyword == "STARTTLS";
                });
                if (!m_result.starttls_offered) {
                    fail(NetErrorKind::starttls_not_offered, "EHLO reply has no STARTTLS", true);
                    return;
                }
                enter(Phase::starttls, SmtpStage::starttls, m_impl.config.command_timeout);
                send_command("STARTTLS");
                return;
            case Phase::starttls:
                // RFC 3207 §4: 220 = ready to start TLS; 454 = TLS not available now.
                if (code != 220) {
                    reply_error(NetErrorKind::starttls_refused, code, lines);
                    return;
                }
                start_tls();
                return;
            case Phase::ehlo_tls:
                if (code == 250) {
                    m_result.ehlo_lines_after_tls = lines;
                } else {
                    m_result.after_tls_error =
                        NetError{NetErrorKind::smtp_reply, std::to_string(code) + " " + join(lines)};
                }
                enter(Phase::quit, SmtpStage::done, m_impl.config.command_timeout);
                send_command("QUIT");
                // The reply to QUIT teaches nothing: once QUIT is written, end without waiting a
                // round trip for it (the probe is on the critical path of the check).
                if (m_phase == Phase::quit && m_out.empty()) finish();
                return;
            case Phase::quit: finish(); return;
            case Phase::connecting:
            case Phase::handshake:
            case Phase::finished: return;
        }
    }

    void enter(Phase phase, SmtpStage stage, std::chrono::milliseconds limit) {
        m_phase = phase;
        m_result.stage = stage;
        arm_timer(limit);
    }

    void start_tls() {
        enter(Phase::handshake, SmtpStage::handshake, m_impl.config.handshake_timeout);
        m_in.clear();
        m_ssl.reset(SSL_new(m_impl.ctx.get()));
        if (!m_ssl || SSL_set_fd(m_ssl.get(), m_fd->get()) != 1) {
            fail(NetErrorKind::other, "cannot set up TLS: " + openssl_reason());
            return;
        }
        // RFC 8461 §7.1 / RFC 6066 §3: SNI carries the MX host name; the no-SNI variant leaves
        // it out to see whether the server still answers (§7.1: servers MUST NOT require SNI).
        if (m_result.variant.send_sni && !m_result.mx_host.empty()) {
            SSL_set_tlsext_host_name(m_ssl.get(), m_result.mx_host.c_str());
        }
        // RFC 8996: TLS 1.0 and 1.1 must not be negotiated. Capping our offer at 1.1 shows
        // whether the server still accepts them; the context already allows them (SECLEVEL 0).
        if (m_result.variant.legacy_tls && SSL_set_max_proto_version(m_ssl.get(), TLS1_1_VERSION) != 1) {
            fail(NetErrorKind::other, "cannot offer TLS 1.1: " + openssl_reason());
            return;
        }
        SSL_set_connect_state(m_ssl.get());
        handshake_step();
        if (m_phase != Phase::finished) {
            update_watch();
        }
    }

    void handshake_step() {
        ERR_clear_error();
        const int done = SSL_do_handshake(m_ssl.get());
        if (done == 1) {
            m_result.tls_version = tls_version_of(m_ssl.get());
            m_result.cipher = cipher_of(m_ssl.get());
            m_result.forward_secrecy = forward_secret(m_ssl.get());
            m_ssl_wants_write = false;
            if (!m_result.variant.is_main()) {
                // An extra session only asks whether the handshake is accepted: end it here,
                // a round trip before the main session ends, so it never lengthens the check.
                m_result.stage = SmtpStage::done;
                SSL_shutdown(m_ssl.get());  // best effort close_notify, without waiting
                ERR_clear_error();          // whatever it queued must not reach another session's reason
                finish();
                return;
            }
            m_result.cert = cert_facts_from_ssl(m_ssl.get(), m_impl.trust);
            m_result.chain = chain_certificates_from_ssl(m_ssl.get());
            // RFC 3207 §4.2: forget what was learnt before TLS and say EHLO again.
            enter(Phase::ehlo_tls, SmtpStage::done, m_impl.config.command_timeout);
            send_command("EHLO " + m_impl.config.ehlo_name);
            return;
        }
        const int error = SSL_get_error(m_ssl.get(), done);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            m_ssl_wants_write = error == SSL_ERROR_WANT_WRITE;
            update_watch();
            return;
        }
        std::string reason = openssl_reason();
        if (reason.empty()) {
            reason = error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN
                         ? "connection closed during the handshake"
                         : "handshake failed";
        }
        const bool too_old = reason.find("unsupported protocol") != std::string::npos ||
                             reason.find("no protocols available") != std::string::npos;
        fail(too_old ? NetErrorKind::tls_version_too_old : NetErrorKind::tls_handshake_failed, reason);
    }

    void connection_lost(const std::string& detail) {
        switch (m_phase) {
            case Phase::ehlo_tls:
                m_result.after_tls_error = NetError{NetErrorKind::closed_early, detail + " after TLS"};
                finish();
                return;
            case Phase::quit: finish(); return;
            default: fail(NetErrorKind::closed_early, detail + " during " + std::string(to_string(m_result.stage)));
        }
    }

    void fail(NetErrorKind kind, std::string detail, bool say_quit = false) {
        // Our own setup failing names no server behaviour: it reads as where the session stopped.
        if (kind == NetErrorKind::other) {
            kind = m_result.stage == SmtpStage::handshake ? NetErrorKind::tls_handshake_failed : NetErrorKind::closed_early;
        }
        m_result.error = NetError{kind, std::move(detail)};
        if (say_quit && !m_ssl && m_fd && m_fd->get() >= 0) {
            // Polite and best effort: the server replied in protocol, so end the session.
            ::send(m_fd->get(), "QUIT\r\n", 6, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        finish();
    }

    void finish() {
        if (m_phase == Phase::finished) {
            return;
        }
        m_phase = Phase::finished;
        cancel_timer();
        if (m_fd && m_fd->get() >= 0) {
            m_impl.loop.unwatch(m_fd->get());
        }
        m_ssl.reset();
        if (m_fd) {
            m_fd->reset();
        }
        if (m_has_slot) {
            m_has_slot = false;
            m_impl.budget->release();
        }
        m_result.elapsed_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(m_impl.loop.now() - m_started).count();
        Impl& impl = m_impl;
        Probe* self = this;
        impl.complete(m_key, std::move(m_result));
        // Deleted later: this object's methods are still on the stack.
        impl.loop.post([&impl, self] { impl.probes.erase(self); });
    }

    Impl& m_impl;
    std::string m_key;
    SmtpProbeResult m_result;
    Loop::Clock::time_point m_started;
    std::unique_ptr<UniqueFd> m_fd;
    std::unique_ptr<SSL, SslDeleter> m_ssl;
    bool m_ssl_wants_write = false;
    bool m_has_slot = false;  // holds one slot of the socket budget
    Phase m_phase = Phase::connecting;
    std::optional<Loop::TimerId> m_timer;
    std::string m_in;
    std::string m_out;
    std::vector<std::string> m_reply;
    int m_reply_code = 0;
    std::size_t m_total_read = 0;
};

void SmtpProber::Impl::complete(const std::string& key, SmtpProbeResult result) {
    Entry& entry = cache[key];
    entry.done = true;
    entry.result = std::move(result);
    std::vector<std::function<void(const SmtpProbeResult&)>> waiters;
    waiters.swap(entry.waiters);
    const SmtpProbeResult& stored = entry.result;  // std::map nodes are stable
    for (auto& waiter : waiters) {
        waiter(stored);
        loop.release();
    }
}

SmtpProber::SmtpProber(Loop& loop, SmtpConfig config, SocketBudget* budget)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), budget)) {
    // SIGPIPE, which OpenSSL's write() to a reset connection raises, is ignored by main (src/cli/main.cpp).
    m_impl->ctx.reset(SSL_CTX_new(TLS_client_method()));
    if (!m_impl->ctx) {
        throw std::runtime_error("SSL_CTX_new failed");
    }
    SSL_CTX* ctx = m_impl->ctx.get();
    // Every version and cipher, so that a TLS 1.0-only MX is seen and reported (docs/rfc-rules.md E9)
    // rather than failing like a modern sender would; the chain is checked by tls_facts.
    SSL_CTX_set_min_proto_version(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

SmtpProber::~SmtpProber() = default;

void SmtpProber::probe(const std::string& mx_host, const std::string& ip,
                       std::function<void(const SmtpProbeResult&)> callback) {
    probe(mx_host, ip, ProbeVariant{}, std::move(callback));
}

void SmtpProber::probe(const std::string& mx_host, const std::string& ip, ProbeVariant variant,
                       std::function<void(const SmtpProbeResult&)> callback) {
    Impl& impl = *m_impl;
    impl.loop.hold();
    const std::string port = std::to_string(impl.config.port);
    const std::string key = probe_key(mx_host, ip, port, variant);
    Impl::Entry& entry = impl.cache[key];
    if (entry.done) {
        impl.loop.post([&impl, key, callback = std::move(callback)] {
            callback(impl.cache[key].result);
            impl.loop.release();
        });
        return;
    }
    const bool in_flight = !entry.waiters.empty();
    entry.waiters.push_back(std::move(callback));
    if (in_flight) {
        return;
    }
    if (impl.timed_out.contains(ip + "|" + port)) {
        SmtpProbeResult result;
        result.mx_host = mx_host;
        result.ip = ip;
        result.port = impl.config.port;
        result.variant = variant;
        result.error = NetError{NetErrorKind::connect_timeout, "not dialled again: an earlier connect timed out"};
        result.elapsed_ms = 0;  // no session was made
        impl.loop.post([&impl, key, result = std::move(result)]() mutable { impl.complete(key, std::move(result)); });
        return;
    }
    auto probe = std::make_unique<Impl::Probe>(impl, key, mx_host, ip, variant);
    Impl::Probe* raw = probe.get();
    impl.probes.emplace(raw, std::move(probe));
    // Started from the loop, so that no callback ever runs inside probe() itself.
    impl.loop.post([raw] { raw->start(); });
}

}  // namespace mtasts::net
