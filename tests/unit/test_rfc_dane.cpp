// TLSA usability and matching (RFC 6698 §2.1, RFC 7672 §3.1) against the digests of a real
// chain (tests/data/dane, digests from the openssl CLI; see test_dane_fixture.hpp).
#include <catch2/catch.hpp>

#include "mtasts/base/text.hpp"
#include "mtasts/rfc/dane.hpp"
#include "test_dane_fixture.hpp"

using namespace mtasts;
using dane_fixture::bytes;

namespace {

// The leaf and CA as the probe reports them (DER stand-ins: matching type 0 compares them exactly).
std::vector<model::ChainCertificate> chain() {
    model::ChainCertificate leaf{bytes("30820101"), bytes("3059"), bytes(dane_fixture::k_leaf_cert_sha256),
                                 bytes(dane_fixture::k_leaf_cert_sha512), bytes(dane_fixture::k_leaf_spki_sha256),
                                 bytes(dane_fixture::k_leaf_spki_sha512)};
    model::ChainCertificate ca{bytes("30820202"), bytes("305a"), bytes(dane_fixture::k_ca_cert_sha256),
                               bytes(dane_fixture::k_ca_cert_sha512), bytes(dane_fixture::k_ca_spki_sha256),
                               bytes(dane_fixture::k_ca_spki_sha512)};
    return {leaf, ca};
}

model::TlsaRecord record(std::uint8_t usage, std::uint8_t selector, std::uint8_t matching, std::string_view hex) {
    return {usage, selector, matching, bytes(hex)};
}

}  // namespace

TEST_CASE("usable TLSA records for SMTP: DANE-TA/DANE-EE with known selector and matching type") {
    struct Row {
        std::uint8_t usage, selector, matching;
        bool usable, pkix;
    };
    const Row rows[] = {
        {3, 1, 1, true, false}, {3, 0, 0, true, false}, {2, 0, 2, true, false}, {2, 1, 1, true, false},
        {0, 1, 1, false, true}, {1, 1, 1, false, true}, {4, 1, 1, false, false}, {3, 2, 1, false, false},
        {3, 1, 3, false, false}, {255, 1, 1, false, false},
    };
    for (const Row& row : rows) {
        INFO(int(row.usage) << " " << int(row.selector) << " " << int(row.matching));
        const model::TlsaRecord r{row.usage, row.selector, row.matching, {1}};
        CHECK(rfc::tlsa_usable(r) == row.usable);
        CHECK(rfc::tlsa_usage_pkix(r) == row.pkix);
    }
}

TEST_CASE("TLSA matching: DANE-EE on the leaf only, DANE-TA anywhere in the chain, each selector and matching type") {
    struct Row {
        model::TlsaRecord tlsa;
        bool matches;
    };
    const Row rows[] = {
        {record(3, 1, 1, dane_fixture::k_leaf_spki_sha256), true},
        {record(3, 0, 1, dane_fixture::k_leaf_cert_sha256), true},
        {record(3, 1, 2, dane_fixture::k_leaf_spki_sha512), true},
        {record(3, 0, 2, dane_fixture::k_leaf_cert_sha512), true},
        {record(3, 1, 0, "3059"), true},
        {record(3, 0, 0, "30820101"), true},
        // the right digest under the wrong selector or matching type
        {record(3, 0, 1, dane_fixture::k_leaf_spki_sha256), false},
        {record(3, 1, 2, dane_fixture::k_leaf_spki_sha256), false},
        // DANE-EE does not look past the leaf (RFC 7672 §3.1.1)
        {record(3, 1, 1, dane_fixture::k_ca_spki_sha256), false},
        // DANE-TA: any certificate the server sent
        {record(2, 1, 1, dane_fixture::k_ca_spki_sha256), true},
        {record(2, 0, 2, dane_fixture::k_ca_cert_sha512), true},
        {record(2, 0, 0, "30820202"), true},
        // a wrong hash, empty data, and PKIX usages never match (RFC 7672 §3.1.3)
        {record(3, 1, 1, "00"), false},
        {record(3, 1, 0, ""), false},
        {record(1, 1, 1, dane_fixture::k_leaf_spki_sha256), false},
        {record(0, 1, 1, dane_fixture::k_ca_spki_sha256), false},
    };
    const auto certs = chain();
    for (const Row& row : rows) {
        INFO(int(row.tlsa.usage) << " " << int(row.tlsa.selector) << " " << int(row.tlsa.matching) << " " << base::to_hex(row.tlsa.data));
        CHECK(rfc::tlsa_matches(row.tlsa, certs) == row.matches);
    }
    CHECK_FALSE(rfc::tlsa_matches(record(3, 1, 1, dane_fixture::k_leaf_spki_sha256), {}));
}
