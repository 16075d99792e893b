#include "mtasts/rfc/dane.hpp"

#include <algorithm>

namespace mtasts::rfc {
namespace {

// RFC 6698 §2.1.1-§2.1.3 and RFC 7218 mnemonics.
constexpr std::uint8_t k_usage_pkix_ta = 0;
constexpr std::uint8_t k_usage_pkix_ee = 1;
constexpr std::uint8_t k_usage_dane_ta = 2;
constexpr std::uint8_t k_usage_dane_ee = 3;
constexpr std::uint8_t k_selector_cert = 0;
constexpr std::uint8_t k_selector_spki = 1;
constexpr std::uint8_t k_matching_full = 0;
constexpr std::uint8_t k_matching_sha256 = 1;
constexpr std::uint8_t k_matching_sha512 = 2;

// The bytes of `cert` that the record's selector and matching type designate.
const std::vector<std::uint8_t>& selected(const model::TlsaRecord& record, const model::ChainCertificate& cert) {
    const bool spki = record.selector == k_selector_spki;
    switch (record.matching) {
        case k_matching_sha256: return spki ? cert.spki_sha256 : cert.cert_sha256;
        case k_matching_sha512: return spki ? cert.spki_sha512 : cert.cert_sha512;
        default: return spki ? cert.spki_der : cert.cert_der;
    }
}

bool matches_one(const model::TlsaRecord& record, const model::ChainCertificate& cert) {
    const std::vector<std::uint8_t>& bytes = selected(record, cert);
    // An empty digest means "not computed": it never matches, not even empty association data.
    return !bytes.empty() && bytes == record.data;
}

}  // namespace

bool tlsa_usable(const model::TlsaRecord& record) {
    const bool usage = record.usage == k_usage_dane_ta || record.usage == k_usage_dane_ee;
    const bool selector = record.selector == k_selector_cert || record.selector == k_selector_spki;
    const bool matching = record.matching == k_matching_full || record.matching == k_matching_sha256 ||
                          record.matching == k_matching_sha512;
    return usage && selector && matching;
}

bool tlsa_usage_pkix(const model::TlsaRecord& record) {
    return record.usage == k_usage_pkix_ta || record.usage == k_usage_pkix_ee;
}

bool tlsa_matches(const model::TlsaRecord& record, std::span<const model::ChainCertificate> chain) {
    if (!tlsa_usable(record) || chain.empty()) return false;
    if (record.usage == k_usage_dane_ee) return matches_one(record, chain.front());
    return std::ranges::any_of(chain, [&](const model::ChainCertificate& cert) { return matches_one(record, cert); });
}

}  // namespace mtasts::rfc
