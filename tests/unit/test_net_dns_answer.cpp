// The raw DNS answer decoder (src/net/dns_answer.hpp) on messages built here in RFC 1035 wire
// format: what it keeps of a CNAME chain when the answer is negative (RFC 6604: the rcode is
// that of the chain's last name), so that a dangling CNAME can be told apart from a name never
// published (RFC 8461 §8.2).
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "dns_answer.hpp"

using namespace mtasts::net;

namespace {

constexpr std::uint16_t k_type_txt = 16;
constexpr std::uint16_t k_type_cname = 5;
constexpr std::uint8_t k_rcode_nxdomain = 3;

void put16(std::vector<unsigned char>& out, std::uint16_t value) {
    out.push_back(static_cast<unsigned char>(value >> 8));
    out.push_back(static_cast<unsigned char>(value & 0xff));
}

// An uncompressed name: length-prefixed labels, then the root.
std::vector<unsigned char> wire_name(const std::string& name) {
    std::vector<unsigned char> out;
    std::size_t start = 0;
    while (start < name.size()) {
        std::size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        out.push_back(static_cast<unsigned char>(dot - start));
        out.insert(out.end(), name.begin() + static_cast<long>(start), name.begin() + static_cast<long>(dot));
        start = dot + 1;
    }
    out.push_back(0);
    return out;
}

struct Record {
    std::string owner;
    std::uint16_t type;
    std::vector<unsigned char> rdata;
};

// A response to "TXT `question`" with `rcode` and the answer section `answers`.
std::vector<unsigned char> response(const std::string& question, std::uint8_t rcode,
                                    const std::vector<Record>& answers) {
    std::vector<unsigned char> out;
    put16(out, 0x1234);
    put16(out, static_cast<std::uint16_t>(0x8180 | rcode));  // QR, RD, RA
    put16(out, 1);
    put16(out, static_cast<std::uint16_t>(answers.size()));
    put16(out, 0);
    put16(out, 0);
    const std::vector<unsigned char> qname = wire_name(question);
    out.insert(out.end(), qname.begin(), qname.end());
    put16(out, k_type_txt);
    put16(out, 1);
    for (const Record& record : answers) {
        const std::vector<unsigned char> owner = wire_name(record.owner);
        out.insert(out.end(), owner.begin(), owner.end());
        put16(out, record.type);
        put16(out, 1);
        put16(out, 0);
        put16(out, 300);  // TTL
        put16(out, static_cast<std::uint16_t>(record.rdata.size()));
        out.insert(out.end(), record.rdata.begin(), record.rdata.end());
    }
    return out;
}

Record cname(const std::string& owner, const std::string& target) {
    return {owner, k_type_cname, wire_name(target)};
}

Record txt(const std::string& owner, const std::string& text) {
    std::vector<unsigned char> rdata{static_cast<unsigned char>(text.size())};
    rdata.insert(rdata.end(), text.begin(), text.end());
    return {owner, k_type_txt, rdata};
}

DnsResult<TxtAnswer> decode(const std::string& question, const std::vector<unsigned char>& message) {
    return decode_txt_answer(question, message.data(), static_cast<int>(message.size()));
}

const std::string k_asked = "_smtp._tls.example.test";
const std::string k_target = "_smtp._tls.example-test.hoster.test";

}  // namespace

TEST_CASE("dns answer: NXDOMAIN at a CNAME's target keeps the chain (a dangling CNAME)") {
    const auto answer = decode(k_asked, response(k_asked, k_rcode_nxdomain, {cname(k_asked, k_target)}));
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_nxdomain);
    CHECK(answer.error().cname_chain == std::vector<std::string>{k_target});
    CHECK(answer.error().detail == "NXDOMAIN (via CNAME " + k_target + ")");
}

TEST_CASE("dns answer: NODATA at a CNAME's target keeps the chain, every link in order") {
    const std::string edge = "edge.cdn.test";
    const auto answer = decode(k_asked, response(k_asked, 0, {cname(k_asked, k_target), cname(k_target, edge)}));
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_nodata);
    CHECK(answer.error().cname_chain == std::vector<std::string>{k_target, edge});
}

TEST_CASE("dns answer: NXDOMAIN of the name itself has no chain") {
    const auto answer = decode(k_asked, response(k_asked, k_rcode_nxdomain, {}));
    REQUIRE_FALSE(answer.has_value());
    CHECK(answer.error().kind == NetErrorKind::dns_nxdomain);
    CHECK(answer.error().cname_chain.empty());
    CHECK(answer.error().detail == "NXDOMAIN");
}

TEST_CASE("dns answer: records at the CNAME's target come with the chain") {
    const auto answer =
        decode(k_asked,
               response(k_asked, 0, {cname(k_asked, k_target), txt(k_target, "v=TLSRPTv1; rua=mailto:r@hoster.test")}));
    REQUIRE(answer.has_value());
    CHECK(answer->records == std::vector<std::string>{"v=TLSRPTv1; rua=mailto:r@hoster.test"});
    CHECK(answer->meta.cname_chain == std::vector<std::string>{k_target});
}
