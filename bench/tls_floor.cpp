// The CPU floor of the policy fetch: what one TLS 1.3 handshake costs the client in the OpenSSL
// this binary links, with a fresh SSL_CTX per connection (as libcurl 7.88 makes one) and with one
// SSL_CTX for the whole run, the chain checked by the checker's own code (cert_facts_from_chain)
// as in a real fetch. Client and server talk through an in-memory BIO pair in one thread: no
// sockets, no kernel, no HTTP; only the client's calls are timed (CLOCK_THREAD_CPUTIME_ID).
// The certificates are like those of bench/batch.py: a P-256 leaf for mta-sts.DOMAIN signed by a
// P-256 CA. Usage: bench_tls_floor [HANDSHAKES]. bench/README.md ("The floor") has the numbers.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "mtasts/net/tls_context.hpp"
#include "mtasts/net/tls_facts.hpp"

namespace {

using mtasts::net::TrustStore;

// CPU time of this thread in milliseconds.
double thread_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct KeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertDeleter {
    void operator()(X509* cert) const { X509_free(cert); }
};
using UniqueKey = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using UniqueCert = std::unique_ptr<X509, CertDeleter>;

// Adds one X.509v3 extension written in openssl.cnf syntax ("critical,CA:TRUE").
void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (extension == nullptr) throw std::runtime_error("cannot make an X.509 extension");
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
}

// A certificate for `name` with `key`, signed by issuer_key (self-signed when issuer is null).
UniqueCert make_cert(const char* name, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, bool is_ca) {
    UniqueCert cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), is_ca ? 1 : 2);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 86400);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(name), -1, -1, 0);
    X509* signer = issuer != nullptr ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    X509_set_pubkey(cert.get(), key);
    add_extension(cert.get(), signer, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "CA:FALSE");
    if (!is_ca) {
        add_extension(cert.get(), signer, NID_subject_alt_name, (std::string("DNS:") + name).c_str());
        add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    }
    if (X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) throw std::runtime_error("cannot sign");
    return cert;
}

struct Pki {
    UniqueKey ca_key{EVP_EC_gen("P-256")};
    UniqueKey leaf_key{EVP_EC_gen("P-256")};
    UniqueCert ca = make_cert("Floor bench CA", ca_key.get(), nullptr, ca_key.get(), true);
    UniqueCert leaf = make_cert("mta-sts.floor.test", leaf_key.get(), ca.get(), ca_key.get(), false);
};

// Writes the CA to a file for TrustStore, which takes the --ca-file path as the checker does.
std::string write_ca(const Pki& pki) {
    const std::string path = (std::filesystem::temp_directory_path() / "mtasts-tls-floor-ca.pem").string();
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new_file(path.c_str(), "w"), &BIO_free);
    if (!out || PEM_write_bio_X509(out.get(), pki.ca.get()) != 1) throw std::runtime_error("cannot write " + path);
    return path;
}

// The policy host's side: the leaf and its CA as the chain, and no tickets or session cache.
SSL_CTX* make_server_context(const Pki& pki) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx, pki.leaf.get());
    SSL_CTX_add1_chain_cert(ctx, pki.ca.get());
    SSL_CTX_use_PrivateKey(ctx, pki.leaf_key.get());
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 0);  // a fetch reads no ticket: none is sent
    return ctx;
}

struct Timing {
    const TrustStore* trust = nullptr;
    double verify_ms = 0;  // of the chain checks in the callback
};

// The chain check of a real fetch (src/net/https.cpp on_verify), timed on its own.
int verify_like_the_fetcher(X509_STORE_CTX* store_ctx, void* user) {
    auto* timing = static_cast<Timing*>(user);
    const double start = thread_cpu_ms();
    const auto facts = mtasts::net::cert_facts_from_chain(X509_STORE_CTX_get0_untrusted(store_ctx), *timing->trust);
    timing->verify_ms += thread_cpu_ms() - start;
    return facts && facts->trusted ? 1 : 0;
}

// The checker's client context (as the SMTP prober makes it), with the fetcher's chain check.
SSL_CTX* make_client_context(Timing& timing) {
    SSL_CTX* ctx = mtasts::net::make_client_context().release();
    SSL_CTX_set_cert_verify_callback(ctx, &verify_like_the_fetcher, &timing);
    return ctx;
}

// Client CPU of one handshake in ms; `shared` is null for a fresh client context.
double one_handshake(SSL_CTX* server_ctx, SSL_CTX* shared, Timing& timing) {
    double start = thread_cpu_ms();
    SSL_CTX* ctx = shared != nullptr ? shared : make_client_context(timing);
    SSL* client = SSL_new(ctx);
    SSL_set_tlsext_host_name(client, "mta-sts.floor.test");
    SSL_set_verify(client, SSL_VERIFY_PEER, nullptr);
    double spent = thread_cpu_ms() - start;
    SSL* server = SSL_new(server_ctx);
    BIO* client_end = nullptr;
    BIO* server_end = nullptr;
    BIO_new_bio_pair(&client_end, 0, &server_end, 0);
    SSL_set_bio(client, client_end, client_end);
    SSL_set_bio(server, server_end, server_end);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    bool done = false;
    for (int round = 0; round < 8 && !done; ++round) {
        start = thread_cpu_ms();
        done = SSL_do_handshake(client) == 1;
        spent += thread_cpu_ms() - start;
        SSL_do_handshake(server);
    }
    if (!done) throw std::runtime_error("the handshake did not complete");
    start = thread_cpu_ms();
    SSL_free(client);
    if (shared == nullptr) SSL_CTX_free(ctx);
    spent += thread_cpu_ms() - start;
    SSL_free(server);
    return spent;
}

// Prints the mean client CPU of `handshakes` handshakes, fresh or shared client context.
void measure(const char* label, SSL_CTX* server_ctx, bool share, int handshakes, const TrustStore& trust) {
    Timing timing{&trust, 0};
    SSL_CTX* shared = share ? make_client_context(timing) : nullptr;
    one_handshake(server_ctx, shared, timing);  // warm-up: first fetches of algorithms
    timing.verify_ms = 0;
    double total = 0;
    for (int i = 0; i < handshakes; ++i) total += one_handshake(server_ctx, shared, timing);
    SSL_CTX_free(shared);
    std::printf("%-44s %.3f ms  (of it the chain check %.3f ms)\n", label, total / handshakes,
                timing.verify_ms / handshakes);
}

}  // namespace

int main(int argc, char** argv) {
    const int handshakes = argc > 1 ? std::atoi(argv[1]) : 2000;
    if (handshakes <= 0) {
        std::fprintf(stderr, "usage: bench_tls_floor [HANDSHAKES]\n");
        return 2;
    }
    try {
        const Pki pki;
        const std::string ca_path = write_ca(pki);
        const TrustStore trust(ca_path);
        SSL_CTX* server_ctx = make_server_context(pki);
        std::printf("%s, %d TLS 1.3 handshakes, client CPU per handshake:\n", OpenSSL_version(OPENSSL_VERSION),
                    handshakes);
        measure("a fresh SSL_CTX per connection (libcurl)", server_ctx, false, handshakes, trust);
        measure("one SSL_CTX for every connection", server_ctx, true, handshakes, trust);
        SSL_CTX_free(server_ctx);
        std::filesystem::remove(ca_path);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_tls_floor: %s\n", error.what());
        return 1;
    }
    return 0;
}
