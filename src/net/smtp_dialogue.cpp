#include "mtasts/net/smtp_dialogue.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "mtasts/base/time.hpp"

namespace mtasts::net {

namespace {

// Reply lines as one printable text, one line per "\n".
std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += '\n';
        out += printable_excerpt(line);
    }
    return out;
}

// RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF )
//                             Reply-code [ SP textstring ] CRLF
bool is_reply_line(std::string_view line) {
    const auto digit = [&](std::size_t at) { return std::isdigit(static_cast<unsigned char>(line[at])) != 0; };
    if (line.size() < 3 || !digit(0) || !digit(1) || !digit(2)) return false;
    return line.size() == 3 || line[3] == ' ' || line[3] == '-';
}

int reply_code_of(std::string_view line) {
    return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

// RFC 3207 §4: the STARTTLS keyword in the EHLO response (the first line names the server).
bool offers_starttls(const std::vector<std::string>& lines) {
    return std::any_of(lines.begin() + 1, lines.end(), [](const std::string& extension) {
        std::string keyword = extension.substr(0, extension.find(' '));
        std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return keyword == "STARTTLS";
    });
}

}  // namespace

std::string printable_excerpt(std::string_view text) {
    constexpr std::size_t k_max_detail = 300;
    std::string out;
    for (const char c : text.substr(0, k_max_detail)) {
        const auto byte = static_cast<unsigned char>(c);
        out += (byte >= 0x20 && byte < 0x7f) ? c : '?';
    }
    if (text.size() > k_max_detail) out += "...";
    return out;
}

std::string_view to_string(SmtpDialogue::Stage stage) {
    using Stage = SmtpDialogue::Stage;
    switch (stage) {
        case Stage::connect: return "connect";
        case Stage::greeting: return "greeting";
        case Stage::ehlo: return "ehlo";
        case Stage::starttls: return "starttls";
        case Stage::handshake: return "handshake";
        case Stage::ehlo_after_tls: return "ehlo after TLS";
        case Stage::quit: return "quit";
        case Stage::done: return "done";
    }
    return "connect";
}

SmtpDialogue::SmtpDialogue(std::string ehlo_name, Limits limits, AfterHandshake after_handshake)
    : m_ehlo_name(std::move(ehlo_name)), m_limits(limits), m_after_handshake(after_handshake) {}

SmtpDialogue::Step SmtpDialogue::connected() {
    if (m_finished) return finish();
    m_outcome.stage = Stage::greeting;
    return {};
}

SmtpDialogue::Step SmtpDialogue::received(std::string_view bytes) {
    if (m_finished) return finish();
    m_bytes_received += bytes.size();
    if (m_bytes_received > m_limits.max_bytes) {
        return fail(NetErrorKind::protocol_garbage,
                    "server sent more than " + std::to_string(m_limits.max_bytes) + " bytes");
    }
    m_pending.append(bytes);
    Step step = take_lines();
    if (step.action != Action::wait) m_pending.clear();
    return step;
}

SmtpDialogue::Step SmtpDialogue::tls_established() {
    if (m_finished) return finish();
    if (m_after_handshake == AfterHandshake::end) {
        m_outcome.stage = Stage::done;
        return finish();
    }
    // RFC 3207 §4.2: forget what was learnt before TLS and say EHLO again.
    return enter(Stage::ehlo_after_tls, "EHLO " + m_ehlo_name);
}

SmtpDialogue::Step SmtpDialogue::closed(std::string_view detail) {
    if (m_finished) return finish();
    switch (m_outcome.stage) {
        case Stage::ehlo_after_tls:
            m_outcome.after_tls_error = NetError{NetErrorKind::closed_early, std::string(detail) + " after TLS"};
            return finish();
        case Stage::quit: return finish();
        default:
            return fail(NetErrorKind::closed_early,
                        std::string(detail) + " during " + std::string(to_string(m_outcome.stage)));
    }
}

SmtpDialogue::Step SmtpDialogue::timed_out(std::chrono::milliseconds time_limit) {
    if (m_finished) return finish();
    // The limit is named, so that a greeting delay can be told from a dead server (--greeting-timeout).
    const std::string limit = " within " + base::format_seconds(time_limit);
    switch (m_outcome.stage) {
        case Stage::connect: return fail(NetErrorKind::connect_timeout, "no TCP connection" + limit);
        case Stage::greeting: return fail(NetErrorKind::greeting_timeout, "no complete greeting" + limit);
        case Stage::ehlo: return fail(NetErrorKind::timeout, "no complete EHLO reply" + limit);
        case Stage::starttls: return fail(NetErrorKind::timeout, "no STARTTLS reply" + limit);
        case Stage::handshake: return fail(NetErrorKind::timeout, "TLS handshake not complete" + limit);
        case Stage::ehlo_after_tls:
            m_outcome.after_tls_error = NetError{NetErrorKind::timeout, "no EHLO reply after TLS" + limit};
            return finish();
        case Stage::quit:
        case Stage::done: return finish();
    }
    return finish();
}

SmtpDialogue::Step SmtpDialogue::failed(NetError error) {
    if (m_finished) return finish();
    return fail(error.kind, std::move(error.detail));
}

// Every whole line of m_pending, until one ends the reply that moves the session on.
SmtpDialogue::Step SmtpDialogue::take_lines() {
    const std::string too_long = "reply line longer than " + std::to_string(m_limits.max_line);
    for (std::size_t end = m_pending.find('\n'); end != std::string::npos; end = m_pending.find('\n')) {
        std::string line = m_pending.substr(0, end);
        m_pending.erase(0, end + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > m_limits.max_line) return fail(NetErrorKind::protocol_garbage, too_long);
        Step step = take_line(line);
        if (step.action != Action::wait) return step;
    }
    // A line that never ends must not grow without bound either.
    if (m_pending.size() > m_limits.max_line) return fail(NetErrorKind::protocol_garbage, too_long);
    return {};
}

SmtpDialogue::Step SmtpDialogue::take_line(std::string_view line) {
    if (!is_reply_line(line)) {
        return fail(NetErrorKind::protocol_garbage, "not an SMTP reply: " + printable_excerpt(line));
    }
    const int code = reply_code_of(line);
    if (!m_reply.empty() && code != m_reply_code) {
        return fail(NetErrorKind::protocol_garbage, "reply code changed inside a reply: " + printable_excerpt(line));
    }
    if (m_reply.size() >= m_limits.max_lines) {
        return fail(NetErrorKind::protocol_garbage, "reply longer than " + std::to_string(m_limits.max_lines) + " lines");
    }
    m_reply_code = code;
    m_reply.push_back(line.size() > 4 ? printable_excerpt(line.substr(4)) : std::string());
    if (line.size() > 3 && line[3] == '-') return {};  // more lines of this reply follow
    return take_reply(code, std::exchange(m_reply, {}));
}

SmtpDialogue::Step SmtpDialogue::take_reply(int code, std::vector<std::string> lines) {
    switch (m_outcome.stage) {
        case Stage::greeting: return take_greeting(code, lines);
        case Stage::ehlo: return take_ehlo(code, std::move(lines));
        case Stage::starttls: return take_starttls(code, lines);
        case Stage::ehlo_after_tls: return take_ehlo_after_tls(code, lines);
        case Stage::quit: return finish();
        case Stage::connect:
        case Stage::handshake:
        case Stage::done: return {};  // no reply is read in these stages
    }
    return {};
}

SmtpDialogue::Step SmtpDialogue::take_greeting(int code, const std::vector<std::string>& lines) {
    // RFC 5321 §4.3.2: 220 opens the session; 554 (or anything else, 421 too) refuses it.
    if (code != 220) return reply_error(NetErrorKind::smtp_reply, code, lines);
    m_outcome.greeting = join(lines);
    return enter(Stage::ehlo, "EHLO " + m_ehlo_name);
}

SmtpDialogue::Step SmtpDialogue::take_ehlo(int code, std::vector<std::string> lines) {
    if (code != 250) return reply_error(NetErrorKind::smtp_reply, code, lines);
    m_outcome.starttls_offered = offers_starttls(lines);
    m_outcome.ehlo_lines = std::move(lines);
    if (!m_outcome.starttls_offered) return fail(NetErrorKind::starttls_not_offered, "EHLO reply has no STARTTLS", true);
    return enter(Stage::starttls, "STARTTLS");
}

SmtpDialogue::Step SmtpDialogue::take_starttls(int code, const std::vector<std::string>& lines) {
    // RFC 3207 §4: 220 = ready to start TLS; 454 = TLS not available now.
    if (code != 220) return reply_error(NetErrorKind::starttls_refused, code, lines);
    m_outcome.stage = Stage::handshake;
    return {Action::start_tls, {}, false};
}

SmtpDialogue::Step SmtpDialogue::take_ehlo_after_tls(int code, const std::vector<std::string>& lines) {
    if (code == 250) {
        m_outcome.ehlo_lines_after_tls = lines;
    } else {
        m_outcome.after_tls_error = NetError{NetErrorKind::smtp_reply, std::to_string(code) + " " + join(lines)};
    }
    // The reply to QUIT teaches nothing: once QUIT is written the session ends, without waiting
    // a round trip for it (the probe is on the critical path of the check).
    m_outcome.stage = Stage::quit;
    return {Action::send_last, "QUIT", false};
}

SmtpDialogue::Step SmtpDialogue::enter(Stage stage, std::string command) {
    m_outcome.stage = stage;
    return {Action::send, std::move(command), false};
}

SmtpDialogue::Step SmtpDialogue::reply_error(NetErrorKind kind, int code, const std::vector<std::string>& lines) {
    m_outcome.reply_code = code;
    return fail(kind, std::to_string(code) + " " + join(lines), true);
}

SmtpDialogue::Step SmtpDialogue::fail(NetErrorKind kind, std::string detail, bool say_quit) {
    m_outcome.error = NetError{kind, std::move(detail)};
    return finish(say_quit);
}

SmtpDialogue::Step SmtpDialogue::finish(bool say_quit) {
    m_finished = true;
    return {Action::finish, {}, say_quit};
}

}  // namespace mtasts::net
