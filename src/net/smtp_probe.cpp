#include "mtasts/net/smtp_probe.hpp"

#include <map>
#include <optional>
#include <unordered_map>

#include "mtasts/base/memo.hpp"
#include "mtasts/net/connection_pacer.hpp"
#include "mtasts/net/smtp_dialogue.hpp"
#include "mtasts/net/socket_budget.hpp"
#include "mtasts/net/tls_context.hpp"
#include "mtasts/net/tls_facts.hpp"
#include "smtp_transport.hpp"

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

using Stage = SmtpDialogue::Stage;
using Action = SmtpDialogue::Action;

// Whom one session talks to, and with which handshake.
struct Target {
    std::string mx_host;
    std::string ip;
    unsigned port = 25;
    ProbeVariant variant;
};

// What the TLS handshake showed; the certificate and chain are read by the main session only.
struct TlsFacts {
    std::optional<std::string> version;
    std::optional<std::string> cipher;
    std::optional<bool> forward_secrecy;
    std::optional<model::CertFacts> cert;
    std::vector<model::ChainCertificate> chain;
};

// The memo key of one session: the same host, address, port and handshake is made once.
struct ProbeKey {
    std::string mx_host;
    std::string ip;
    unsigned port = 0;
    bool send_sni = true;
    bool legacy_tls = false;

    auto operator<=>(const ProbeKey&) const = default;
};

ProbeKey probe_key(const Target& target) {
    return {target.mx_host, target.ip, target.port, target.variant.send_sni, target.variant.legacy_tls};
}

// An address whose connect or greeting timed out is not dialled again, under any host name or
// variant; --per-host-sessions and --max-rate count sessions by it.
std::string address_key(const Target& target) {
    return target.ip + "|" + std::to_string(target.port);
}

SmtpStage public_stage(Stage stage) {
    switch (stage) {
        case Stage::connect: return SmtpStage::connect;
        case Stage::greeting: return SmtpStage::greeting;
        case Stage::ehlo: return SmtpStage::ehlo;
        case Stage::starttls: return SmtpStage::starttls;
        case Stage::handshake: return SmtpStage::handshake;
        case Stage::ehlo_after_tls:
        case Stage::quit:
        case Stage::done: return SmtpStage::done;  // the TLS facts are complete
    }
    return SmtpStage::connect;
}

// The one place where a session becomes the public result.
SmtpProbeResult to_result(const Target& target, const SmtpDialogue::Outcome& said, const TlsFacts& tls,
                          std::int64_t elapsed_ms) {
    SmtpProbeResult result;
    result.mx_host = target.mx_host;
    result.ip = target.ip;
    result.port = target.port;
    result.variant = target.variant;
    result.stage = public_stage(said.stage);
    result.error = said.error;
    // Our own setup failing names no server behaviour: it reads as where the session stopped.
    if (result.error && result.error->kind == NetErrorKind::other) {
        result.error->kind =
            result.stage == SmtpStage::handshake ? NetErrorKind::tls_handshake_failed : NetErrorKind::closed_early;
    }
    result.reply_code = said.reply_code;
    result.greeting = said.greeting;
    result.ehlo_lines = said.ehlo_lines;
    result.starttls_offered = said.starttls_offered;
    result.tls_version = tls.version;
    result.cipher = tls.cipher;
    result.forward_secrecy = tls.forward_secrecy;
    result.cert = tls.cert;
    result.chain = tls.chain;
    result.ehlo_lines_after_tls = said.ehlo_lines_after_tls;
    result.after_tls_error = said.after_tls_error;
    result.elapsed_ms = elapsed_ms;
    return result;
}

std::chrono::milliseconds time_limit(const SmtpConfig& config, Stage stage) {
    switch (stage) {
        case Stage::connect: return config.connect_timeout;
        // Postscreen and similar delay the greeting on purpose: it has its own, longer limit.
        case Stage::greeting: return config.greeting_timeout;
        case Stage::handshake: return config.handshake_timeout;
        default: return config.command_timeout;
    }
}

SmtpDialogue make_dialogue(const SmtpConfig& config, const ProbeVariant& variant) {
    // An extra session only asks whether the handshake is accepted: it ends there, a round trip
    // before the main session ends, so it never lengthens the check.
    return SmtpDialogue(config.ehlo_name, {config.max_line, config.max_lines, config.max_bytes},
                        variant.is_main() ? SmtpDialogue::AfterHandshake::ehlo_again : SmtpDialogue::AfterHandshake::end);
}

}  // namespace

struct SmtpProber::Impl {
    using Callback = std::function<void(const SmtpProbeResult&)>;

    Loop& loop;
    SmtpConfig config;
    SocketBudget* budget = nullptr;  // nullptr: no limit on sessions at once
    TrustStore trust;
    UniqueSslCtx ctx = make_client_context();
    ConnectionPacer pacer;
    model::SessionCounts counts;

    // Every session of a run, kept for the run: an MX shared by many domains is probed once.
    base::Memo<ProbeKey, SmtpProbeResult> memo{[this](std::function<void()> task) { loop.post(std::move(task)); }};
    // address_key() of addresses that gave no connection or no greeting within the limit, with
    // what that session got: every later session would wait out the same limit for nothing.
    std::map<std::string, NetError> unanswered;

    // Why `target` is not dialled, when an earlier session to its address went unanswered.
    std::optional<NetError> known_unanswered(const Target& target) const {
        const auto found = unanswered.find(address_key(target));
        if (found == unanswered.end()) return std::nullopt;
        return NetError{found->second.kind, "not dialled again: an earlier session to this address got " +
                                                 found->second.detail};
    }

    class Session;
    std::unordered_map<Session*, std::unique_ptr<Session>> sessions;

    Impl(Loop& the_loop, SmtpConfig the_config, SocketBudget* the_budget)
        : loop(the_loop), config(std::move(the_config)), budget(the_budget), trust(config.ca_file),
          pacer(the_loop, config.pacing) {}
};

// One session on the loop: the socket, the timers and the slot of the socket budget. What to
// send and what the replies mean is the dialogue's; the bytes go through the transport.
class SmtpProber::Impl::Session {
public:
    Session(Impl& impl, ProbeKey key, Target target)
        : m_impl(impl),
          m_key(std::move(key)),
          m_target(std::move(target)),
          m_started(impl.loop.now()),
          m_dialogue(make_dialogue(impl.config, m_target.variant)) {}

    ~Session() {
        // Only reached before end() when the prober is destroyed with sessions in flight.
        cancel_timer();
        if (m_transport.fd() >= 0) m_impl.loop.unwatch(m_transport.fd());
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Opens the connection once the address has a free session (--per-host-sessions), the
    // rate allows one more (--max-rate) and the socket budget has room.
    void start() {
        // Checked before the turn too: a session to an address already known silent must not
        // take a slot of --max-rate or count as waiting for one.
        if (ended_as_silent()) return;
        m_impl.pacer.acquire(address_key(m_target), [this] {
            m_has_turn = true;
            if (ended_as_silent()) return;
            if (m_impl.budget == nullptr) {
                open();
                return;
            }
            m_impl.budget->acquire([this] {
                m_has_slot = true;
                open();
            });
        });
    }

private:
    // An address an earlier session found silent is not dialled again, also by the sessions
    // that were queued behind it: ends this one with that error.
    bool ended_as_silent() {
        std::optional<NetError> silent = m_impl.known_unanswered(m_target);
        if (silent) follow(m_dialogue.failed(std::move(*silent)));
        return silent.has_value();
    }

    void open() {
        ++m_impl.counts.made;
        const std::optional<SocketAddress> address = socket_address(m_target.ip, m_target.port);
        if (!address) {
            follow(m_dialogue.failed({NetErrorKind::other, "not an IP address: " + printable_excerpt(m_target.ip)}));
            return;
        }
        keep_timer_for_stage();
        const std::expected<IoState, NetError> connecting = m_transport.connect(*address);
        if (!connecting) {
            follow(m_dialogue.failed(connecting.error()));
        } else if (*connecting == IoState::done) {
            on_connected();
        } else {
            m_wants_write = true;
            update_watch();
        }
    }

    void on_connected() {
        m_wants_write = false;
        follow(m_dialogue.connected());
        update_watch();
    }

    void on_io(bool writable) {
        if (m_dialogue.stage() != Stage::connect) {
            pump();
        } else if (writable) {
            if (std::optional<NetError> refused = m_transport.connect_result()) {
                follow(m_dialogue.failed(std::move(*refused)));
            } else {
                on_connected();
            }
        }
    }

    // One turn once the socket is ready: the handshake while it lasts, then what is queued, then
    // the replies (only when nothing waits to be written).
    void pump() {
        if (m_dialogue.stage() == Stage::handshake) {
            handshake_step();
            if (m_ended || m_dialogue.stage() == Stage::handshake) return;
        }
        if (!flush() || m_ended) return;
        if (!m_transport.output_pending()) read_available();
        if (!m_ended) update_watch();
    }

    void handshake_step() {
        const IoResult step = m_transport.handshake();
        if (step.state == IoState::need_read || step.state == IoState::need_write) {
            m_wants_write = step.state == IoState::need_write;
            update_watch();
            return;
        }
        if (step.state != IoState::done) {
            follow(m_dialogue.failed(handshake_error(step.detail)));
            return;
        }
        m_wants_write = false;
        record_tls_facts();
        const SmtpDialogue::Step next = m_dialogue.tls_established();
        if (next.action == Action::finish) {
            m_transport.close_notify();  // best effort, without waiting
        }
        follow(next);
    }

    void record_tls_facts() {
        ssl_st* tls = m_transport.tls();
        m_tls.version = tls_version_of(tls);
        m_tls.cipher = cipher_of(tls);
        m_tls.forward_secrecy = forward_secret(tls);
        if (m_target.variant.is_main()) {
            m_tls.cert = cert_facts_from_ssl(tls, m_impl.trust);
            m_tls.chain = chain_certificates_from_ssl(tls);
        }
    }

    // Writes what is queued; false when that ended the session.
    bool flush() {
        const IoResult wrote = m_transport.flush();
        if (wrote.state == IoState::closed || wrote.state == IoState::failed) {
            follow(m_dialogue.closed(wrote.detail));
            return false;
        }
        m_wants_write = wrote.state == IoState::need_write;
        return true;
    }

    void read_available() {
        char buffer[4096];
        for (;;) {
            const IoResult got = m_transport.read(buffer);
            if (got.state == IoState::need_read || got.state == IoState::need_write) {
                m_wants_write = got.state == IoState::need_write;
                return;
            }
            if (got.state != IoState::done) {
                follow(m_dialogue.closed(got.detail));
                return;
            }
            const SmtpDialogue::Step next = m_dialogue.received(std::string_view(buffer, got.bytes));
            if (next.action != Action::wait) {
                follow(next);
                return;
            }
        }
    }

    // Does what the dialogue asks for next.
    void follow(const SmtpDialogue::Step& next) {
        if (m_ended) return;
        if (next.action == Action::finish) {
            end(next.say_quit);
            return;
        }
        keep_timer_for_stage();
        switch (next.action) {
            case Action::send: send(next.command); return;
            case Action::send_last:
                send(next.command);
                if (!m_ended && !m_transport.output_pending()) end(false);
                return;
            case Action::start_tls: start_tls(); return;
            case Action::wait:
            case Action::finish: return;
        }
    }

    void send(const std::string& command) {
        m_transport.queue(command + "\r\n");
        if (flush()) update_watch();
    }

    void start_tls() {
        // RFC 8461 §7.1: servers MUST NOT require SNI; the no-SNI variant leaves it out to see
        // whether the server still answers.
        const std::string server_name = m_target.variant.send_sni ? m_target.mx_host : std::string();
        const std::expected<void, NetError> set_up =
            m_transport.start_tls(m_impl.ctx.get(), server_name, m_target.variant.legacy_tls);
        if (!set_up) {
            follow(m_dialogue.failed(set_up.error()));
            return;
        }
        handshake_step();
        if (!m_ended) update_watch();
    }

    // One deadline per stage, never extended by incoming bytes: a server that trickles a byte at
    // a time cannot hold the session past the stage's limit.
    void keep_timer_for_stage() {
        const Stage stage = m_dialogue.stage();
        if (m_timer_stage == stage) return;
        m_timer_stage = stage;
        cancel_timer();
        m_timer = m_impl.loop.add_timer(time_limit(m_impl.config, stage), [this] {
            m_timer.reset();
            on_timeout();
        });
    }

    void on_timeout() {
        const Stage stage = m_dialogue.stage();
        const SmtpDialogue::Step next = m_dialogue.timed_out(time_limit(m_impl.config, stage));
        // Recorded before the session ends and hands its turn to one queued behind it.
        const std::optional<NetError>& error = m_dialogue.outcome().error;
        if ((stage == Stage::connect || stage == Stage::greeting) && error)
            m_impl.unanswered.emplace(address_key(m_target), *error);
        follow(next);
    }

    void cancel_timer() {
        if (m_timer) {
            m_impl.loop.cancel_timer(*m_timer);
            m_timer.reset();
        }
    }

    void update_watch() {
        m_impl.loop.watch(m_transport.fd(), !m_wants_write, m_wants_write,
                          [this](bool /*readable*/, bool writable) { on_io(writable); });
    }

    void end(bool say_quit) {
        m_ended = true;
        // Polite and best effort: the server replied in protocol, so end the session.
        if (say_quit) m_transport.say_in_passing("QUIT\r\n");
        cancel_timer();
        if (m_transport.fd() >= 0) m_impl.loop.unwatch(m_transport.fd());
        m_transport.close();
        if (m_has_slot) {
            m_has_slot = false;
            m_impl.budget->release();
        }
        if (m_has_turn) {
            m_has_turn = false;
            m_impl.pacer.release(address_key(m_target));
        }
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(m_impl.loop.now() - m_started);
        Impl& impl = m_impl;
        Session* self = this;
        impl.memo.settle(m_key, to_result(m_target, m_dialogue.outcome(), m_tls, elapsed.count()));
        // Deleted later: this object's methods are still on the stack.
        impl.loop.post([&impl, self] { impl.sessions.erase(self); });
    }

    Impl& m_impl;
    ProbeKey m_key;
    Target m_target;
    Loop::Clock::time_point m_started;
    SmtpDialogue m_dialogue;
    SmtpTransport m_transport;
    TlsFacts m_tls;
    bool m_wants_write = false;  // watch for writing (else reading)
    bool m_has_slot = false;     // holds one slot of the socket budget
    bool m_has_turn = false;     // holds one of the address's sessions in the pacer
    bool m_ended = false;
    std::optional<Loop::TimerId> m_timer;
    std::optional<Stage> m_timer_stage;  // the stage m_timer limits
};

SmtpProber::SmtpProber(Loop& loop, SmtpConfig config, SocketBudget* budget)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), budget)) {
    // SIGPIPE, which OpenSSL's write() to a reset connection raises, is ignored by main (src/cli/main.cpp).
}

SmtpProber::~SmtpProber() = default;

void SmtpProber::probe(const std::string& mx_host, const std::string& ip,
                       std::function<void(const SmtpProbeResult&)> callback) {
    probe(mx_host, ip, ProbeVariant{}, std::move(callback));
}

void SmtpProber::probe(const std::string& mx_host, const std::string& ip, ProbeVariant variant,
                       std::function<void(const SmtpProbeResult&)> callback) {
    Impl& impl = *m_impl;
    Target target{mx_host, ip, impl.config.port, variant};
    // The hold goes with the callback: the loop runs until every requester has its result.
    Impl::Callback held = [hold = impl.loop.hold(), callback = std::move(callback)](const SmtpProbeResult& result) {
        callback(result);
    };
    const ProbeKey key = probe_key(target);
    if (!impl.memo.join(key, std::move(held))) {
        ++impl.counts.reused;
        return;
    }
    auto session = std::make_unique<Impl::Session>(impl, key, std::move(target));
    Impl::Session* raw = session.get();
    impl.sessions.emplace(raw, std::move(session));
    // Started from the loop, so that no callback ever runs inside probe() itself.
    impl.loop.post([raw] { raw->start(); });
}

model::SessionCounts SmtpProber::counts() const {
    model::SessionCounts counts = m_impl->counts;
    counts.waited = m_impl->pacer.delayed();
    return counts;
}

}  // namespace mtasts::net
