// SmtpProber (nonblocking SMTP + OpenSSL on the loop) against fake_smtp.py: one scenario per
// address 127.0.1.N, all on one port.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>

#include "fake_server.hpp"
#include "mtasts/net/smtp_probe.hpp"

using namespace mtasts::net;
using mtasts::net::testing::FakeServer;
using mtasts::net::testing::test_pki_dir;

namespace {

FakeServer& smtp_server() {
    static FakeServer server{"fake_smtp.py", {test_pki_dir()}};
    return server;
}

SmtpConfig quick_config() {
    SmtpConfig config;
    config.port = static_cast<unsigned>(smtp_server().port());
    config.ca_file = test_pki_dir() + "/ca.pem";
    config.connect_timeout = std::chrono::milliseconds(1000);
    config.greeting_timeout = std::chrono::milliseconds(1500);
    config.command_timeout = std::chrono::milliseconds(2000);
    config.handshake_timeout = std::chrono::milliseconds(2000);
    return config;
}

SmtpProbeResult probe(const std::string& ip, SmtpConfig config = quick_config(),
                      const std::string& host = "mx.example.test", ProbeVariant variant = {}) {
    Loop loop;
    SmtpProber prober(loop, config);
    std::optional<SmtpProbeResult> result;
    prober.probe(host, ip, variant, [&](const SmtpProbeResult& got) { result = got; });
    loop.run();
    REQUIRE(result.has_value());
    return *result;
}

constexpr ProbeVariant k_no_sni{.send_sni = false, .legacy_tls = false};
constexpr ProbeVariant k_legacy{.send_sni = true, .legacy_tls = true};

bool has_line(const std::vector<std::string>& lines, const std::string& wanted) {
    return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

}  // namespace

TEST_CASE("a good STARTTLS MX: every stage, TLS facts, second EHLO") {
    const SmtpProbeResult got = probe("127.0.1.1");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.stage == SmtpStage::done);
    CHECK(got.greeting == "mx.example.test ESMTP fake\nsecond greeting line");
    CHECK(got.starttls_offered);
    CHECK(has_line(got.ehlo_lines, "STARTTLS"));
    CHECK(got.tls_version == "TLSv1.3");
    CHECK(got.cipher.has_value());
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == true);
    CHECK(has_line(got.cert->san, "mx.example.test"));
    CHECK(has_line(got.ehlo_lines_after_tls, "mx.example.test after TLS"));
    CHECK(has_line(got.ehlo_lines_after_tls, "X-SEEN-SNI mx.example.test"));
    CHECK_FALSE(has_line(got.ehlo_lines_after_tls, "STARTTLS"));
    CHECK_FALSE(got.after_tls_error.has_value());
}

TEST_CASE("the same MX over IPv6 loopback") {
    const SmtpProbeResult got = probe("::1");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.stage == SmtpStage::done);
}

TEST_CASE("no STARTTLS in the EHLO reply") {
    const SmtpProbeResult got = probe("127.0.1.2");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::starttls_not_offered);
    CHECK(got.stage == SmtpStage::ehlo);
    CHECK_FALSE(got.starttls_offered);
    CHECK(has_line(got.ehlo_lines, "8BITMIME"));
}

TEST_CASE("STARTTLS answered with 454") {
    const SmtpProbeResult got = probe("127.0.1.3");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::starttls_refused);
    CHECK(got.reply_code == 454);
    CHECK(got.error->detail.find("TLS not available") != std::string::npos);
    CHECK(got.stage == SmtpStage::starttls);
}

TEST_CASE("a 554 greeting is an SMTP reply error") {
    const SmtpProbeResult got = probe("127.0.1.4");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::smtp_reply);
    CHECK(got.reply_code == 554);
    CHECK(got.stage == SmtpStage::greeting);
}

TEST_CASE("a greeting that is not SMTP is garbage") {
    const SmtpProbeResult got = probe("127.0.1.5");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::protocol_garbage);
    CHECK(got.error->detail.find("HTTP/1.1 400") != std::string::npos);
}

TEST_CASE("a server that closes at once closed early") {
    const SmtpProbeResult got = probe("127.0.1.6");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::closed_early);
    CHECK(got.stage == SmtpStage::greeting);
}

TEST_CASE("a slow greeting hits the greeting timeout") {
    const SmtpProbeResult got = probe("127.0.1.7");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::greeting_timeout);
}

TEST_CASE("a longer greeting timeout waits for a slow greeting") {
    SmtpConfig patient = quick_config();
    patient.greeting_timeout = std::chrono::milliseconds(6000);
    const SmtpProbeResult got = probe("127.0.1.7", patient);
    CHECK_FALSE(got.error.has_value());
    CHECK(got.stage == SmtpStage::done);
}

TEST_CASE("one byte a second cannot hold the probe past the phase timeout") {
    const SmtpProbeResult got = probe("127.0.1.8");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::greeting_timeout);
    CHECK(got.elapsed_ms < 5000);
}

TEST_CASE("megabytes without a newline stop at the line cap") {
    const SmtpProbeResult got = probe("127.0.1.9");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::protocol_garbage);
    CHECK(got.error->detail.find("line longer") != std::string::npos);
}

TEST_CASE("an endless multi-line reply stops at the line count cap") {
    const SmtpProbeResult got = probe("127.0.1.10");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::protocol_garbage);
    CHECK(got.error->detail.find("lines") != std::string::npos);
}

TEST_CASE("the total byte cap stops a flood of lines") {
    SmtpConfig config = quick_config();
    config.max_lines = 100000;
    const SmtpProbeResult got = probe("127.0.1.10", config);
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::protocol_garbage);
    CHECK(got.error->detail.find("more than 65536 bytes") != std::string::npos);
}

TEST_CASE("a TLS 1.0-only MX is seen and its version reported") {
    const SmtpProbeResult got = probe("127.0.1.11");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.stage == SmtpStage::done);
    CHECK(got.tls_version == "TLSv1");
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == true);
}

TEST_CASE("a self-signed MX certificate is reported untrusted, the probe completes") {
    const SmtpProbeResult got = probe("127.0.1.12");
    CHECK_FALSE(got.error.has_value());
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == false);
    CHECK(got.cert->chain_error.has_value());
}

TEST_CASE("a drop after the post-TLS EHLO is reported apart from the TLS facts") {
    const SmtpProbeResult got = probe("127.0.1.13");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.stage == SmtpStage::done);
    CHECK(got.tls_version.has_value());
    REQUIRE(got.after_tls_error.has_value());
    CHECK(got.after_tls_error->kind == NetErrorKind::closed_early);
}

TEST_CASE("nothing listening: connection refused") {
    const SmtpProbeResult got = probe("127.0.1.99");
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::connect_refused);
    CHECK(got.stage == SmtpStage::connect);
}

// Probes a.mx.test at `ip`, then, once that is over, b.mx.test at the same address with
// `second_variant`; both results, and the prober's session counts.
std::pair<std::vector<SmtpProbeResult>, mtasts::model::SessionCounts> one_after_the_other(
    const std::string& ip, ProbeVariant second_variant, const SmtpConfig& config = quick_config()) {
    Loop loop;
    SmtpProber prober(loop, config);
    std::vector<SmtpProbeResult> results;
    prober.probe("a.mx.test", ip, [&](const SmtpProbeResult& first) {
        results.push_back(first);
        prober.probe("b.mx.test", ip, second_variant, [&](const SmtpProbeResult& second) { results.push_back(second); });
    });
    loop.run();
    REQUIRE(results.size() == 2);
    REQUIRE(results[0].error.has_value());
    REQUIRE(results[1].error.has_value());
    CHECK(results[1].elapsed_ms == 0);
    return {results, prober.counts()};
}

TEST_CASE("a silent address times out once and is not dialled again") {
    const auto [results, counts] = one_after_the_other("127.0.1.16", {});
    CHECK(results[0].error->kind == NetErrorKind::connect_timeout);
    CHECK(results[1].error->kind == NetErrorKind::connect_timeout);
    CHECK(results[1].error->detail.find("not dialled again") != std::string::npos);
    CHECK(counts.made == 1);
}

TEST_CASE("an address that never greets is waited out once, under any host name") {
    const auto [results, counts] = one_after_the_other("127.0.1.7", k_no_sni);
    CHECK(results[0].error->kind == NetErrorKind::greeting_timeout);
    CHECK(results[1].error->kind == NetErrorKind::greeting_timeout);
    CHECK(results[1].error->detail ==
          "not dialled again: an earlier session to this address got no complete greeting within 1.5 s");
    CHECK(counts.made == 1);
}

TEST_CASE("a session to an address known silent takes no --max-rate turn") {
    SmtpConfig slow_rate = quick_config();
    slow_rate.pacing.per_second = 0.1;  // a turn every 10 s: the second session would wait for one
    const auto [results, counts] = one_after_the_other("127.0.1.7", k_no_sni, slow_rate);
    CHECK(results[1].error->detail.starts_with("not dialled again"));
    CHECK(counts.made == 1);
    CHECK(counts.waited == 0);
}

TEST_CASE("sessions queued for a turn at a silent address end when it is found silent") {
    Loop loop;
    SmtpConfig one_at_a_time = quick_config();
    one_at_a_time.pacing.per_host = 1;
    SmtpProber prober(loop, one_at_a_time);
    std::vector<SmtpProbeResult> results;
    const auto record = [&](const SmtpProbeResult& got) { results.push_back(got); };
    for (const char* host : {"a.mx.test", "b.mx.test", "c.mx.test"}) prober.probe(host, "127.0.1.7", record);
    loop.run();
    REQUIRE(results.size() == 3);
    for (const SmtpProbeResult& got : results) {
        REQUIRE(got.error.has_value());
        CHECK(got.error->kind == NetErrorKind::greeting_timeout);
    }
    // One waited out the greeting; the two behind it in the queue did not dial.
    CHECK(prober.counts().made == 1);
    CHECK(results[1].error->detail.starts_with("not dialled again"));
    CHECK(results[2].error->detail.starts_with("not dialled again"));
}

TEST_CASE("the same probe requested twice, even in flight, is made once") {
    Loop loop;
    SmtpProber prober(loop, quick_config());
    std::vector<const SmtpProbeResult*> seen;
    int calls = 0;
    const auto record = [&](const SmtpProbeResult& got) {
        seen.push_back(&got);
        ++calls;
    };
    prober.probe("mx.example.test", "127.0.1.14", record);
    prober.probe("mx.example.test", "127.0.1.14", record);
    loop.run();
    prober.probe("mx.example.test", "127.0.1.14", record);
    loop.run();
    CHECK(calls == 3);
    REQUIRE(seen.size() == 3);
    // One stored result handed to every requester: the same object, so one connection.
    CHECK(seen[0] == seen[1]);
    CHECK(seen[1] == seen[2]);
    CHECK(seen[0]->stage == SmtpStage::done);
}

TEST_CASE("the no-SNI session: refused by a server that requires SNI, accepted by one that does not") {
    const SmtpProbeResult main = probe("127.0.1.18");
    CHECK_FALSE(main.error.has_value());
    CHECK(main.stage == SmtpStage::done);

    const SmtpProbeResult refused = probe("127.0.1.18", quick_config(), "mx.example.test", k_no_sni);
    REQUIRE(refused.error.has_value());
    CHECK(refused.error->kind == NetErrorKind::tls_handshake_failed);
    CHECK(refused.stage == SmtpStage::handshake);
    CHECK(refused.variant == k_no_sni);

    const SmtpProbeResult accepted = probe("127.0.1.1", quick_config(), "mx.example.test", k_no_sni);
    CHECK_FALSE(accepted.error.has_value());
    CHECK(accepted.stage == SmtpStage::done);
    CHECK(accepted.tls_version == "TLSv1.3");
    // An extra session ends after its handshake: no certificate facts, no second EHLO.
    CHECK_FALSE(accepted.cert.has_value());
    CHECK(accepted.ehlo_lines_after_tls.empty());
}

TEST_CASE("the legacy session offers TLS 1.1 at most") {
    const SmtpProbeResult accepted = probe("127.0.1.19", quick_config(), "mx.example.test", k_legacy);
    CHECK_FALSE(accepted.error.has_value());
    CHECK(accepted.stage == SmtpStage::done);
    CHECK(accepted.tls_version == "TLSv1.1");
    // The same server negotiates TLS 1.3 with the main session.
    CHECK(probe("127.0.1.19").tls_version == "TLSv1.3");

    const SmtpProbeResult refused = probe("127.0.1.1", quick_config(), "mx.example.test", k_legacy);
    REQUIRE(refused.error.has_value());
    CHECK((refused.error->kind == NetErrorKind::tls_handshake_failed ||
           refused.error->kind == NetErrorKind::tls_version_too_old));
    CHECK(refused.stage == SmtpStage::handshake);
}

TEST_CASE("variants of one address are separate sessions and a timed-out address is dialled once") {
    Loop loop;
    SmtpProber prober(loop, quick_config());
    std::vector<SmtpProbeResult> results;
    const auto record = [&](const SmtpProbeResult& got) { results.push_back(got); };
    prober.probe("mx.example.test", "127.0.1.1", record);
    prober.probe("mx.example.test", "127.0.1.1", k_no_sni, record);
    prober.probe("mx.example.test", "127.0.1.1", k_legacy, record);
    loop.run();
    REQUIRE(results.size() == 3);
    CHECK(std::ranges::count_if(results, [](const SmtpProbeResult& r) { return r.cert.has_value(); }) == 1);
    const auto legacy_refused = [](const SmtpProbeResult& r) { return r.variant == k_legacy && r.error; };
    CHECK(std::ranges::count_if(results, legacy_refused) == 1);

    results.clear();
    prober.probe("a.mx.test", "127.0.1.16", [&](const SmtpProbeResult& first) {
        results.push_back(first);
        prober.probe("a.mx.test", "127.0.1.16", k_no_sni, record);
    });
    loop.run();
    REQUIRE(results.size() == 2);
    REQUIRE(results[1].error.has_value());
    CHECK(results[1].error->kind == NetErrorKind::connect_timeout);
    CHECK(results[1].elapsed_ms == 0);
}
