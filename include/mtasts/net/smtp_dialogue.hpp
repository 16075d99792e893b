#pragma once
// The SMTP side of one probe session (RFC 5321, RFC 3207) as a pure state machine, so that every
// dialogue can be tested from a transcript (tests/unit/test_net_smtp_dialogue.cpp). It is told
// what the connection brings (connected, bytes received, TLS established, closed, timed out, a
// failure of the connection itself) and answers with the next step: wait for more bytes, send a
// command, start TLS, or finish. It owns the reply parsing (RFC 5321 §4.2, multi-line replies),
// the caps that stop a flood (bytes per line, lines per reply, bytes per session), the stage and
// what the session showed. No sockets, no clock, no OpenSSL: the prober (smtp_probe.cpp) does
// the I/O and the timers and asks timed_out(limit) when the stage's time has run out.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/net/error.hpp"

namespace mtasts::net {

class SmtpDialogue {
public:
    // Where a session is, in the order a session goes; a failure leaves the stage it happened in.
    enum class Stage { connect, greeting, ehlo, starttls, handshake, ehlo_after_tls, quit, done };

    // What the caller does next.
    enum class Action {
        wait,       // read more bytes
        send,       // write `command` and CRLF, then read its reply
        send_last,  // write `command` and CRLF, then end the session once it is written
        start_tls,  // the server is ready: begin the TLS handshake (RFC 3207 §4)
        finish,     // end the session; outcome() says how it went
    };

    struct Step {
        Action action = Action::wait;
        std::string command;    // send, send_last
        bool say_quit = false;  // finish: the server replied in protocol, so say QUIT in passing
    };

    // What the session showed: the part of a probe result that SMTP decides.
    struct Outcome {
        Stage stage = Stage::connect;       // the stage reached (failed in, or done)
        std::optional<NetError> error;      // why the session failed; nullopt when it got through
        std::optional<int> reply_code;      // code of the failing reply (smtp_reply, starttls_refused)
        std::string greeting;               // greeting text, lines joined with "\n"
        std::vector<std::string> ehlo_lines;  // EHLO reply lines after the code (first = server name)
        bool starttls_offered = false;
        std::vector<std::string> ehlo_lines_after_tls;
        std::optional<NetError> after_tls_error;  // the second EHLO refused, dropped or timed out
    };

    // Caps against a server that floods: bytes in one reply line, lines in one reply, bytes
    // received in the whole session (RFC 5321 §4.5.3.1.5 allows 512 per line).
    struct Limits {
        std::size_t max_line = 2048;
        std::size_t max_lines = 100;
        std::size_t max_bytes = 65536;
    };

    // After the handshake: go on (second EHLO, QUIT), or end there because the session only
    // asks whether the server accepts the handshake.
    enum class AfterHandshake { ehlo_again, end };

    // A session that says EHLO `ehlo_name`.
    SmtpDialogue(std::string ehlo_name, Limits limits, AfterHandshake after_handshake);

    // The TCP connection is up: wait for the greeting.
    Step connected();
    // Bytes from the server, in any pieces. Once a reply moves the session on, the rest of the
    // bytes already received are dropped: after STARTTLS, bytes sent early must not pass for
    // TLS-protected data (RFC 3207 §4.2).
    Step received(std::string_view bytes);
    // The TLS handshake completed.
    Step tls_established();
    // The connection was closed or broke; `detail` says how ("connection closed").
    Step closed(std::string_view detail);
    // The current stage ran out of its `time_limit`.
    Step timed_out(std::chrono::milliseconds time_limit);
    // The connection itself failed (connect, TLS set-up or handshake): the session ends.
    Step failed(NetError error);

    // The stage the session is in (or ended in).
    Stage stage() const { return m_outcome.stage; }
    // Whether the session has ended; later events are ignored.
    bool finished() const { return m_finished; }
    // What the session showed so far.
    const Outcome& outcome() const { return m_outcome; }

private:
    Step take_lines();
    Step take_line(std::string_view line);
    Step take_reply(int code, std::vector<std::string> lines);
    Step take_greeting(int code, const std::vector<std::string>& lines);
    Step take_ehlo(int code, std::vector<std::string> lines);
    Step take_starttls(int code, const std::vector<std::string>& lines);
    Step take_ehlo_after_tls(int code, const std::vector<std::string>& lines);
    Step enter(Stage stage, std::string command);
    Step reply_error(NetErrorKind kind, int code, const std::vector<std::string>& lines);
    Step fail(NetErrorKind kind, std::string detail, bool say_quit = false);
    Step finish(bool say_quit = false);

    std::string m_ehlo_name;
    Limits m_limits;
    AfterHandshake m_after_handshake;
    Outcome m_outcome;
    bool m_finished = false;
    std::string m_pending;              // received bytes not yet a whole line
    std::vector<std::string> m_reply;   // lines of the reply read so far
    int m_reply_code = 0;
    std::size_t m_bytes_received = 0;
};

// "connect", "greeting", "ehlo", "starttls", "handshake", "ehlo after TLS", "quit", "done".
std::string_view to_string(SmtpDialogue::Stage stage);

// Server text made fit for a report: printable ASCII (anything else becomes '?'), and at most
// 300 characters, then "...".
std::string printable_excerpt(std::string_view text);

}  // namespace mtasts::net
