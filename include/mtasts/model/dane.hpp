#pragma once
// Plain data for DANE (RFC 7672, RFC 6698): TLSA records as published, and what of a peer's
// certificate chain a TLSA record can be matched against. Shared by net (which fills them),
// rfc (which matches them) and check (which judges them).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mtasts::model {

// One TLSA record (RFC 6698 §2.1): the three one-octet fields and the association data.
struct TlsaRecord {
    std::uint8_t usage = 0;     // 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE
    std::uint8_t selector = 0;  // 0 full certificate, 1 SubjectPublicKeyInfo
    std::uint8_t matching = 0;  // 0 exact, 1 SHA-256, 2 SHA-512
    std::vector<std::uint8_t> data;

    bool operator==(const TlsaRecord&) const = default;
};

// One certificate of the chain a server sent: the DER of the whole certificate and of its
// SubjectPublicKeyInfo, with their SHA-256 and SHA-512 digests (RFC 6698 §2.1.2, §2.1.3).
struct ChainCertificate {
    std::vector<std::uint8_t> cert_der;
    std::vector<std::uint8_t> spki_der;
    std::vector<std::uint8_t> cert_sha256;
    std::vector<std::uint8_t> cert_sha512;
    std::vector<std::uint8_t> spki_sha256;
    std::vector<std::uint8_t> spki_sha512;
};

// The TLSA RRset of one MX host as the report shows it.
struct DaneFacts {
    std::vector<TlsaRecord> tlsa;
    bool secure = false;  // DNSSEC-validated (AD bit from the resolver)
    bool active = false;  // secure and at least one usable record: DANE senders authenticate by it
    // Whether _smtp._tls.<mx host> has a valid TLS-RPT record (RFC 8460 §3: where DANE
    // failures are reported); null when not looked up or the lookup failed.
    std::optional<bool> tlsrpt = std::nullopt;
};

}  // namespace mtasts::model
