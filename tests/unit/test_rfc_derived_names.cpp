// The names derived from a domain (RFC 8461 §3.1, §3.3; RFC 8460 §3; RFC 7672 §2.2.1).
#include <catch2/catch.hpp>

#include "mtasts/rfc/derived_names.hpp"

using namespace mtasts;

TEST_CASE("record names: _mta-sts.D, _smtp._tls.D, _25._tcp.MX") {
    CHECK(rfc::sts_record_name("example.com") == "_mta-sts.example.com");
    CHECK(rfc::tlsrpt_record_name("example.com") == "_smtp._tls.example.com");
    CHECK(rfc::tlsa_query_name("mx1.example.com") == "_25._tcp.mx1.example.com");
    CHECK(rfc::tlsrpt_record_name("").size() == rfc::k_longest_record_prefix.size());
    CHECK(rfc::sts_record_name("").size() <= rfc::k_longest_record_prefix.size());
}

TEST_CASE("the policy host and URL, with a port other than 443 written into the URL") {
    CHECK(rfc::policy_host("example.com") == "mta-sts.example.com");
    CHECK(rfc::policy_url("example.com") == "https://mta-sts.example.com/.well-known/mta-sts.txt");
    CHECK(rfc::policy_url("example.com", 443) == "https://mta-sts.example.com/.well-known/mta-sts.txt");
    CHECK(rfc::policy_url("example.com", 8443) == "https://mta-sts.example.com:8443/.well-known/mta-sts.txt");
}
