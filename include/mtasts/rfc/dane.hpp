#pragma once
// DANE for SMTP (RFC 7672) on plain data: which TLSA records an SMTP client uses, and whether
// a server's certificate chain matches one of them (RFC 6698 §2.1). No I/O, no crypto: the
// digests of each certificate come precomputed in model::ChainCertificate.
#include <span>

#include "mtasts/model/dane.hpp"

namespace mtasts::rfc {

// Whether an SMTP client uses the record: usage DANE-TA(2) or DANE-EE(3) (RFC 7672 §3.1.3
// makes PKIX-TA(0) and PKIX-EE(1) unusable), a known selector (0, 1) and matching type (0, 1, 2)
// (RFC 7672 §2.2: records with unknown parameters are unusable).
bool tlsa_usable(const model::TlsaRecord& record);

// Whether a PKIX usage (0 or 1), which RFC 7672 §3.1.3 says SMTP clients treat as unusable.
bool tlsa_usage_pkix(const model::TlsaRecord& record);

// Whether a usable record matches the chain (leaf first): DANE-EE(3) the leaf only, with no
// name or date check (RFC 7672 §3.1.1); DANE-TA(2) any certificate the server sent. For
// DANE-TA the leaf is not re-verified up to the matched certificate: a server sends the chain
// it built, and a match anywhere in it is counted (documented simplification).
// False for an unusable record or an empty chain.
bool tlsa_matches(const model::TlsaRecord& record, std::span<const model::ChainCertificate> chain);

}  // namespace mtasts::rfc
