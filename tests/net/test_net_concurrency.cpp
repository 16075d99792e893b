// Everything in flight at once on one loop: 50 SMTP probes of a slow-greeting MX, DNS queries
// that chain into more work, and HTTPS fetches. Asserts results and counts only; the elapsed
// time is printed (a sequential run would take 50 x the greeting delay), never asserted.
#include <catch2/catch.hpp>
#include <iostream>

#include "fake_server.hpp"
#include "mtasts/net/dns.hpp"
#include "mtasts/net/https.hpp"
#include "mtasts/net/smtp_probe.hpp"

using namespace mtasts::net;
using mtasts::net::testing::FakeServer;
using mtasts::net::testing::test_pki_dir;

TEST_CASE("50 probes, DNS and HTTPS all in flight on one loop") {
    FakeServer dns_server{"fake_dns.py", {"127.0.0.55"}};
    FakeServer https_server{"fake_https.py", {"127.0.0.64", test_pki_dir()}};
    FakeServer smtp_server{"fake_smtp.py", {test_pki_dir()}};

    Loop loop;
    Resolver resolver{
        loop, ResolverConfig{{dns_server.endpoint("127.0.0.55")}, std::chrono::milliseconds(2000), 2}};
    HttpsConfig https_config;
    https_config.ca_file = test_pki_dir() + "/ca.pem";
    PolicyFetcher fetcher{loop, https_config};
    SmtpConfig smtp_config;
    smtp_config.port = static_cast<unsigned>(smtp_server.port());
    smtp_config.ca_file = test_pki_dir() + "/ca.pem";
    smtp_config.greeting_timeout = std::chrono::milliseconds(20000);
    SmtpProber prober{loop, smtp_config};

    int probes_done = 0;
    int probes_ok = 0;
    const auto on_probe = [&](const SmtpProbeResult& got) {
        ++probes_done;
        if (!got.error && got.stage == SmtpStage::done && got.cert && got.cert->trusted == true) {
            ++probes_ok;
        }
    };
    // 127.0.1.14 greets after 0.5 s; distinct MX names make distinct probes.
    for (int i = 0; i < 46; ++i) {
        prober.probe("mx" + std::to_string(i) + ".mx.test", "127.0.1.14", on_probe);
    }
    // The check's chain: MX -> addresses -> probes, started from callbacks.
    int chained_mx = 0;
    resolver.query_mx("mx.test", [&](DnsResult<MxAnswer> mx) {
        CHECK(mx.has_value());  // no REQUIRE: callbacks must not throw
        if (!mx) return;
        for (const MxRecord& record : mx->records) {
            ++chained_mx;
            resolver.query_addresses(record.host, AddressFamily::ipv4,
                                     [&, host = record.host](DnsResult<AddressAnswer> addresses) {
                                         // The fake zone has no address for the MX hosts: probe the delayed MX instead.
                                         CHECK_FALSE(addresses.has_value());
                                         for (int j = 0; j < 2; ++j) {
                                             prober.probe(host + "-" + std::to_string(j), "127.0.1.14", on_probe);
                                         }
                                     });
        }
    });
    int txt_ok = 0;
    for (int i = 0; i < 20; ++i) {
        resolver.query_txt("multi.test", [&](DnsResult<TxtAnswer> answer) {
            if (answer && answer->records.size() == 2) {
                ++txt_ok;
            }
        });
    }
    int fetches_ok = 0;
    for (int i = 0; i < 10; ++i) {
        const std::string url = "https://mta-sts.ok.test:" + std::to_string(https_server.port()) + "/.well-known/mta-sts.txt";
        fetcher.fetch_one(url, "127.0.0.64", [&](mtasts::model::PolicyFetch got) {
            if (!got.error && got.status == 200) {
                ++fetches_ok;
            }
        });
    }
    const auto started = std::chrono::steady_clock::now();
    loop.run();
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << "concurrency: 50 probes (0.5 s greeting each) + 23 DNS + 10 HTTPS in " << elapsed.count() << " ms\n";

    CHECK(chained_mx == 2);
    CHECK(probes_done == 50);
    CHECK(probes_ok == 50);
    CHECK(txt_ok == 20);
    CHECK(fetches_ok == 10);
}
