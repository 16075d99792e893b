// What the SMTP probe hands to DANE matching: DER and digests of each certificate of a real
// chain (tests/data/dane), checked against digests the openssl CLI computed.
#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "mtasts/base/text.hpp"
#include "mtasts/model/dane.hpp"
#include "mtasts/net/tls_facts.hpp"
#include "test_dane_fixture.hpp"

using namespace mtasts;

namespace {

struct StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};

// Appends the certificate of tests/data/dane/<name>.pem to `stack`.
void push_pem(STACK_OF(X509) * stack, const std::string& name) {
    const std::string path = std::string(MTASTS_DATA_DIR) + "/dane/" + name + ".pem";
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "r"), &std::fclose);
    REQUIRE(file);
    X509* cert = PEM_read_X509(file.get(), nullptr, nullptr, nullptr);
    REQUIRE(cert != nullptr);
    sk_X509_push(stack, cert);
}

}  // namespace

TEST_CASE("chain_certificates gives each certificate's DER and SHA-256/512 of it and of its SPKI, leaf first") {
    std::unique_ptr<STACK_OF(X509), StackDeleter> chain(sk_X509_new_null());
    push_pem(chain.get(), "leaf");
    push_pem(chain.get(), "ca");
    const auto certs = net::chain_certificates(chain.get());
    REQUIRE(certs.size() == 2);
    CHECK(base::to_hex(certs[0].cert_sha256) == dane_fixture::k_leaf_cert_sha256);
    CHECK(base::to_hex(certs[0].spki_sha256) == dane_fixture::k_leaf_spki_sha256);
    CHECK(base::to_hex(certs[0].cert_sha512) == dane_fixture::k_leaf_cert_sha512);
    CHECK(base::to_hex(certs[0].spki_sha512) == dane_fixture::k_leaf_spki_sha512);
    CHECK(base::to_hex(certs[1].cert_sha256) == dane_fixture::k_ca_cert_sha256);
    CHECK(base::to_hex(certs[1].spki_sha256) == dane_fixture::k_ca_spki_sha256);
    CHECK(base::to_hex(certs[1].cert_sha512) == dane_fixture::k_ca_cert_sha512);
    CHECK(base::to_hex(certs[1].spki_sha512) == dane_fixture::k_ca_spki_sha512);
    // A P-256 SubjectPublicKeyInfo is 91 bytes of DER; the certificate holds it.
    CHECK(certs[0].spki_der.size() == 91);
    CHECK(std::search(certs[0].cert_der.begin(), certs[0].cert_der.end(), certs[0].spki_der.begin(), certs[0].spki_der.end()) !=
          certs[0].cert_der.end());
}

TEST_CASE("no chain gives no certificates") {
    CHECK(net::chain_certificates(nullptr).empty());
    std::unique_ptr<STACK_OF(X509), StackDeleter> empty(sk_X509_new_null());
    CHECK(net::chain_certificates(empty.get()).empty());
}
