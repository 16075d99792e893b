// The TLS versions and handshakes an MX address accepts (docs/rfc-rules.md E8, E9): the version the
// main probe negotiated, and what the extra sessions (no SNI; TLS 1.1 at most) showed.
#include "evaluate_parts.hpp"

namespace mtasts::check {
namespace {

// What one extra session answers: true = its handshake completed, false = the server refused
// the handshake (alert or close), nullopt = no answer. Anything but the handshake itself
// (refused connection, timeout, greeting, STARTTLS) proves nothing about TLS, so it is silent
// (docs/rfc-rules.md E12: network failures are not misconfigurations).
std::optional<bool> handshake_accepted(const std::optional<ProbeObservation>& session) {
    if (!session) return std::nullopt;
    if (!session->error && session->tls_version) return true;
    if (model::failed_with(session->error, NetErrorKind::tls_handshake_failed) ||
        model::failed_with(session->error, NetErrorKind::tls_version_too_old))
        return false;
    return std::nullopt;
}

}  // namespace

void judge_handshakes(const MxAddressObservation& address, const std::string& host, model::AddressProbe& facts,
                      model::Findings& findings) {
    if (!address.probe || address.probe->error || !address.probe->tls_version) return;
    const std::string& version = *address.probe->tls_version;
    const std::string where = host + " at " + address.ip;
    const std::string subject = host + " [" + address.ip + "]";
    auto add = [&](model::FindingId id, std::string message) {
        findings.push_back(model::make_finding(id, subject, std::move(message)));
    };
    const bool old = is_old_tls(version);
    if (old) {
        // RFC 8461 §7.2 and BCP 195: TLS 1.2 at least. The protocol fact; what it means for
        // delivery is mx.tls-version-too-old (evaluate_mx.cpp).
        add("mx.tls-version-old", where + " negotiated " + version + " even though TLS 1.2 and 1.3 were offered");
    } else if (version == "TLSv1.2") {
        // RFC 9325 §3.1.1: implementations SHOULD support TLS 1.3, and our client offers it.
        add("mx.tls13-missing", where + " negotiated TLS 1.2: it does not offer TLS 1.3");
    }
    facts.forward_secrecy = address.probe->forward_secrecy;
    if (facts.forward_secrecy == false) {
        // RFC 9325 §4.1: static RSA key transport SHOULD NOT be negotiated (docs/rfc-rules.md E10).
        add("mx.forward-secrecy-missing", where + " chose " + address.probe->cipher.value_or("a cipher suite") +
                                              ", a key exchange without forward secrecy, although ECDHE suites were offered");
    }

    facts.sni_required =
        handshake_accepted(address.probe_without_sni).transform([](bool accepted) { return !accepted; });
    if (facts.sni_required == true) {
        add("mx.sni-required", where + " refuses a TLS handshake without SNI (" +
                                   address.probe_without_sni->error->detail +
                                   "); RFC 8461 §7.1 says servers MUST NOT require SNI");
    }

    facts.legacy_tls_accepted = handshake_accepted(address.probe_legacy_tls);
    if (facts.legacy_tls_accepted == true) {
        facts.legacy_tls_version = address.probe_legacy_tls->tls_version;
        // RFC 9325 §3.1.1 / RFC 8996: TLS 1.0 and 1.1 MUST NOT be negotiated. When the main
        // session already got one of them, mx.tls-version-old says it; one finding is enough.
        if (!old) {
            add("mx.tls-legacy-accepted", where + " negotiates " + version + " but still accepts " +
                                              *facts.legacy_tls_version + " from a client that offers nothing newer");
        }
    }
}

}  // namespace mtasts::check
