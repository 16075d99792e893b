#include "mtasts/net/tls_facts.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

#include <array>
#include <ctime>
#include <map>
#include <mutex>
#include <stdexcept>

#include "mtasts/model/usage_error.hpp"

namespace mtasts::net {

namespace {

struct BioDeleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct StoreCtxDeleter {
    void operator()(X509_STORE_CTX* ctx) const { X509_STORE_CTX_free(ctx); }
};
struct GeneralNamesDeleter {
    void operator()(GENERAL_NAMES* names) const { GENERAL_NAMES_free(names); }
};

std::string name_text(const X509_NAME* name) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
        return {};
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::optional<std::int64_t> epoch_seconds(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(timegm(&parts));
}

std::vector<std::string> san_dns_names(X509* leaf) {
    std::vector<std::string> names;
    std::unique_ptr<GENERAL_NAMES, GeneralNamesDeleter> general(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(leaf, NID_subject_alt_name, nullptr, nullptr)));
    if (!general) {
        return names;
    }
    for (int i = 0; i < sk_GENERAL_NAME_num(general.get()); ++i) {
        const GENERAL_NAME* entry = sk_GENERAL_NAME_value(general.get(), i);
        if (entry->type != GEN_DNS) {
            continue;
        }
        const ASN1_IA5STRING* text = entry->d.dNSName;
        names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                           static_cast<std::size_t>(ASN1_STRING_length(text)));
    }
    return names;
}

// `data` hashed with `md` (SHA-256 or SHA-512); empty when OpenSSL fails.
std::vector<std::uint8_t> digest(const std::vector<std::uint8_t>& data, const EVP_MD* md) {
    std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1) return {};
    out.resize(size);
    return out;
}

// DER of `object` through an i2d function (X509 or X509_PUBKEY); empty on failure.
template <typename T>
std::vector<std::uint8_t> der_of(const T* object, int (*encode)(const T*, unsigned char**)) {
    const int size = encode(object, nullptr);
    if (size <= 0) return {};
    std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
    unsigned char* at = der.data();
    if (encode(object, &at) != size) return {};
    return der;
}

// The system store plus `ca_file`; UsageError when ca_file cannot be loaded.
std::shared_ptr<x509_store_st> load_store(const std::optional<std::string>& ca_file) {
    std::shared_ptr<x509_store_st> store(X509_STORE_new(), X509_STORE_free);
    if (!store) {
        throw std::runtime_error("X509_STORE_new failed");
    }
    // RFC 8461 §3.3: trust anchors like those of browsers and operating systems.
    X509_STORE_set_default_paths(store.get());
    if (ca_file && X509_STORE_load_file(store.get(), ca_file->c_str()) != 1) {
        // A bad --ca-file is the user's input: a usage error carrying OpenSSL's reason.
        const unsigned long code = ERR_peek_last_error();
        std::array<char, 256> reason{};
        ERR_error_string_n(code, reason.data(), reason.size());
        ERR_clear_error();
        throw model::UsageError("--ca-file " + *ca_file + ": cannot load trust anchors: " +
                                (code != 0 ? std::string(reason.data()) : std::string("no certificate found")));
    }
    return store;
}

// What tells one --ca-file apart from another: its path, and its size and time when it exists
// (a file rewritten in place is loaded again).
std::string ca_file_key(const std::optional<std::string>& ca_file) {
    if (!ca_file) return {};
    struct stat about {};
    if (stat(ca_file->c_str(), &about) != 0) return "?" + *ca_file;
    return *ca_file + "|" + std::to_string(about.st_size) + "|" + std::to_string(about.st_mtim.tv_sec) + "." +
           std::to_string(about.st_mtim.tv_nsec);
}

}  // namespace

TrustStore::TrustStore(const std::optional<std::string>& ca_file) {
    static std::mutex lock;
    static std::map<std::string, std::weak_ptr<x509_store_st>> alive;
    const std::string key = ca_file_key(ca_file);
    const std::lock_guard guard(lock);
    m_store = alive[key].lock();
    if (m_store) return;
    m_store = load_store(ca_file);
    alive[key] = m_store;
}

std::optional<model::CertFacts> cert_facts_from_chain(stack_st_X509* chain, const TrustStore& trust) {
    if (chain == nullptr || sk_X509_num(chain) < 1) {
        return std::nullopt;
    }
    X509* leaf = sk_X509_value(chain, 0);
    model::CertFacts facts;
    facts.subject = name_text(X509_get_subject_name(leaf));
    facts.issuer = name_text(X509_get_issuer_name(leaf));
    facts.san = san_dns_names(leaf);
    facts.not_before = epoch_seconds(X509_get0_notBefore(leaf));
    facts.not_after = epoch_seconds(X509_get0_notAfter(leaf));

    std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), trust.get(), leaf, chain) != 1) {
        facts.trusted = false;
        facts.chain_error = "could not set up chain verification";
        return facts;
    }
    // Only the chain is judged here; the dates are facts of their own (expired vs untrusted
    // are different findings), and TLS-server purpose covers the EKU rule (docs/rfc-rules.md E13).
    X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx.get()), X509_V_FLAG_NO_CHECK_TIME);
    const bool ok = X509_verify_cert(ctx.get()) == 1;
    facts.trusted = ok;
    if (!ok) {
        const int error = X509_STORE_CTX_get_error(ctx.get());
        facts.chain_error = std::string(X509_verify_cert_error_string(error)) + " (depth " +
                            std::to_string(X509_STORE_CTX_get_error_depth(ctx.get())) + ")";
    }
    return facts;
}

std::optional<model::CertFacts> cert_facts_from_ssl(ssl_st* ssl, const TrustStore& trust) {
    // On the client side the peer chain includes the leaf first.
    return cert_facts_from_chain(SSL_get_peer_cert_chain(ssl), trust);
}

std::vector<model::ChainCertificate> chain_certificates(stack_st_X509* chain) {
    std::vector<model::ChainCertificate> certificates;
    const int count = chain == nullptr ? 0 : sk_X509_num(chain);
    for (int i = 0; i < count; ++i) {
        X509* cert = sk_X509_value(chain, i);
        model::ChainCertificate facts;
        facts.cert_der = der_of<X509>(cert, &i2d_X509);
        facts.spki_der = der_of<X509_PUBKEY>(X509_get_X509_PUBKEY(cert), &i2d_X509_PUBKEY);
        if (facts.cert_der.empty() || facts.spki_der.empty()) break;
        facts.cert_sha256 = digest(facts.cert_der, EVP_sha256());
        facts.cert_sha512 = digest(facts.cert_der, EVP_sha512());
        facts.spki_sha256 = digest(facts.spki_der, EVP_sha256());
        facts.spki_sha512 = digest(facts.spki_der, EVP_sha512());
        certificates.push_back(std::move(facts));
    }
    return certificates;
}

std::vector<model::ChainCertificate> chain_certificates_from_ssl(ssl_st* ssl) {
    return chain_certificates(SSL_get_peer_cert_chain(ssl));
}

std::string tls_version_of(ssl_st* ssl) {
    return SSL_get_version(ssl);
}

std::string cipher_of(ssl_st* ssl) {
    const char* name = SSL_get_cipher_name(ssl);
    return name != nullptr ? name : "";
}

bool forward_secret(ssl_st* ssl) {
    const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
    if (cipher == nullptr) return false;
    const int kx = SSL_CIPHER_get_kx_nid(cipher);
    // NID_kx_any: TLS 1.3 suites, whose key exchange is always (EC)DHE.
    return kx == NID_kx_any || kx == NID_kx_ecdhe || kx == NID_kx_dhe || kx == NID_kx_ecdhe_psk || kx == NID_kx_dhe_psk;
}

}  // namespace mtasts::net
