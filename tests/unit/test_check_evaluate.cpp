// The evaluator from plain observations: every live finding it derives, coverage both ways,
// deliverability per MX and the verdict. No network: observations are built by hand.
#include <catch2/catch.hpp>

#include <algorithm>

#include "mtasts/check/evaluate.hpp"
#include "test_check_fixtures.hpp"

using namespace mtasts;
using namespace mtasts::check;
using namespace mtasts::model;
using namespace check_fixtures;

namespace {

void set_body(Observation& o, const std::string& body) { o.policy->fetches.front().body = body; }

}  // namespace

TEST_CASE("a fully good domain passes and every MX is deliverable") {
    const auto report = evaluate(good_domain());
    INFO(Catch::Detail::stringify(ids(report)));
    CHECK(report.verdict == model::Verdict::pass);
    CHECK_FALSE(std::ranges::any_of(report.findings, [](const auto& f) { return f.severity != model::Severity::info; }));
    REQUIRE(report.mx.size() == 2);
    for (const auto& host : report.mx) {
        CHECK(host.covered_by_policy == true);
        CHECK(host.deliverable_under_policy == true);
        for (const auto& address : host.addresses) {
            REQUIRE(address.cert);
            CHECK(address.cert->name_match == true);
            CHECK(address.cert->days_left == 60);
        }
    }
    REQUIRE(report.policy);
    CHECK(report.policy->mode == "enforce");
    CHECK(report.policy->max_age == 604800);
    CHECK(report.policy->cached_until == k_now + 604800);  // F1: fetched "now"
    CHECK(report.sts_record->id == "20260101");
    CHECK(report.tlsrpt_record->rua == std::vector<std::string>{"mailto:tlsrpt@example.test"});
}

TEST_CASE("an MX outside the patterns is refused in enforce mode, reported in testing mode") {
    auto o = good_domain();
    o.mx->hosts.push_back(mx_host("backup.other.test", 30, {"127.0.0.14"}));
    SECTION("enforce") {
        const auto report = evaluate(o);
        CHECK(first(report, "mx.not-covered").severity == model::Severity::error);
        CHECK(first(report, "mx.not-covered").subject == "backup.other.test");
        CHECK(report.mx.back().covered_by_policy == false);
        CHECK(report.mx.back().deliverable_under_policy == false);
        CHECK_FALSE(has(report, "delivery.blocked"));  // mx1 and mx2 still accept mail
        CHECK(report.verdict == model::Verdict::fail);
    }
    SECTION("testing") {
        set_body(o, "version: STSv1\nmode: testing\nmx: mx1.example.test\nmx: mx2.example.test\nmax_age: 604800\n");
        const auto report = evaluate(o);
        CHECK(first(report, "mx.not-covered").severity == model::Severity::warning);
        CHECK(has(report, "policy.mode-testing"));
        CHECK(report.verdict == model::Verdict::warn);
    }
}

TEST_CASE("enforce with no deliverable MX means mail is lost") {
    auto o = good_domain();
    set_body(o, "version: STSv1\nmode: enforce\nmx: mail.elsewhere.test\nmax_age: 604800\n");
    const auto report = evaluate(o);
    CHECK(has(report, "delivery.blocked"));
    CHECK(has(report, "policy.mx-unused"));
    CHECK(first(report, "policy.mx-unused").subject == "mail.elsewhere.test");
    CHECK(std::ranges::count(ids(report), std::string("mx.not-covered")) == 2);
}

TEST_CASE("a failed lookup is inconclusive, never 'no record'") {
    auto o = good_domain();
    o.sts->records.clear();
    o.sts->failure = DnsFailure{"TXT _mta-sts.example.test", "SERVFAIL"};
    const auto report = evaluate(o);
    CHECK(has(report, "dns.lookup-failed"));
    CHECK_FALSE(has(report, "sts.record.missing"));
    CHECK(report.verdict == model::Verdict::incomplete);
}

TEST_CASE("a failed lookup is listed in the report section of what it asked about") {
    auto o = good_domain();
    const auto area_of_failure = [](const model::DomainReport& report, std::string_view id) {
        REQUIRE(has(report, id));
        return first(report, id).area;
    };
    SECTION("the _mta-sts record") {
        o.sts->failure = DnsFailure{"TXT _mta-sts.example.test", "SERVFAIL"};
        CHECK(area_of_failure(evaluate(o), "dns.lookup-failed") == model::Area::record);
    }
    SECTION("the TLS-RPT record") {
        o.tlsrpt->failure = DnsFailure{"TXT _smtp._tls.example.test", "SERVFAIL"};
        CHECK(area_of_failure(evaluate(o), "dns.lookup-failed") == model::Area::tlsrpt);
    }
    SECTION("the policy host") {
        o.policy->fetches.clear();
        o.policy->address_failure = DnsFailure{"A mta-sts.example.test", "timeout", true};
        CHECK(area_of_failure(evaluate(o), "local.failure") == model::Area::policy);
    }
    SECTION("the MX record and an MX host") {
        o.mx->hosts[1].addresses.clear();
        o.mx->hosts[1].address_failure = DnsFailure{"A mx2.example.test", "SERVFAIL"};
        CHECK(area_of_failure(evaluate(o), "dns.lookup-failed") == model::Area::mx);
        o.mx->failure = DnsFailure{"MX example.test", "SERVFAIL"};
        CHECK(area_of_failure(evaluate(o), "dns.lookup-failed") == model::Area::mx);
    }
}

TEST_CASE("port 25 blocked from here is inconclusive, one dead address among live ones is a warning") {
    auto o = good_domain();
    SECTION("nothing answers") {
        for (auto& host : o.mx->hosts)
            for (auto& a : host.addresses) a.probe = ProbeObservation{model::NetError{model::NetErrorKind::connect_timeout, ""}, false, {}, {}, {}, {}};
        const auto report = evaluate(o);
        CHECK(has(report, "mx.probe-inconclusive"));
        CHECK_FALSE(has(report, "mx.unreachable"));
        CHECK_FALSE(has(report, "delivery.blocked"));
        CHECK(report.verdict == model::Verdict::incomplete);
        CHECK_FALSE(report.mx.front().deliverable_under_policy.has_value());
    }
    SECTION("one address refuses") {
        o.mx->hosts[0].addresses[0].probe = ProbeObservation{model::NetError{model::NetErrorKind::connect_refused, ""}, false, {}, {}, {}, {}};
        const auto report = evaluate(o);
        CHECK(first(report, "mx.unreachable").subject == "mx1.example.test [127.0.0.11]");
        CHECK_FALSE(has(report, "mx.probe-inconclusive"));
        CHECK(report.mx.front().deliverable_under_policy == true);  // its other address works
        CHECK(report.verdict == model::Verdict::warn);
    }
}

TEST_CASE("SMTP and TLS failures of an MX address") {
    auto o = good_domain();
    auto& probe = *o.mx->hosts[0].addresses[0].probe;
    SECTION("no STARTTLS") {
        probe = ProbeObservation{model::NetError{model::NetErrorKind::starttls_not_offered, ""}, false, {}, {}, {}, {}};
        const auto report = evaluate(o);
        CHECK(first(report, "mx.starttls-missing").tlsrpt_result_type == "starttls-not-supported");
        CHECK(report.mx[0].addresses[0].starttls == false);
        CHECK(report.mx[0].deliverable_under_policy == true);  // the second address of mx1 works
    }
    SECTION("454 to STARTTLS") {
        probe = ProbeObservation{model::NetError{model::NetErrorKind::starttls_refused, "454 4.7.0 TLS not available"}, true, {}, {}, {}, {}};
        CHECK(first(evaluate(o), "mx.starttls-failed").message.find("454 4.7.0") != std::string::npos);
    }
    SECTION("554 greeting") {
        probe = ProbeObservation{model::NetError{model::NetErrorKind::smtp_reply, "554 go away"}, false, {}, {}, {}, {}};
        CHECK(has(evaluate(o), "mx.smtp-error"));
    }
    SECTION("expired, untrusted, wrong name") {
        probe.cert->not_after = k_now - 3 * k_day;
        probe.cert->trusted = false;
        probe.cert->chain_error = "self-signed certificate";
        probe.cert->san = {"other.example.test"};
        const auto report = evaluate(o);
        CHECK(first(report, "mx.cert-expired").message.find("expired 3 days ago") != std::string::npos);
        CHECK(first(report, "mx.cert-untrusted").message.find("self-signed") != std::string::npos);
        CHECK(first(report, "mx.cert-name-mismatch").tlsrpt_result_type == "certificate-host-mismatch");
        CHECK(report.mx[0].addresses[0].cert->name_match == false);
        CHECK(report.mx[0].addresses[0].cert->days_left == -3);
    }
    SECTION("expiring soon is a warning") {
        probe.cert->not_after = k_now + 5 * k_day + 10;
        const auto report = evaluate(o);
        CHECK(first(report, "mx.cert-expiring").severity == model::Severity::warning);
        CHECK(report.verdict == model::Verdict::warn);
    }
    SECTION("TLS 1.0 is the old-version warning and, since current senders cannot connect, an error") {
        probe.tls_version = "TLSv1";
        const auto report = evaluate(o);
        CHECK(first(report, "mx.tls-version-old").severity == model::Severity::warning);
        CHECK(first(report, "mx.tls-version-too-old").severity == model::Severity::error);
        CHECK(report.verdict == model::Verdict::fail);
    }
    SECTION("every address of every MX fails: delivery blocked") {
        for (auto& host : o.mx->hosts)
            for (auto& a : host.addresses) a.probe->cert->trusted = false;
        CHECK(has(evaluate(o), "delivery.blocked"));
    }
}

TEST_CASE("the policy fetch: redirect, status, media type, size, certificate, addresses") {
    auto o = good_domain();
    auto& fetch = o.policy->fetches.front();
    SECTION("redirect names its target and is never followed") {
        fetch.status = 301;
        fetch.location = "https://www.example.test/";
        const auto report = evaluate(o);
        CHECK(first(report, "policy.redirect").message.find("https://www.example.test/") != std::string::npos);
        CHECK_FALSE(report.policy->mode.has_value());
    }
    SECTION("503 may be temporary") {
        fetch.status = 503;
        CHECK(first(evaluate(o), "policy.http-status").message.find("temporary") != std::string::npos);
    }
    SECTION("soft 404 page") {
        fetch.content_type = "text/html";
        fetch.body = "<html>not found</html>";
        CHECK(has(evaluate(o), "policy.content-type"));
    }
    SECTION("too large") {
        fetch.too_large = true;
        fetch.body_bytes = 65537;
        CHECK(first(evaluate(o), "policy.too-large").tlsrpt_result_type == "sts-policy-fetch-error");
    }
    SECTION("certificate for the provider's name only") {
        fetch.cert->san = {"mta-sts.provider.test"};
        const auto report = evaluate(o);
        CHECK(first(report, "policy.cert-name-mismatch").tlsrpt_result_type == "sts-webpki-invalid");
        CHECK_FALSE(report.policy->cached_until.has_value());  // senders reject it, so nothing is cached
    }
    SECTION("no answer at all") {
        fetch = PolicyFetch{};
        fetch.ip = "127.0.0.10";
        fetch.error = model::NetError{model::NetErrorKind::connect_refused, ""};
        const auto report = evaluate(o);
        CHECK(first(report, "policy.fetch-failed").message.find("connection refused") != std::string::npos);
        CHECK_FALSE(has(report, "delivery.blocked"));  // senders without a cached policy apply none
    }
    SECTION("second address serves another body") {
        PolicyFetch other = fetch;
        other.ip = "::1";
        other.body = "version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 86400\n";
        o.policy->fetches.push_back(other);
        CHECK(first(evaluate(o), "policy.addresses-differ").subject == "::1");
    }
    SECTION("host without address") {
        o.policy->host_resolved = false;
        o.policy->fetches.clear();
        CHECK(has(evaluate(o), "policy.host-unresolvable"));
    }
    SECTION("slow and cacheable") {
        fetch.elapsed_ms = 5200;
        fetch.cache_control = "public, max-age=86400";
        const auto report = evaluate(o);
        CHECK(has(report, "policy.slow"));
        CHECK(has(report, "policy.cache-control"));
    }
}

TEST_CASE("an invalid record: the policy is shown for diagnosis, senders ignore it") {
    auto o = good_domain();
    o.sts->records = {"v=STSv1; id=2026-01-01"};
    const auto report = evaluate(o);
    CHECK(has(report, "sts.record.id-invalid"));
    CHECK(has(report, "policy.ignored"));
    CHECK(report.policy->mode == "enforce");
    CHECK_FALSE(has(report, "delivery.blocked"));
}

TEST_CASE("null MX, implicit MX and no MX") {
    auto o = good_domain();
    SECTION("null MX with an enforce policy: nothing probed") {
        o.mx = MxObservation{};
        o.mx->null_mx = true;
        const auto report = evaluate(o);
        CHECK(has(report, "mx.null"));
        CHECK(has(report, "mx.null-with-policy"));
        CHECK(report.mx.empty());
    }
    SECTION("implicit MX covered by no pattern is at most a warning") {
        o.mx = MxObservation{};
        o.mx->implicit = true;
        o.mx->hosts.push_back(mx_host("example.test", 0, {"127.0.0.20"}));
        o.mx->hosts.back().preference.reset();
        const auto report = evaluate(o);
        CHECK(has(report, "mx.implicit"));
        CHECK(first(report, "mx.not-covered").severity == model::Severity::warning);
    }
    SECTION("no MX and no address") {
        o.mx = MxObservation{};
        o.mx->implicit = true;
        o.mx->hosts.push_back(MxHostObservation{"example.test", std::nullopt, {}, true, std::nullopt});
        CHECK(has(evaluate(o), "mx.none"));
    }
    SECTION("MX host without address") {
        o.mx->hosts[1].addresses.clear();
        const auto report = evaluate(o);
        CHECK(first(report, "mx.unresolvable").subject == "mx2.example.test");
        CHECK(report.mx[1].deliverable_under_policy == false);
    }
}

TEST_CASE("skipped SMTP probes (--no-smtp) leave deliverability unknown") {
    auto o = good_domain();
    o.smtp_skipped = true;
    for (auto& host : o.mx->hosts)
        for (auto& a : host.addresses) a.probe.reset();
    const auto report = evaluate(o);
    CHECK(has(report, "mx.probe-skipped"));
    CHECK(report.mx[0].covered_by_policy == true);
    CHECK_FALSE(report.mx[0].deliverable_under_policy.has_value());
    CHECK(report.verdict == model::Verdict::pass);
}

TEST_CASE("records reached through a CNAME are noted") {
    auto o = good_domain();
    o.sts->cname_chain = {"_mta-sts.provider.test"};
    o.tlsrpt->cname_chain = {"_smtp._tls.provider.test"};
    const auto report = evaluate(o);
    CHECK(first(report, "sts.record.cname").subject == "_mta-sts.provider.test");
    CHECK(has(report, "tlsrpt.record.cname"));
}

TEST_CASE("a rua destination that cannot receive reports is a warning, one that could not be looked up is not judged") {
    using Kind = model::RuaKind;
    auto o = good_domain();
    const DnsFailure servfail{"MX slow.example", "SERVFAIL"};
    o.rua_destinations = {
        {"mailto:ok@example.test", Kind::mail, "example.test", false, true, std::nullopt},
        {"mailto:r@nullmx.example", Kind::mail, "nullmx.example", true, false, std::nullopt},
        {"mailto:r@nothing.example", Kind::mail, "nothing.example", false, false, std::nullopt},
        {"https://reports.example/x", Kind::https, "reports.example", false, false, std::nullopt},
        {"mailto:r@slow.example", Kind::mail, "slow.example", false, false, servfail},
    };
    const auto report = evaluate(o);
    std::vector<std::string> subjects;
    for (const auto& finding : report.findings) {
        if (finding.id != "tlsrpt.rua-unreachable") continue;
        CHECK(finding.severity == model::Severity::warning);
        subjects.push_back(finding.subject);
    }
    CHECK(subjects == std::vector<std::string>{"mailto:r@nullmx.example", "mailto:r@nothing.example", "https://reports.example/x"});
    CHECK(first(report, "tlsrpt.rua-unreachable").message.find("null MX") != std::string::npos);
    CHECK(report.verdict == model::Verdict::warn);  // a lookup failure of a rua host is no reason for "incomplete"
    const auto& facts = report.tlsrpt_record->rua_destinations;
    REQUIRE(facts.size() == 5);
    CHECK(facts[0].reachable == true);
    CHECK(facts[1].reachable == false);
    CHECK_FALSE(facts[4].reachable.has_value());
    CHECK(report.tlsrpt_record->ttl == 3600u);
}

namespace {

// An extra session that completed its handshake with `version`.
ProbeObservation handshake_ok(const std::string& version) {
    return ProbeObservation{std::nullopt, true, version, "ECDHE-RSA-AES256-SHA", std::nullopt, true};
}

// An extra session that stopped with `error` (the server's or the TLS library's words in detail).
ProbeObservation session_failed(model::NetErrorKind error, const std::string& detail) {
    return ProbeObservation{model::NetError{error, detail}, error != model::NetErrorKind::starttls_not_offered,
                            std::nullopt, std::nullopt, std::nullopt, std::nullopt};
}

}  // namespace

TEST_CASE("TLS versions and the extra sessions of an MX address (docs/rfc-rules.md E8, E9)") {
    auto o = good_domain();
    auto& address = o.mx->hosts[0].addresses[0];
    address.probe_without_sni = handshake_ok("TLSv1.3");
    address.probe_legacy_tls = session_failed(model::NetErrorKind::tls_handshake_failed, "tlsv1 alert protocol version");
    const auto new_ids = {"mx.tls13-missing", "mx.sni-required", "mx.tls-legacy-accepted"};
    auto none_of_the_new = [&](const model::DomainReport& report) {
        return std::ranges::none_of(new_ids, [&](const char* id) { return has(report, id); });
    };

    SECTION("TLS 1.3, no SNI needed, legacy TLS refused: nothing to say, the facts are false") {
        const auto report = evaluate(o);
        CHECK(none_of_the_new(report));
        CHECK(report.verdict == model::Verdict::pass);
        CHECK(report.mx[0].addresses[0].sni_required == false);
        CHECK(report.mx[0].addresses[0].legacy_tls_accepted == false);
        CHECK_FALSE(report.mx[0].addresses[0].legacy_tls_version.has_value());
    }
    SECTION("TLS 1.2 negotiated while 1.3 was offered: a note, not a problem") {
        address.probe->tls_version = "TLSv1.2";
        const auto report = evaluate(o);
        const auto& note = first(report, "mx.tls13-missing");
        CHECK(note.severity == model::Severity::info);
        CHECK(note.subject == "mx1.example.test [127.0.0.11]");
        CHECK(note.message.find("TLS 1.2") != std::string::npos);
        CHECK(report.verdict == model::Verdict::pass);
        CHECK_FALSE(has(report, "mx.tls-version-old"));
    }
    SECTION("TLS 1.0 negotiated: the old-version warning, not the TLS 1.3 note") {
        address.probe->tls_version = "TLSv1";
        const auto report = evaluate(o);
        CHECK(has(report, "mx.tls-version-old"));
        CHECK_FALSE(has(report, "mx.tls13-missing"));
    }
    SECTION("a handshake without SNI refused: a warning, with the server's words") {
        address.probe_without_sni = session_failed(model::NetErrorKind::tls_handshake_failed, "tlsv1 unrecognized name");
        const auto report = evaluate(o);
        const auto& warning = first(report, "mx.sni-required");
        CHECK(warning.severity == model::Severity::warning);
        CHECK(warning.rfc == "RFC 8461 §7.1");
        CHECK(warning.message.find("unrecognized name") != std::string::npos);
        CHECK(report.verdict == model::Verdict::warn);
        CHECK(report.mx[0].addresses[0].sni_required == true);
        CHECK(report.mx[0].deliverable_under_policy == true);  // senders send SNI: mail still flows
    }
    SECTION("TLS 1.1 still accepted next to TLS 1.3: a warning naming the version") {
        address.probe_legacy_tls = handshake_ok("TLSv1.1");
        const auto report = evaluate(o);
        const auto& warning = first(report, "mx.tls-legacy-accepted");
        CHECK(warning.severity == model::Severity::warning);
        CHECK(warning.message.find("TLSv1.1") != std::string::npos);
        CHECK(warning.message.find("TLSv1.3") != std::string::npos);
        CHECK(report.mx[0].addresses[0].legacy_tls_accepted == true);
        CHECK(report.mx[0].addresses[0].legacy_tls_version == "TLSv1.1");
    }
    SECTION("an MX that negotiates TLS 1.0 anyway gets one warning, not two") {
        address.probe->tls_version = "TLSv1";
        address.probe_legacy_tls = handshake_ok("TLSv1");
        const auto report = evaluate(o);
        CHECK(has(report, "mx.tls-version-old"));
        CHECK_FALSE(has(report, "mx.tls-legacy-accepted"));
        CHECK(report.mx[0].addresses[0].legacy_tls_accepted == true);
    }
    SECTION("an extra session that failed before or outside the handshake proves nothing") {
        const model::NetErrorKind error =
            GENERATE(model::NetErrorKind::connect_refused, model::NetErrorKind::connect_timeout, model::NetErrorKind::greeting_timeout,
                     model::NetErrorKind::smtp_reply, model::NetErrorKind::protocol_garbage, model::NetErrorKind::closed_early,
                     model::NetErrorKind::starttls_not_offered, model::NetErrorKind::starttls_refused, model::NetErrorKind::timeout);
        address.probe_without_sni = session_failed(error, "421 too many connections");
        address.probe_legacy_tls = session_failed(error, "421 too many connections");
        const auto report = evaluate(o);
        CHECK(none_of_the_new(report));
        CHECK(report.verdict == model::Verdict::pass);
        CHECK_FALSE(report.mx[0].addresses[0].sni_required.has_value());
        CHECK_FALSE(report.mx[0].addresses[0].legacy_tls_accepted.has_value());
    }
    SECTION("extra sessions not made (--single-probe): no finding, the facts are null") {
        address.probe_without_sni.reset();
        address.probe_legacy_tls.reset();
        address.probe->tls_version = "TLSv1.2";
        const auto report = evaluate(o);
        CHECK(has(report, "mx.tls13-missing"));  // from the main session alone
        CHECK_FALSE(has(report, "mx.sni-required"));
        CHECK_FALSE(report.mx[0].addresses[0].sni_required.has_value());
        CHECK_FALSE(report.mx[0].addresses[0].legacy_tls_accepted.has_value());
    }
    SECTION("when the main session failed, the extra sessions are not judged") {
        address.probe = session_failed(model::NetErrorKind::starttls_refused, "454 4.7.0 TLS not available");
        address.probe_without_sni = session_failed(model::NetErrorKind::tls_handshake_failed, "handshake failure");
        address.probe_legacy_tls = handshake_ok("TLSv1.1");
        const auto report = evaluate(o);
        CHECK(has(report, "mx.starttls-failed"));
        CHECK(none_of_the_new(report));
        CHECK_FALSE(report.mx[0].addresses[0].sni_required.has_value());
        CHECK_FALSE(report.mx[0].addresses[0].legacy_tls_accepted.has_value());
    }
}

TEST_CASE("a cipher suite without forward secrecy is a note (docs/rfc-rules.md E10, RFC 9325 §4.1)") {
    auto o = good_domain();
    auto& probe = *o.mx->hosts[0].addresses[0].probe;
    SECTION("static RSA key exchange chosen") {
        probe.tls_version = "TLSv1.2";
        probe.cipher = "AES128-GCM-SHA256";
        probe.forward_secrecy = false;
        const auto report = evaluate(o);
        const auto& note = first(report, "mx.forward-secrecy-missing");
        CHECK(note.severity == model::Severity::info);
        CHECK(note.subject == "mx1.example.test [127.0.0.11]");
        CHECK(note.message.find("AES128-GCM-SHA256") != std::string::npos);
        CHECK(report.mx[0].addresses[0].forward_secrecy == false);
        CHECK(report.verdict == model::Verdict::pass);
    }
    SECTION("ephemeral key exchange: nothing to say") {
        const auto report = evaluate(o);
        CHECK_FALSE(has(report, "mx.forward-secrecy-missing"));
        CHECK(report.mx[0].addresses[0].forward_secrecy == true);
    }
    SECTION("unknown (no handshake fact): nothing to say") {
        probe.forward_secrecy.reset();
        CHECK_FALSE(has(evaluate(o), "mx.forward-secrecy-missing"));
    }
}
