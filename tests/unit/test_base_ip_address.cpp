#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "mtasts/base/ip_address.hpp"

using mtasts::base::IpAddress;
using mtasts::base::IpEndpoint;
using mtasts::base::IpFamily;

TEST_CASE("IpAddress::parse takes the text forms of inet_pton", "[base][ip]") {
    struct Row {
        std::string text;
        IpFamily family;
        std::string canonical;
    };
    const Row table[] = {
        {"192.0.2.1", IpFamily::ipv4, "192.0.2.1"},
        {"0.0.0.0", IpFamily::ipv4, "0.0.0.0"},
        {"255.255.255.255", IpFamily::ipv4, "255.255.255.255"},
        {"::1", IpFamily::ipv6, "::1"},
        {"::", IpFamily::ipv6, "::"},
        {"2001:DB8::1", IpFamily::ipv6, "2001:db8::1"},                 // RFC 5952 §4.3: lower case
        {"2001:db8:abcd:0012::1", IpFamily::ipv6, "2001:db8:abcd:12::1"},  // §4.1: no leading zeros
        {"2001:db8:0:0:1:0:0:1", IpFamily::ipv6, "2001:db8::1:0:0:1"},    // §4.2.3: the first longest run
        {"2001:db8:0:1:1:1:1:1", IpFamily::ipv6, "2001:db8:0:1:1:1:1:1"},  // §4.2.2: one zero group stays
        {"::ffff:192.0.2.1", IpFamily::ipv6, "::ffff:192.0.2.1"},
    };
    for (const auto& row : table) {
        INFO(row.text);
        const auto address = IpAddress::parse(row.text);
        REQUIRE(address);
        CHECK(address->family() == row.family);
        CHECK(address->to_string() == row.canonical);
        CHECK(address->bytes().size() == (row.family == IpFamily::ipv4 ? 4U : 16U));
        CHECK(IpAddress::parse(address->to_string()) == address);
    }
}

TEST_CASE("IpAddress::parse refuses anything else", "[base][ip]") {
    const std::string table[] = {
        "",
        "192.0.2",
        "192.0.2.256",
        "192.0.2.01",         // a leading zero (octal in some parsers)
        "0x7f.0.0.1",
        "192.0.2.1 ",
        " 192.0.2.1",
        "[::1]",              // brackets belong to a URL or --resolver, not the address
        "fe80::1%eth0",       // a zone
        "2001:db8::/32",
        "2001:db8:::1",
        "1:2:3:4:5:6:7:8:9",
        "mx.example.com",
        std::string("192.0.2.1\0junk", 14),  // a NUL must not cut the text short
    };
    for (const auto& text : table) {
        INFO(text);
        CHECK_FALSE(IpAddress::parse(text));
    }
}

TEST_CASE("IpAddress::parse of one family", "[base][ip]") {
    CHECK(IpAddress::parse("192.0.2.1", IpFamily::ipv4));
    CHECK_FALSE(IpAddress::parse("192.0.2.1", IpFamily::ipv6));
    CHECK(IpAddress::parse("::1", IpFamily::ipv6));
    CHECK_FALSE(IpAddress::parse("::1", IpFamily::ipv4));
    CHECK_FALSE(IpAddress::parse("mx.example", IpFamily::ipv4));
}

TEST_CASE("IpAddress::from_bytes reads A and AAAA RDATA", "[base][ip]") {
    const std::array<unsigned char, 4> v4{192, 0, 2, 7};
    const auto a = IpAddress::from_bytes(v4);
    REQUIRE(a);
    CHECK(a->family() == IpFamily::ipv4);
    CHECK(a->to_string() == "192.0.2.7");
    std::array<unsigned char, 16> v6{};
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[2] = 0x0d;
    v6[3] = 0xb8;
    v6[15] = 1;
    const auto aaaa = IpAddress::from_bytes(v6);
    REQUIRE(aaaa);
    CHECK(aaaa->family() == IpFamily::ipv6);
    CHECK(aaaa->to_string() == "2001:db8::1");
    CHECK_FALSE(IpAddress::from_bytes(std::span(v6).first(5)));
    CHECK_FALSE(IpAddress::from_bytes(std::span(v6).first(0)));
}

TEST_CASE("IpAddress compares as a value", "[base][ip]") {
    CHECK(IpAddress::parse("2001:db8::1") == IpAddress::parse("2001:DB8:0::1"));
    CHECK(IpAddress::parse("192.0.2.1") != IpAddress::parse("192.0.2.2"));
    CHECK(IpAddress::parse("::ffff:192.0.2.1") != IpAddress::parse("192.0.2.1"));  // other family
    const std::set<IpAddress> set{*IpAddress::parse("::1"), *IpAddress::parse("192.0.2.9"),
                                  *IpAddress::parse("192.0.2.10"), *IpAddress::parse("0:0::1")};
    REQUIRE(set.size() == 3);
    CHECK(set.begin()->to_string() == "192.0.2.9");  // IPv4 first, then by bytes
    CHECK(set.rbegin()->to_string() == "::1");
}

TEST_CASE("IpEndpoint as text and as a socket address", "[base][ip]") {
    const IpEndpoint v4{*IpAddress::parse("127.0.0.53"), 5353};
    CHECK(v4.to_string() == "127.0.0.53:5353");
    sockaddr_storage storage{};
    REQUIRE(v4.to_sockaddr(storage) == sizeof(sockaddr_in));
    const auto* in = reinterpret_cast<const sockaddr_in*>(&storage);
    CHECK(in->sin_family == AF_INET);
    CHECK(ntohs(in->sin_port) == 5353);
    CHECK(ntohl(in->sin_addr.s_addr) == 0x7f000035);

    const IpEndpoint v6{*IpAddress::parse("::1"), 53};
    CHECK(v6.to_string() == "[::1]:53");  // RFC 5952 §6
    REQUIRE(v6.to_sockaddr(storage) == sizeof(sockaddr_in6));
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    CHECK(in6->sin6_family == AF_INET6);
    CHECK(ntohs(in6->sin6_port) == 53);
    CHECK(IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr));
}
