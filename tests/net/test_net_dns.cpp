// Resolver (c-ares on the loop) against fake_dns.py on 127.0.0.x.
#include <catch2/catch.hpp>
#include <optional>

#include "fake_server.hpp"
#include "mtasts/net/dns.hpp"

using namespace mtasts::net;
using mtasts::net::testing::FakeServer;

namespace {

struct DnsFixture {
    FakeServer server{"fake_dns.py", {"127.0.0.53"}};
    Loop loop;
    Resolver resolver{
        loop, ResolverConfig{{server.endpoint("127.0.0.53")}, std::chrono::milliseconds(400), 2}};

    DnsResult<TxtAnswer> txt(const std::string& name) {
        std::optional<DnsResult<TxtAnswer>> result;
        resolver.query_txt(name, [&](DnsResult<TxtAnswer> answer) { result = std::move(answer); });
        loop.run();
        REQUIRE(result.has_value());
        return *result;
    }
};

}  // namespace

TEST_CASE_METHOD(DnsFixture, "TXT strings of one record are joined with nothing, every record kept") {
    const auto answer = txt("multi.test");
    REQUIRE(answer.has_value());
    REQUIRE(answer->records.size() == 2);
    CHECK(answer->records[0] == "v=STSv1; id=20240501");
    CHECK(answer->records[1] == "v=spf1 -all");
    CHECK(answer->meta.cname_chain.empty());
    CHECK(answer->meta.ttl == 300);
}

TEST_CASE_METHOD(DnsFixture, "one question asked by many callers in a run is sent once") {
    std::vector<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        resolver.query_txt(i % 2 == 0 ? "counted.test" : "COUNTED.test.", [&](DnsResult<TxtAnswer> answer) {
            seen.push_back(answer && !answer->records.empty() ? answer->records.front() : "(failed)");
        });
    }
    loop.run();
    // Asked again after the answer arrived: served from the run's memory, not the server.
    resolver.query_txt("counted.test", [&](DnsResult<TxtAnswer> answer) {
        seen.push_back(answer && !answer->records.empty() ? answer->records.front() : "(failed)");
    });
    loop.run();
    CHECK(seen == std::vector<std::string>(21, "1"));
}

TEST_CASE_METHOD(DnsFixture, "a CNAME chain is followed and reported in order") {
    const auto answer = txt("cname.test");
    REQUIRE(answer.has_value());
    REQUIRE(answer->records.size() == 1);
    CHECK(answer->records[0] == "v=STSv1; id=abc");
    CHECK(answer->meta.cname_chain == std::vector<std::string>{"c1.test", "target.test"});
}

TEST_CASE_METHOD(DnsFixture, "a CNAME to a missing name is NXDOMAIN, with the chain kept") {
    const auto answer = txt("dangling.test");
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_nxdomain);
    CHECK(answer.error().detail.find("nowhere.test") != std::string::npos);
    CHECK(answer.error().cname_chain == std::vector<std::string>{"nowhere.test"});
}

TEST_CASE_METHOD(DnsFixture, "a CNAME loop is an error") {
    const auto answer = txt("loop.test");
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_cname_loop);
}

TEST_CASE_METHOD(DnsFixture, "a CNAME chain longer than 8 links is an error") {
    const auto answer = txt("long0.test");
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_cname_loop);
}

TEST_CASE_METHOD(DnsFixture, "rcodes and empty answers stay apart") {
    CHECK(txt("servfail.test").error().kind == NetErrorKind::dns_servfail);
    CHECK(txt("refused.test").error().kind == NetErrorKind::dns_refused);
    CHECK(txt("absent.test").error().kind == NetErrorKind::dns_nxdomain);
    CHECK(txt("nodata.test").error().kind == NetErrorKind::dns_nodata);
}

TEST_CASE_METHOD(DnsFixture, "an unanswered query times out") {
    const auto answer = txt("drop.test");
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_timeout);
}

TEST_CASE_METHOD(DnsFixture, "a truncated UDP answer is retried over TCP") {
    const auto answer = txt("big.test");
    REQUIRE(answer.has_value());
    CHECK(answer->records.size() == 30);
}

TEST_CASE_METHOD(DnsFixture, "the AD bit of the answer is reported") {
    const auto signed_answer = txt("ad.test");
    REQUIRE(signed_answer.has_value());
    CHECK(signed_answer->meta.authenticated);
    const auto plain = txt("multi.test");
    REQUIRE(plain.has_value());
    CHECK_FALSE(plain->meta.authenticated);
}

TEST_CASE_METHOD(DnsFixture, "TLSA records: the three fields, the association data and the AD bit; a short one is malformed") {
    std::optional<DnsResult<TlsaAnswer>> result;
    std::optional<DnsResult<TlsaAnswer>> malformed;
    std::optional<DnsResult<TlsaAnswer>> absent;
    resolver.query_tlsa("_25._tcp.tlsa.test", [&](DnsResult<TlsaAnswer> answer) { result = std::move(answer); });
    resolver.query_tlsa("_25._tcp.badtlsa.test", [&](DnsResult<TlsaAnswer> answer) { malformed = std::move(answer); });
    resolver.query_tlsa("_25._tcp.addr.test", [&](DnsResult<TlsaAnswer> answer) { absent = std::move(answer); });
    loop.run();
    REQUIRE(result.has_value());
    REQUIRE(result->has_value());
    CHECK((*result)->meta.authenticated);
    const auto& records = (*result)->records;
    REQUIRE(records.size() == 2);
    CHECK(records[0].usage == 3);
    CHECK(records[0].selector == 1);
    CHECK(records[0].matching == 1);
    CHECK(records[0].data.size() == 32);
    CHECK(records[0].data[31] == 31);
    CHECK(records[1] == mtasts::model::TlsaRecord{2, 0, 2, {0xab}});
    REQUIRE(malformed.has_value());
    REQUIRE_FALSE(malformed->has_value());
    CHECK(malformed->error().kind == NetErrorKind::dns_other);
    REQUIRE(absent.has_value());
    REQUIRE_FALSE(absent->has_value());
    CHECK(absent->error().kind == NetErrorKind::dns_nxdomain);
}

TEST_CASE_METHOD(DnsFixture, "MX records are sorted, without trailing dots") {
    std::optional<DnsResult<MxAnswer>> result;
    resolver.query_mx("mx.test", [&](DnsResult<MxAnswer> answer) { result = std::move(answer); });
    loop.run();
    REQUIRE(result.has_value());
    REQUIRE(result->has_value());
    const auto& records = (*result)->records;
    REQUIRE(records.size() == 2);
    CHECK(records[0].preference == 10);
    CHECK(records[0].host == "mx1.mx.test");
    CHECK(records[1].preference == 20);
    CHECK(records[1].host == "mx2.mx.test");
    CHECK_FALSE((*result)->null_mx);
}

TEST_CASE_METHOD(DnsFixture, "a null MX is detected") {
    std::optional<DnsResult<MxAnswer>> result;
    resolver.query_mx("nullmx.test", [&](DnsResult<MxAnswer> answer) { result = std::move(answer); });
    loop.run();
    REQUIRE(result.has_value());
    REQUIRE(result->has_value());
    CHECK((*result)->null_mx);
}

TEST_CASE_METHOD(DnsFixture, "A and AAAA answers, and a callback that starts the next query") {
    std::vector<mtasts::base::IpAddress> v4;
    std::vector<mtasts::base::IpAddress> v6;
    resolver.query_addresses("addr.test", AddressFamily::ipv4, [&](DnsResult<AddressAnswer> answer) {
        CHECK(answer.has_value());  // no REQUIRE: callbacks must not throw
        if (!answer) return;
        v4 = answer->addresses;
        resolver.query_addresses("addr.test", AddressFamily::ipv6, [&](DnsResult<AddressAnswer> next) {
            CHECK(next.has_value());
            if (next) v6 = next->addresses;
        });
    });
    loop.run();
    const auto texts = [](const std::vector<mtasts::base::IpAddress>& addresses) {
        std::vector<std::string> out;
        for (const auto& address : addresses) out.push_back(address.to_string());
        return out;
    };
    CHECK(texts(v4) == std::vector<std::string>{"192.0.2.1", "192.0.2.2"});
    CHECK(texts(v6) == std::vector<std::string>{"2001:db8::1"});
}

TEST_CASE("many queries in flight on one loop all complete") {
    FakeServer server{"fake_dns.py", {"127.0.0.54"}};
    Loop loop;
    Resolver resolver{
        loop, ResolverConfig{{server.endpoint("127.0.0.54")}, std::chrono::milliseconds(1000), 2}};
    int answered = 0;
    for (int i = 0; i < 100; ++i) {
        resolver.query_txt(i % 2 == 0 ? "multi.test" : "cname.test", [&](DnsResult<TxtAnswer> answer) {
            CHECK(answer.has_value());
            ++answered;
        });
    }
    loop.run();
    CHECK(answered == 100);
}

TEST_CASE("a resolver on IPv6 loopback, given as [::1]:PORT") {
    FakeServer server{"fake_dns.py", {"::1"}};
    Loop loop;
    Resolver resolver{loop,
                      ResolverConfig{{server.endpoint("::1")}, std::chrono::milliseconds(1000), 2}};
    std::optional<DnsResult<TxtAnswer>> result;
    resolver.query_txt("multi.test", [&](DnsResult<TxtAnswer> answer) { result = std::move(answer); });
    loop.run();
    REQUIRE(result.has_value());
    REQUIRE(result->has_value());
    CHECK((*result)->records.size() == 2);
}

