// PolicyFetcher (libcurl multi on the loop) against fake_https.py on 127.0.0.x: each GET fills
// a model::PolicyFetch.
#include <catch2/catch.hpp>
#include <optional>

#include "fake_server.hpp"
#include "mtasts/net/https.hpp"

using namespace mtasts::net;
using mtasts::model::NetErrorKind;
using mtasts::model::PolicyFetch;
using mtasts::net::testing::FakeServer;
using mtasts::net::testing::test_pki_dir;

namespace {

constexpr const char* k_address = "127.0.0.61";

// The policy URL of `host` on the fake server's port (the scenario is the host name).
std::string policy_url(const std::string& host, int port) {
    return "https://" + host + ":" + std::to_string(port) + "/.well-known/mta-sts.txt";
}

struct HttpsFixture {
    FakeServer server{"fake_https.py", {k_address, test_pki_dir()}};
    Loop loop;
    HttpsConfig config() const {
        HttpsConfig made;
        made.ca_file = test_pki_dir() + "/ca.pem";
        made.timeout = std::chrono::milliseconds(3000);
        return made;
    }

    PolicyFetch fetch(const std::string& host, std::optional<HttpsConfig> custom = std::nullopt) {
        PolicyFetcher fetcher(loop, custom.value_or(config()));
        std::optional<PolicyFetch> result;
        fetcher.fetch_one(policy_url(host, server.port()), k_address, [&](PolicyFetch fetched) { result = std::move(fetched); });
        loop.run();
        REQUIRE(result.has_value());
        return *result;
    }
};

}  // namespace

TEST_CASE_METHOD(HttpsFixture, "a 200 text/plain policy with headers, TLS and trusted certificate facts") {
    const PolicyFetch got = fetch("mta-sts.ok.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.status == 200);
    CHECK(got.content_type == "text/plain; charset=utf-8");
    CHECK(got.cache_control == "max-age=60");
    CHECK(got.age == 5);
    CHECK(got.body.starts_with("version: STSv1\r\n"));
    CHECK(got.body_bytes == got.body.size());
    CHECK(got.ip == k_address);
    CHECK(got.tls_version == "TLSv1.3");
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == true);
    CHECK_FALSE(got.cert->chain_error.has_value());
    CHECK(got.cert->issuer == "CN=mta-sts-check test CA");
    CHECK(std::find(got.cert->san.begin(), got.cert->san.end(), "mta-sts.ok.test") != got.cert->san.end());
    REQUIRE(got.cert->not_before.has_value());
    REQUIRE(got.cert->not_after.has_value());
    CHECK(*got.cert->not_after - *got.cert->not_before == 30 * 86400);
}

TEST_CASE_METHOD(HttpsFixture, "a redirect is reported with its Location, never followed") {
    const PolicyFetch got = fetch("mta-sts.redirect.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.status == 301);
    CHECK(got.location == "https://www.redirect.test/.well-known/mta-sts.txt");
}

TEST_CASE_METHOD(HttpsFixture, "a 404 is a status, not an error") {
    const PolicyFetch got = fetch("mta-sts.missing.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.status == 404);
    CHECK(got.content_type == "text/html");
}

TEST_CASE_METHOD(HttpsFixture, "a 1xx response's headers do not count; the first of each header does") {
    const PolicyFetch got = fetch("mta-sts.early-hints.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.status == 200);
    CHECK(got.content_type == "text/plain");
    CHECK_FALSE(got.age.has_value());
    CHECK_FALSE(got.cache_control.has_value());
}

TEST_CASE_METHOD(HttpsFixture, "a 10 MB body stops at the 64 KiB cap, which is still an answer") {
    const PolicyFetch got = fetch("mta-sts.huge.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.too_large);
    CHECK(got.body.size() == 65536);
    CHECK(got.body_bytes > 65536);
    CHECK(got.body_bytes < 1024 * 1024);
    CHECK(got.status == 200);
}

TEST_CASE_METHOD(HttpsFixture, "the cap applies to the decoded body of a gzip answer") {
    const PolicyFetch got = fetch("mta-sts.gzip.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.too_large);
    CHECK(got.body.size() == 65536);
    const PolicyFetch small = fetch("mta-sts.small-gzip.test");
    CHECK_FALSE(small.error.has_value());
    CHECK(small.body.starts_with("version: STSv1\r\n"));
}

TEST_CASE_METHOD(HttpsFixture, "65536 bytes pass, 65537 bytes are too large") {
    const PolicyFetch exact = fetch("mta-sts.exact.test");
    CHECK_FALSE(exact.error.has_value());
    CHECK(exact.body.size() == 65536);
    CHECK_FALSE(exact.too_large);
    const PolicyFetch over = fetch("mta-sts.over.test");
    CHECK_FALSE(over.error.has_value());
    CHECK(over.too_large);
    CHECK(over.body_bytes == 65537);
}

TEST_CASE_METHOD(HttpsFixture, "a self-signed certificate still yields the policy and its facts") {
    const PolicyFetch got = fetch("mta-sts.selfsigned.test");
    CHECK_FALSE(got.error.has_value());
    CHECK(got.status == 200);
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == false);
    CHECK(got.cert->chain_error.has_value());
    CHECK(got.cert->subject == "CN=mta-sts.selfsigned.test");
}

TEST_CASE_METHOD(HttpsFixture, "a wrong-name certificate is reported with its SANs (matching is src/rfc's)") {
    const PolicyFetch got = fetch("mta-sts.wrongname.test");
    CHECK_FALSE(got.error.has_value());
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == true);
    CHECK(got.cert->san == std::vector<std::string>{"www.other.test"});
    CHECK_FALSE(got.cert->name_match.has_value());
}

TEST_CASE_METHOD(HttpsFixture, "without the test CA the chain is untrusted") {
    HttpsConfig no_ca = config();
    no_ca.ca_file.reset();
    const PolicyFetch got = fetch("mta-sts.ok.test", no_ca);
    CHECK_FALSE(got.error.has_value());
    REQUIRE(got.cert.has_value());
    CHECK(got.cert->trusted == false);
}

TEST_CASE_METHOD(HttpsFixture, "a slow server times out") {
    HttpsConfig quick = config();
    quick.timeout = std::chrono::milliseconds(800);
    const PolicyFetch got = fetch("mta-sts.slow.test", quick);
    REQUIRE(got.error.has_value());
    CHECK(got.error->kind == NetErrorKind::timeout);
    CHECK_FALSE(got.status.has_value());
    CHECK(got.cert.has_value());
}

TEST_CASE_METHOD(HttpsFixture, "every given address is fetched, results in the order given") {
    PolicyFetcher fetcher(loop, config());
    std::vector<PolicyFetch> results;
    fetcher.fetch(policy_url("mta-sts.ok.test", server.port()), {k_address, "127.0.0.62"},
                  [&](std::vector<PolicyFetch> got) { results = std::move(got); });
    loop.run();
    REQUIRE(results.size() == 2);
    CHECK(results[0].ip == k_address);
    CHECK(results[0].status == 200);
    CHECK(results[1].ip == "127.0.0.62");
    REQUIRE(results[1].error.has_value());
    CHECK(results[1].error->kind == NetErrorKind::connect_refused);
}

TEST_CASE("a TLS 1.0-only policy host is seen and its version reported") {
    FakeServer server{"fake_https.py", {"127.0.0.63", test_pki_dir(), "--tls1-only"}};
    Loop loop;
    HttpsConfig config;
    config.ca_file = test_pki_dir() + "/ca.pem";
    PolicyFetcher fetcher(loop, config);
    std::optional<PolicyFetch> result;
    fetcher.fetch_one(policy_url("mta-sts.ok.test", server.port()), "127.0.0.63",
                      [&](PolicyFetch got) { result = std::move(got); });
    loop.run();
    REQUIRE(result.has_value());
    CHECK_FALSE(result->error.has_value());
    CHECK(result->tls_version == "TLSv1");
    CHECK(result->status == 200);
}

TEST_CASE("IPv6 address, TLS handshake failure and connect timeout are told apart") {
    FakeServer https6{"fake_https.py", {"::1", test_pki_dir()}};
    FakeServer smtp{"fake_smtp.py", {test_pki_dir()}};
    Loop loop;
    HttpsConfig config;
    config.ca_file = test_pki_dir() + "/ca.pem";
    config.connect_timeout = std::chrono::milliseconds(800);
    PolicyFetcher fetcher(loop, config);
    std::optional<PolicyFetch> v6;
    std::optional<PolicyFetch> plaintext;
    std::optional<PolicyFetch> silent;
    fetcher.fetch_one(policy_url("mta-sts.ok.test", https6.port()), "::1", [&](PolicyFetch got) { v6 = std::move(got); });
    // 127.0.1.1 speaks SMTP, not TLS; 127.0.1.16 never completes a TCP handshake.
    const std::string to_smtp = policy_url("mta-sts.ok.test", smtp.port());
    fetcher.fetch_one(to_smtp, "127.0.1.1", [&](PolicyFetch got) { plaintext = std::move(got); });
    fetcher.fetch_one(to_smtp, "127.0.1.16", [&](PolicyFetch got) { silent = std::move(got); });
    loop.run();
    REQUIRE(v6.has_value());
    CHECK_FALSE(v6->error.has_value());
    CHECK(v6->status == 200);
    CHECK(v6->ip == "::1");
    REQUIRE(plaintext.has_value());
    REQUIRE(plaintext->error.has_value());
    CHECK(plaintext->error->kind == NetErrorKind::tls_handshake_failed);
    CHECK_FALSE(plaintext->error->detail.empty());
    REQUIRE(silent.has_value());
    REQUIRE(silent->error.has_value());
    CHECK(silent->error->kind == NetErrorKind::connect_timeout);
}

TEST_CASE("an unreadable CA file is a tool failure") {
    Loop loop;
    HttpsConfig config;
    config.ca_file = "/nonexistent/ca.pem";
    CHECK_THROWS_AS((PolicyFetcher{loop, config}), std::runtime_error);
}
