#pragma once
// Probing one MX address on the loop: connect, greeting, EHLO, STARTTLS, TLS handshake with
// SNI = the MX host (RFC 8461 §7.1), certificate facts, second EHLO (RFC 3207 §4.2), QUIT.
// A nonblocking state machine with its own timeout per phase; every read is capped, so a
// server that floods or trickles bytes cannot hold memory or time beyond the phase limit.
// Every TLS version is allowed so that an old server is seen and reported, not refused
// (mtasts/net/tls_context.hpp). What is said and how replies are read is the dialogue's
// (mtasts/net/smtp_dialogue.hpp); the prober adds the socket, TLS and the timers.
// Besides this main session, a probe variant makes an extra session whose handshake differs
// (no SNI, or TLS 1.1 at most): it ends right after the handshake, with no certificate facts,
// because only whether the server accepts that handshake is in question.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/observation.hpp"
#include "mtasts/model/session_counts.hpp"
#include "mtasts/net/connection_pacer.hpp"
#include "mtasts/net/error.hpp"
#include "mtasts/net/loop.hpp"

namespace mtasts::net {

class SocketBudget;

struct SmtpConfig {
    unsigned port = 25;                               // --smtp-port
    std::string ehlo_name = "mta-sts-check.invalid";  // our name in EHLO
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds greeting_timeout{30000};   // postscreen delays greetings
    std::chrono::milliseconds command_timeout{10000};    // each EHLO / STARTTLS / QUIT reply
    std::chrono::milliseconds handshake_timeout{10000};  // TLS handshake
    std::optional<std::string> ca_file;                  // extra trust anchors (--ca-file)
    std::size_t max_line = 2048;                         // bytes per reply line (RFC 5321 §4.5.3.1.5 says 512)
    std::size_t max_lines = 100;                         // lines per reply
    std::size_t max_bytes = 65536;                       // bytes read per probe in total
    PacerLimits pacing;                                  // --per-host-sessions, --max-rate
};

// Which handshake one session makes. The default is what an MTA-STS sender does; the others
// test what the server tolerates (docs/rfc-rules.md E8: SNI must not be required; E9: TLS 1.0 and
// 1.1 should be refused).
struct ProbeVariant {
    bool send_sni = true;     // false: no server_name extension at all
    bool legacy_tls = false;  // true: offer TLS 1.0 and 1.1 only (the newest version offered is 1.1)

    // The main session of a sender (SNI, every version).
    bool is_main() const { return send_sni && !legacy_tls; }
    bool operator==(const ProbeVariant&) const = default;
};

// How far the dialogue got: the stage in which it ended (done = everything worked).
enum class SmtpStage { connect, greeting, ehlo, starttls, handshake, done };

// "connect", "greeting", "ehlo", "starttls", "handshake", "done".
std::string_view to_string(SmtpStage stage);

// One session: what the evaluator reads (model::ProbeObservation, filled here directly) and the
// dialogue behind it. A failure of the checker's own setup (kind `other`) reads as a failed
// handshake in the handshake stage and as an early close before it.
struct SmtpProbeResult : model::ProbeObservation {
    std::string mx_host;
    std::string ip;
    unsigned port = 25;
    ProbeVariant variant;
    SmtpStage stage = SmtpStage::connect;  // stage reached (failed in, or done)
    std::optional<int> reply_code;         // code of the failing reply (smtp_reply, starttls_refused)
    std::string greeting;                  // greeting text, lines joined with "\n"
    std::vector<std::string> ehlo_lines;   // EHLO reply lines after the code (first = server name)
    std::vector<std::string> ehlo_lines_after_tls;  // second EHLO reply lines
};

class SmtpProber {
public:
    // Throws std::runtime_error when OpenSSL or the trust store cannot be set up. With a
    // `budget` (which must outlive the prober), every session holds one of its slots.
    SmtpProber(Loop& loop, SmtpConfig config, SocketBudget* budget = nullptr);
    ~SmtpProber();
    SmtpProber(const SmtpProber&) = delete;
    SmtpProber& operator=(const SmtpProber&) = delete;

    // Probes `ip` (IPv4 or IPv6 text) on config.port with SNI `mx_host`. Probes of the same
    // (mx_host, ip, port, variant) are made once per prober: later requests, even while the
    // first is in flight, get the same result. An address whose connect timed out is not
    // dialled again: later probes of it (under any host name or variant) fail with
    // connect_timeout at once.
    void probe(const std::string& mx_host, const std::string& ip, ProbeVariant variant,
               std::function<void(const SmtpProbeResult&)> callback);

    // The main session: probe(mx_host, ip, ProbeVariant{}, callback).
    void probe(const std::string& mx_host, const std::string& ip, std::function<void(const SmtpProbeResult&)> callback);

    // The sessions of the run so far.
    model::SessionCounts counts() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mtasts::net
