#pragma once
// Certificate facts from a peer chain, shared by the HTTPS fetcher and the SMTP prober.
// The chain is verified here against the system store plus --ca-file, with the TLS-server
// purpose; host-name matching is NOT done here (src/rfc/cert_names decides it), so
// CertFacts::name_match and days_left stay empty.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/model/dane.hpp"
#include "mtasts/model/report.hpp"

struct ssl_st;
struct x509_store_st;
struct stack_st_X509;

namespace mtasts::net {

// Trust anchors: the system default store plus an optional extra PEM file.
class TrustStore {
public:
    // Throws model::UsageError with OpenSSL's reason when ca_file is given but cannot be loaded.
    // Stores alive for the same ca_file (same path, size and time) are shared: the policy
    // fetcher and the SMTP prober of a run parse the system bundle once.
    explicit TrustStore(const std::optional<std::string>& ca_file);

    // The OpenSSL store (shared, never changed after loading).
    x509_store_st* get() const { return m_store.get(); }

private:
    std::shared_ptr<x509_store_st> m_store;
};

// Facts of the chain `chain` (leaf first, as sent by the peer): subject, issuer (RFC 2253 text),
// SAN dNSNames and dates of the leaf; trusted and chain_error from X509_verify_cert with the
// TLS-server purpose. `trusted` judges the chain only, NOT the dates (expired and untrusted are
// separate findings): compare not_before/not_after with the check's own "now".
// nullopt without a leaf.
std::optional<model::CertFacts> cert_facts_from_chain(stack_st_X509* chain, const TrustStore& trust);

// The same from an established TLS connection (SSL_get_peer_cert_chain).
std::optional<model::CertFacts> cert_facts_from_ssl(ssl_st* ssl, const TrustStore& trust);

// What DANE matching needs of each certificate of `chain` (leaf first, as sent): DER of the
// certificate and of its SubjectPublicKeyInfo, and their SHA-256 and SHA-512 digests
// (RFC 6698 §2.1). A certificate that cannot be encoded ends the list there.
std::vector<model::ChainCertificate> chain_certificates(stack_st_X509* chain);

// The same from an established TLS connection (SSL_get_peer_cert_chain).
std::vector<model::ChainCertificate> chain_certificates_from_ssl(ssl_st* ssl);

// The negotiated protocol as OpenSSL names it ("TLSv1.3", "TLSv1", ...).
std::string tls_version_of(ssl_st* ssl);

// The negotiated cipher suite name ("TLS_AES_256_GCM_SHA384", ...).
std::string cipher_of(ssl_st* ssl);

// Whether the negotiated key exchange is ephemeral, so a stolen server key cannot decrypt
// recorded sessions: every TLS 1.3 suite, ECDHE and DHE before it (RFC 9325 §4.1).
bool forward_secret(ssl_st* ssl);

}  // namespace mtasts::net
