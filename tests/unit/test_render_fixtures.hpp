#pragma once
// Hand-built domain reports shared by the render tests, and the golden-file comparison.
// Findings are written out here (not taken from the catalog) so that a catalog wording change
// does not move the golden files of the renderers.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mtasts/model/catalog.hpp"
#include "mtasts/model/report.hpp"

namespace render_fixtures {

using namespace mtasts::model;

// 2026-01-01T00:00:00Z and 2025-10-03T00:00:00Z in seconds since the epoch.
inline constexpr std::int64_t k_2026_01_01 = 1767225600;
inline constexpr std::int64_t k_2025_10_03 = 1759449600;

inline Finding finding(std::string id, Severity severity, std::string subject, std::string message, std::string rfc,
                       std::string hint, std::optional<std::string> result_type = std::nullopt) {
    Finding f;
    f.id = std::move(id);
    f.severity = severity;
    f.subject = std::move(subject);
    f.message = std::move(message);
    f.rfc = std::move(rfc);
    f.hint = std::move(hint);
    f.tlsrpt_result_type = std::move(result_type);
    const CatalogEntry* entry = find_entry(f.id);
    f.area = entry != nullptr ? entry->area : Area::other;
    return f;
}

// A finding of a failed lookup, listed in the section of what it asked about.
inline Finding in_area(Finding f, Area area) {
    f.area = area;
    return f;
}

inline CertFacts good_cert(std::string name, std::int64_t days_left) {
    CertFacts cert;
    cert.subject = "CN=" + name;
    cert.issuer = "CN=Test CA R1,O=Lab";
    cert.san = {name};
    cert.not_before = k_2025_10_03;
    cert.not_after = k_2026_01_01;
    cert.days_left = days_left;
    cert.trusted = true;
    cert.name_match = true;
    return cert;
}

inline AddressProbe good_probe(std::string ip, std::string host) {
    AddressProbe probe;
    probe.ip = std::move(ip);
    probe.starttls = true;
    probe.tls_version = "TLSv1.3";
    probe.cipher = "TLS_AES_256_GCM_SHA384";
    probe.forward_secrecy = true;
    probe.cert = good_cert(std::move(host), 89);
    probe.sni_required = false;
    probe.legacy_tls_accepted = false;
    return probe;
}

inline TxtRecordFacts sts_record(std::string domain, std::string id) {
    TxtRecordFacts record;
    record.name = "_mta-sts." + domain;
    record.txt = {"v=STSv1; id=" + id};
    record.id = std::move(id);
    record.ttl = 3600;
    return record;
}

inline TxtRecordFacts tlsrpt_record(std::string domain) {
    TxtRecordFacts record;
    record.name = "_smtp._tls." + domain;
    record.txt = {"v=TLSRPTv1; rua=mailto:tlsrpt@" + domain};
    record.rua = {"mailto:tlsrpt@" + domain};
    record.rua_destinations = {{"mailto:tlsrpt@" + domain, domain, true}};
    record.ttl = 3600;
    return record;
}

inline PolicyFacts policy(std::string domain, std::string mode, std::vector<std::string> mx) {
    PolicyFacts p;
    p.url = "https://mta-sts." + domain + "/.well-known/mta-sts.txt";
    p.http_status = 200;
    p.content_type = "text/plain";
    p.mode = std::move(mode);
    p.max_age = 604800;
    p.cached_until = k_2026_01_01 + 604800;
    p.mx = std::move(mx);
    std::string raw = "version: STSv1\r\nmode: " + *p.mode + "\r\n";
    for (const auto& m : p.mx) raw += "mx: " + m + "\r\n";
    raw += "max_age: 604800\r\n";
    p.raw = raw;
    p.cert = good_cert("mta-sts." + domain, 89);
    return p;
}

// A pass: enforce policy, two MX hosts (one dual-stack) both deliverable, TLS-RPT published,
// the record reached through a CNAME (an info finding).
inline DomainReport pass_two_mx() {
    DomainReport report;
    report.domain = "example.com";
    report.verdict = Verdict::pass;
    report.elapsed_ms = 412;
    report.sts_record = sts_record("example.com", "20260101T000000");
    report.sts_record->cname_chain = {"_mta-sts.example.com", "_mta-sts.sts-provider.example"};
    report.policy = policy("example.com", "enforce", {"mx1.example.com", "mx2.example.com"});
    report.tlsrpt_record = tlsrpt_record("example.com");
    MxHost mx1{"mx1.example.com",
               10,
               true,
               true,
               {good_probe("192.0.2.10", "mx1.example.com"), good_probe("2001:db8::10", "mx1.example.com")}};
    MxHost mx2{"mx2.example.com", 20, true, true, {good_probe("192.0.2.20", "mx2.example.com")}};
    report.mx = {mx1, mx2};
    report.findings = {finding("sts.record.cname", Severity::info, "_mta-sts.sts-provider.example",
                               "The MTA-STS record is reached through a CNAME to _mta-sts.sts-provider.example.",
                               "RFC 8461 §8.2", "")};
    return report;
}

// A fail: enforce policy, mx2 not covered by the policy and its certificate expired, an IPv6
// address of mx1 unreachable, a short max_age, an ignored TLS-RPT warning, an info note, and
// hostile bytes from the wire (escape sequence in a certificate subject, invalid UTF-8 in the
// policy body).
inline DomainReport fail_mixed() {
    DomainReport report;
    report.domain = "example.net";
    report.verdict = Verdict::fail;
    report.elapsed_ms = 1830;
    report.sts_record = sts_record("example.net", "2026a");
    report.policy = policy("example.net", "enforce", {"mx1.example.net"});
    report.policy->max_age = 3600;
    report.policy->cached_until = k_2026_01_01 + 3600;
    report.policy->raw = "version: STSv1\nmode: enforce\nmx: mx1.example.net\nmax_age: 3600\n# \xff\xfe\n";
    MxHost mx1{"mx1.example.net", 10, true, true, {good_probe("198.51.100.7", "mx1.example.net")}};
    AddressProbe v6;
    v6.ip = "2001:db8:5::7";
    v6.error = "connect: Connection timed out after 10 s";
    mx1.addresses.push_back(v6);
    AddressProbe expired = good_probe("198.51.100.8", "mx2.example.net");
    expired.tls_version = "TLSv1.2";
    expired.cert->days_left = -3;
    expired.cert->subject = "CN=mx2.example.net\x1b[31m,O=Evil";
    expired.sni_required = true;
    expired.legacy_tls_accepted = true;
    expired.legacy_tls_version = "TLSv1.1";
    MxHost mx2{"mx2.example.net", 20, false, false, {expired}};
    report.mx = {mx1, mx2};
    report.findings = {
        finding("policy.max-age-short", Severity::warning, "max_age: 3600",
                "max_age is 3600 seconds (1 hour): senders refetch the policy often and lose it quickly if the host is "
                "down.",
                "RFC 8461 §3.2", "Raise max_age to at least 86400 (one day); 604800 (a week) or more is common."),
        finding("mx.not-covered", Severity::error, "mx2.example.net",
                "MX host mx2.example.net matches no mx line of the enforce policy: senders refuse to deliver to it "
                "and queue the mail for retry.",
                "RFC 8461 §4.1",
                "Add \"mx: mx2.example.net\" (or a *.example.net pattern) to the policy and change the id.",
                "validation-failure"),
        finding("mx.cert-expired", Severity::error, "198.51.100.8",
                "The certificate of mx2.example.net expired 3 days ago.", "RFC 8461 §4.2",
                "Renew the certificate and reload the mail server.", "certificate-expired"),
        finding("mx.unreachable", Severity::warning, "2001:db8:5::7",
                "mx1.example.net does not answer on 2001:db8:5::7 port 25 while its other address does.",
                "RFC 5321 §5.1", "Open port 25 on this address or remove its AAAA record."),
        finding("policy.line-endings", Severity::info, "https://mta-sts.example.net/.well-known/mta-sts.txt",
                "Policy lines end in a bare LF; the RFC asks for CRLF (senders accept both).", "RFC 8461 §3.2",
                "Serve the policy with CRLF line endings."),
        finding("tlsrpt.record.missing", Severity::warning, "_smtp._tls.example.net",
                "No v=TLSRPTv1 record at _smtp._tls.example.net: nobody hears about delivery failures.", "RFC 8460 §3",
                "Publish _smtp._tls.example.net. IN TXT \"v=TLSRPTv1; rua=mailto:tls@example.net\"."),
    };
    report.findings.back().ignored = true;
    return report;
}

// A lint of a policy file and a record, without a domain: no fetch, no MX, no TLS-RPT.
inline DomainReport lint_only() {
    DomainReport report;
    report.verdict = Verdict::warn;
    TxtRecordFacts record;
    record.name = "_mta-sts";
    record.txt = {"v=STSv1; id=abc123"};
    record.id = "abc123";
    report.sts_record = record;
    PolicyFacts p;
    p.raw = "version: STSv1\r\nmode: testing\r\nmx: mail.example.org\r\nnmx: backup.example.org\r\nmax_age: 86400\r\n";
    p.mode = "testing";
    p.max_age = 86400;
    p.mx = {"mail.example.org"};
    report.policy = p;
    report.findings = {
        finding("policy.mode-testing", Severity::info, "mode: testing",
                "Testing mode: senders report failures but still deliver.", "RFC 8461 §5", ""),
        finding("policy.unknown-key", Severity::warning, "line 4",
                "Unknown key \"nmx\" is ignored by senders; did you mean \"mx\"?", "RFC 8461 §3.2",
                "Rename the key to \"mx\"."),
    };
    return report;
}

// An incomplete check: the _mta-sts lookup SERVFAILed and no MX answered on port 25.
inline DomainReport incomplete() {
    DomainReport report;
    report.domain = "example.org";
    report.verdict = Verdict::incomplete;
    report.elapsed_ms = 10042;
    report.tlsrpt_record = tlsrpt_record("example.org");
    AddressProbe timed_out;
    timed_out.ip = "203.0.113.25";
    timed_out.error = "connect: Connection timed out after 10 s";
    report.mx = {MxHost{"mail.example.org", 10, std::nullopt, std::nullopt, {timed_out}}};
    report.findings = {
        in_area(finding("dns.lookup-failed", Severity::inconclusive, "TXT _mta-sts.example.org (SERVFAIL)",
                        "The TXT query for _mta-sts.example.org failed with SERVFAIL.", "RFC 8461 §3.1",
                        "Retry later or with another --resolver; a failing lookup is not proof of a misconfiguration."),
                Area::record),
        finding("mx.probe-inconclusive", Severity::inconclusive, "mail.example.org",
                "No MX address answered on port 25 from here: outbound port 25 is probably blocked.", "RFC 8461 §4",
                "Run the check from a host that sends mail, or use --no-smtp."),
        in_area(finding("dns.lookup-failed", Severity::inconclusive, "A mta-sts.example.org (timeout)",
                        "The A query for mta-sts.example.org timed out.", "RFC 8461 §3.3",
                        "Retry later or with another --resolver; a failing lookup is not proof of a misconfiguration."),
                Area::policy),
    };
    return report;
}

// A report whose wire data tries to break every output format: workflow-command injection
// (CR, LF, "::", '%'), XML markup and CDATA ends, characters XML 1.0 forbids, a terminal
// escape, OpenMetrics label quoting, and invalid UTF-8.
inline DomainReport hostile() {
    DomainReport report;
    report.domain = "evil.example";
    report.verdict = Verdict::fail;
    report.elapsed_ms = 7;
    report.policy = policy("evil.example", "enforce", {"mx.evil.example"});
    AddressProbe probe = good_probe("192.0.2.66", "mx.evil.example");
    MxHost host{"mx.evil.example\"} 1\\n\nfake_metric 1", 10, true, false, {probe}};
    report.mx = {host};
    report.findings = {
        finding("mx.smtp-error", Severity::error, "192.0.2.66:25, port\r\n::error::injected",
                "The greeting was \"554 <b>&amp;</b> ]]> 100% bad\r\n::error title=x::injected\x01\x1b[31m\xff\xfe\"",
                "RFC 5321 §4.2", "Fix the server's greeting: <it> & \"quotes\" 50%"),
        finding("policy.invalid", Severity::error, "line 2", "line 2, column 5: bad byte \x0b\x0c", "RFC 8461 §3.2",
                "Rewrite the line."),
    };
    report.findings.back().line = 2;
    report.findings.back().column = 5;
    return report;
}

// Compares `actual` with tests/golden/render/<name>; MTASTS_UPDATE_GOLDEN=1 rewrites the file
// instead (review the diff before committing it).
inline void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = std::string(MTASTS_SOURCE_DIR) + "/tests/golden/render/" + name;
    const char* update = std::getenv("MTASTS_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("rewrote golden file " << path);
        return;
    }
    std::ifstream in(path, std::ios::binary);
    INFO("golden file " << path << " (MTASTS_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(in.good());
    std::ostringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

// The lines of a rendered text, without their newlines.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace render_fixtures
