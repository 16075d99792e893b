// The SMTP dialogue of a probe session (src/net/smtp_dialogue.cpp) from transcripts, without a
// socket. A transcript is both the input and the expectation: "S: text" is a server line (sent
// with CRLF, in one piece), "TLS" the handshake completing, "CLOSED" the server closing, "TIMEOUT"
// the stage's time running out; the lines the dialogue answers with are written between them:
// "C: command" (sent, then its reply read), "C: command (last)" (sent, then the end), "-> start
// TLS", "-> finish" and "-> finish, QUIT in passing". play() feeds the input lines, writes the
// transcript the dialogue really made, and each test compares it with the one it expects.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "mtasts/net/smtp_dialogue.hpp"

using mtasts::net::NetErrorKind;
using mtasts::net::SmtpDialogue;
using Stage = SmtpDialogue::Stage;
using Action = SmtpDialogue::Action;

namespace {

constexpr const char* k_ehlo_name = "checker.test";

SmtpDialogue main_session(SmtpDialogue::Limits limits = {}) {
    return SmtpDialogue(k_ehlo_name, limits, SmtpDialogue::AfterHandshake::ehlo_again);
}

std::string describe(const SmtpDialogue::Step& step) {
    switch (step.action) {
        case Action::wait: return "";
        case Action::send: return "C: " + step.command + "\n";
        case Action::send_last: return "C: " + step.command + " (last)\n";
        case Action::start_tls: return "-> start TLS\n";
        case Action::finish: return step.say_quit ? "-> finish, QUIT in passing\n" : "-> finish\n";
    }
    return "?\n";
}

SmtpDialogue::Step feed(SmtpDialogue& dialogue, const std::string& line) {
    if (line.starts_with("S: ")) return dialogue.received(line.substr(3) + "\r\n");
    if (line == "TLS") return dialogue.tls_established();
    if (line == "CLOSED") return dialogue.closed("connection closed");
    if (line == "TIMEOUT") return dialogue.timed_out(std::chrono::seconds(10));
    FAIL("not a transcript line: " << line);
    return {};
}

// Plays `transcript` (leading newline ignored) on a connected dialogue; returns the transcript made.
std::string play(SmtpDialogue& dialogue, std::string_view transcript) {
    if (transcript.starts_with('\n')) transcript.remove_prefix(1);
    REQUIRE(dialogue.connected().action == Action::wait);
    std::istringstream lines{std::string(transcript)};
    std::string made;
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("C: ") || line.starts_with("-> ")) continue;  // the dialogue's own lines
        made += line + "\n";
        made += describe(feed(dialogue, line));
    }
    return made;
}

// Plays `transcript` and checks that the dialogue made exactly that transcript.
void check_transcript(SmtpDialogue& dialogue, std::string_view transcript) {
    if (transcript.starts_with('\n')) transcript.remove_prefix(1);
    CHECK(play(dialogue, transcript) == transcript);
}

// Checks that the session ended with this error, in this stage.
void check_failed(const SmtpDialogue& dialogue, NetErrorKind kind, const std::string& detail, Stage stage) {
    const SmtpDialogue::Outcome& got = dialogue.outcome();
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == kind);
    CHECK(got.error->detail == detail);
    CHECK(got.stage == stage);
    CHECK(dialogue.finished());
}

// Checks that the session failed only after TLS (the TLS facts stand), with this error.
void check_failed_after_tls(const SmtpDialogue& dialogue, NetErrorKind kind, const std::string& detail, Stage stage) {
    const SmtpDialogue::Outcome& got = dialogue.outcome();
    CHECK_FALSE(got.error.has_value());
    REQUIRE(got.after_tls_error.has_value());
    CHECK(got.after_tls_error->kind == kind);
    CHECK(got.after_tls_error->detail == detail);
    CHECK(got.stage == stage);
}

// A session that got as far as asking for STARTTLS.
const std::string k_up_to_starttls = R"(
S: 220 mx.example.test ESMTP
C: EHLO checker.test
S: 250-mx.example.test
S: 250 STARTTLS
C: STARTTLS
)";

// A session that got as far as the TLS handshake.
const std::string k_up_to_tls = k_up_to_starttls + "S: 220 2.0.0 ready\n-> start TLS\n";

}  // namespace

TEST_CASE("a good session: greeting, EHLO, STARTTLS, handshake, second EHLO, QUIT") {
    SmtpDialogue dialogue = main_session();
    const std::string transcript = k_up_to_tls + R"(TLS
C: EHLO checker.test
S: 250-mx.example.test after TLS
S: 250 8BITMIME
C: QUIT (last)
)";
    check_transcript(dialogue, transcript);
    const SmtpDialogue::Outcome& got = dialogue.outcome();
    CHECK_FALSE(got.error.has_value());
    CHECK(got.stage == Stage::quit);
    CHECK(got.greeting == "mx.example.test ESMTP");
    CHECK(got.starttls_offered);
    CHECK(got.ehlo_lines == std::vector<std::string>{"mx.example.test", "STARTTLS"});
    CHECK(got.ehlo_lines_after_tls == std::vector<std::string>{"mx.example.test after TLS", "8BITMIME"});
    CHECK_FALSE(got.after_tls_error.has_value());
}

TEST_CASE("a multi-line 220- greeting is read to its last line and joined") {
    SmtpDialogue dialogue = main_session();
    const std::string_view transcript = R"(
S: 220-mx.example.test ESMTP
S: 220-second line
S: 220 third line
C: EHLO checker.test
)";
    check_transcript(dialogue, transcript);
    CHECK(dialogue.outcome().greeting == "mx.example.test ESMTP\nsecond line\nthird line");
    CHECK(dialogue.stage() == Stage::ehlo);
}

TEST_CASE("a refusing reply (421 or 554 greeting, refused EHLO) is smtp_reply with its code, QUIT in passing") {
    struct Row {
        std::string transcript;
        std::string detail;
        int code;
        Stage stage;
    };
    const std::vector<Row> rows{
        {"S: 421 4.3.2 too busy, try later\n-> finish, QUIT in passing\n", "421 4.3.2 too busy, try later", 421,
         Stage::greeting},
        {"S: 554 5.7.1 no service for you\n-> finish, QUIT in passing\n", "554 5.7.1 no service for you", 554,
         Stage::greeting},
        {"S: 220 mx\nC: EHLO checker.test\nS: 502 5.5.1 no EHLO here\n-> finish, QUIT in passing\n",
         "502 5.5.1 no EHLO here", 502, Stage::ehlo},
    };
    for (const Row& row : rows) {
        SmtpDialogue dialogue = main_session();
        check_transcript(dialogue, row.transcript);
        check_failed(dialogue, NetErrorKind::smtp_reply, row.detail, row.stage);
        CHECK(dialogue.outcome().reply_code == row.code);
    }
}

TEST_CASE("an EHLO reply without STARTTLS ends the session in the ehlo stage") {
    SmtpDialogue dialogue = main_session();
    const std::string_view transcript = R"(
S: 220 mx.example.test ESMTP
C: EHLO checker.test
S: 250-STARTTLS is the server name here, not an extension
S: 250-PIPELINING
S: 250 8BITMIME
-> finish, QUIT in passing
)";
    check_transcript(dialogue, transcript);
    check_failed(dialogue, NetErrorKind::starttls_not_offered, "EHLO reply has no STARTTLS", Stage::ehlo);
    CHECK_FALSE(dialogue.outcome().starttls_offered);
    CHECK(dialogue.outcome().ehlo_lines.size() == 3);
}

TEST_CASE("the STARTTLS keyword is matched without regard to case, parameters after it ignored") {
    SmtpDialogue dialogue = main_session();
    const std::string_view transcript = R"(
S: 220 mx.example.test ESMTP
C: EHLO checker.test
S: 250-mx.example.test
S: 250 starttls whatever
C: STARTTLS
)";
    check_transcript(dialogue, transcript);
    CHECK(dialogue.outcome().starttls_offered);
}

TEST_CASE("STARTTLS answered with 454 is starttls_refused with the code and text") {
    SmtpDialogue dialogue = main_session();
    const std::string transcript =
        k_up_to_starttls + "S: 454 4.7.0 TLS not available due to local problem\n-> finish, QUIT in passing\n";
    check_transcript(dialogue, transcript);
    check_failed(dialogue, NetErrorKind::starttls_refused, "454 4.7.0 TLS not available due to local problem",
                 Stage::starttls);
    CHECK(dialogue.outcome().reply_code == 454);
}

TEST_CASE("a refused EHLO after TLS is kept apart from the error, and QUIT is still said") {
    SmtpDialogue dialogue = main_session();
    const std::string transcript = k_up_to_tls + R"(TLS
C: EHLO checker.test
S: 421 4.7.0 go away
C: QUIT (last)
S: 221 bye
-> finish
)";
    check_transcript(dialogue, transcript);
    check_failed_after_tls(dialogue, NetErrorKind::smtp_reply, "421 4.7.0 go away", Stage::quit);
    CHECK(dialogue.outcome().ehlo_lines_after_tls.empty());
}

TEST_CASE("a connection closed after TLS, before the second EHLO reply, is an after-TLS error") {
    SmtpDialogue dialogue = main_session();
    const std::string transcript = k_up_to_tls + R"(TLS
C: EHLO checker.test
CLOSED
-> finish
)";
    check_transcript(dialogue, transcript);
    check_failed_after_tls(dialogue, NetErrorKind::closed_early, "connection closed after TLS", Stage::ehlo_after_tls);
}

TEST_CASE("no second EHLO reply in time is an after-TLS timeout") {
    SmtpDialogue dialogue = main_session();
    play(dialogue, k_up_to_tls + "TLS\nTIMEOUT\n");
    check_failed_after_tls(dialogue, NetErrorKind::timeout, "no EHLO reply after TLS within 10 s",
                           Stage::ehlo_after_tls);
}

TEST_CASE("an extra session ends right after its handshake, in the done stage") {
    SmtpDialogue dialogue(k_ehlo_name, {}, SmtpDialogue::AfterHandshake::end);
    const std::string transcript = k_up_to_tls + "TLS\n-> finish\n";
    check_transcript(dialogue, transcript);
    CHECK_FALSE(dialogue.outcome().error.has_value());
    CHECK(dialogue.stage() == Stage::done);
}

TEST_CASE("after QUIT, a close or the time running out ends the session without an error") {
    for (const char* end : {"CLOSED\n", "TIMEOUT\n"}) {
        SmtpDialogue dialogue = main_session();
        play(dialogue, k_up_to_tls + "TLS\nS: 250 ok\n" + end);
        CHECK(dialogue.finished());
        CHECK_FALSE(dialogue.outcome().error.has_value());
        CHECK_FALSE(dialogue.outcome().after_tls_error.has_value());
    }
}

TEST_CASE("a close before TLS is closed_early during the stage it happened in") {
    SmtpDialogue dialogue = main_session();
    const std::string_view transcript = R"(
S: 220 mx.example.test ESMTP
C: EHLO checker.test
CLOSED
-> finish
)";
    check_transcript(dialogue, transcript);
    check_failed(dialogue, NetErrorKind::closed_early, "connection closed during ehlo", Stage::ehlo);
}

TEST_CASE("each stage's timeout has its own kind and words") {
    struct Row {
        std::string before;
        NetErrorKind kind;
        std::string detail;
        Stage stage;
    };
    const std::vector<Row> rows{
        {"", NetErrorKind::greeting_timeout, "no complete greeting within 10 s", Stage::greeting},
        {"S: 220 mx\n", NetErrorKind::timeout, "no complete EHLO reply within 10 s", Stage::ehlo},
        {"S: 220 mx\nS: 250-mx\nS: 250 STARTTLS\n", NetErrorKind::timeout, "no STARTTLS reply within 10 s",
         Stage::starttls},
        {k_up_to_tls, NetErrorKind::timeout, "TLS handshake not complete within 10 s",
         Stage::handshake},
    };
    for (const Row& row : rows) {
        SmtpDialogue dialogue = main_session();
        play(dialogue, row.before + "TIMEOUT\n");
        check_failed(dialogue, row.kind, row.detail, row.stage);
    }
    SmtpDialogue unconnected = main_session();
    CHECK(unconnected.timed_out(std::chrono::seconds(10)).action == Action::finish);
    check_failed(unconnected, NetErrorKind::connect_timeout, "no TCP connection within 10 s", Stage::connect);
}

TEST_CASE("garbage before the greeting is not an SMTP reply") {
    SmtpDialogue dialogue = main_session();
    const std::string_view transcript = R"(
S: HTTP/1.1 400 Bad Request
-> finish
)";
    check_transcript(dialogue, transcript);
    check_failed(dialogue, NetErrorKind::protocol_garbage, "not an SMTP reply: HTTP/1.1 400 Bad Request",
                 Stage::greeting);
}

TEST_CASE("a reply whose code changes between its lines is garbage") {
    SmtpDialogue dialogue = main_session();
    play(dialogue, "S: 220-mx.example.test\nS: 250 not the same reply\n");
    check_failed(dialogue, NetErrorKind::protocol_garbage, "reply code changed inside a reply: 250 not the same reply",
                 Stage::greeting);
}

TEST_CASE("bytes pipelined behind a reply that moves the session on are dropped") {
    SmtpDialogue dialogue = main_session();
    REQUIRE(dialogue.connected().action == Action::wait);
    // An early "250" in the greeting's read does not pass for the EHLO reply.
    CHECK(dialogue.received("220 mx.example.test\r\n250 early\r\n").command == "EHLO checker.test");
    CHECK(dialogue.received("250-mx.example.test\r\n250 STARTTLS\r\n").command == "STARTTLS");
    CHECK(dialogue.outcome().ehlo_lines == std::vector<std::string>{"mx.example.test", "STARTTLS"});
    // RFC 3207 §4.2: bytes sent before the handshake are not read as protected data.
    CHECK(dialogue.received("220 ready\r\n250 injected\r\n").action == Action::start_tls);
    CHECK(dialogue.tls_established().command == "EHLO checker.test");
    CHECK(dialogue.received("250 after TLS\r\n").action == Action::send_last);
    CHECK(dialogue.outcome().ehlo_lines_after_tls == std::vector<std::string>{"after TLS"});
}

TEST_CASE("a reply trickled byte by byte is assembled, and moves on only at its last byte") {
    SmtpDialogue dialogue = main_session();
    REQUIRE(dialogue.connected().action == Action::wait);
    const std::string greeting = "220-mx.example.test ESMTP\r\n220 second line\r\n";
    for (std::size_t i = 0; i + 1 < greeting.size(); ++i) {
        REQUIRE(dialogue.received(greeting.substr(i, 1)).action == Action::wait);
    }
    const SmtpDialogue::Step step = dialogue.received(greeting.substr(greeting.size() - 1));
    CHECK(step.action == Action::send);
    CHECK(step.command == "EHLO checker.test");
    CHECK(dialogue.outcome().greeting == "mx.example.test ESMTP\nsecond line");
}

TEST_CASE("a line without CR, a bare code and non-printable text are read as the probe always did") {
    SmtpDialogue dialogue = main_session();
    REQUIRE(dialogue.connected().action == Action::wait);
    CHECK(dialogue.received("220-mx\n220-caf\xc3\xa9\x01\r\n220\r\n").action == Action::send);
    CHECK(dialogue.outcome().greeting == "mx\ncaf???\n");
}

TEST_CASE("flood caps: a line too long, with or without its end, too many lines, too many bytes") {
    const SmtpDialogue::Limits small{.max_line = 20, .max_lines = 3, .max_bytes = 100};
    const auto error_after = [&](const std::string& bytes) {
        SmtpDialogue dialogue = main_session(small);
        REQUIRE(dialogue.connected().action == Action::wait);
        const SmtpDialogue::Step step = dialogue.received(bytes);
        CHECK(step.action == Action::finish);
        REQUIRE(dialogue.outcome().error.has_value());
        CHECK(dialogue.outcome().error->kind == NetErrorKind::protocol_garbage);
        return dialogue.outcome().error->detail;
    };
    CHECK(error_after("220 " + std::string(17, 'x') + "\r\n") == "reply line longer than 20");
    CHECK(error_after(std::string(21, 'x')) == "reply line longer than 20");
    CHECK(error_after("220-a\r\n220-b\r\n220-c\r\n220 d\r\n") == "reply longer than 3 lines");
    CHECK(error_after(std::string(101, '\n')) == "server sent more than 100 bytes");

    SmtpDialogue at_the_edge = main_session(small);
    REQUIRE(at_the_edge.connected().action == Action::wait);
    CHECK(at_the_edge.received("220 " + std::string(16, 'x') + "\r\n").action == Action::send);
    CHECK(at_the_edge.received(std::string(20, 'x')).action == Action::wait);
}

TEST_CASE("the byte cap counts every byte of the session, across reads") {
    SmtpDialogue dialogue = main_session({.max_line = 2048, .max_lines = 100, .max_bytes = 30});
    REQUIRE(dialogue.connected().action == Action::wait);
    CHECK(dialogue.received("220 mx.example.test\r\n").action == Action::send);
    CHECK(dialogue.received("250-mx.example.test\r\n").action == Action::finish);
    check_failed(dialogue, NetErrorKind::protocol_garbage, "server sent more than 30 bytes", Stage::ehlo);
}

TEST_CASE("a connection failure ends the session in its stage, and later events change nothing") {
    SmtpDialogue dialogue = main_session();
    CHECK(dialogue.failed({NetErrorKind::connect_refused, "Connection refused"}).action == Action::finish);
    CHECK(dialogue.received("220 mx\r\n").action == Action::finish);
    CHECK(dialogue.timed_out(std::chrono::milliseconds(2500)).action == Action::finish);
    check_failed(dialogue, NetErrorKind::connect_refused, "Connection refused", Stage::connect);
    CHECK(dialogue.outcome().greeting.empty());
}
