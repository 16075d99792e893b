// The text renderer: layout (header, sections in order, MX table, closing counts), what quiet
// and verbose show, wrapping at 100 columns, escaping of hostile bytes, colour that repeats
// the text and adds nothing, batch lines, and golden files.
#include <catch2/catch.hpp>
#include <random>
#include <regex>
#include <sstream>

#include "mtasts/model/catalog.hpp"
#include "mtasts/render/text.hpp"
#include "test_render_fixtures.hpp"

using mtasts::model::Area;
using mtasts::model::DomainReport;
using mtasts::model::Severity;
using mtasts::model::Verdict;
using mtasts::render::render_text;
using mtasts::render::TextStyle;

namespace {

std::string text_of(const DomainReport& report, TextStyle style = {}) {
    std::ostringstream out;
    render_text(out, report, style);
    return out.str();
}

// Code points before byte offset `offset` of `line`: the column a character is shown at.
std::size_t column_of(const std::string& line, std::size_t offset) {
    std::size_t column = 0;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
}

std::size_t columns(const std::string& line) {
    return column_of(line, line.size());
}

std::string strip_sgr(const std::string& text) {
    return std::regex_replace(text, std::regex("\x1b\\[[0-9;]*m"), "");
}

std::vector<DomainReport> all_fixtures() {
    return {render_fixtures::pass_two_mx(), render_fixtures::fail_mixed(), render_fixtures::lint_only(),
            render_fixtures::incomplete()};
}

// The line holding `needle`, or "" when none does.
std::string line_with(const std::string& text, const std::string& needle) {
    for (const auto& line : render_fixtures::lines_of(text)) {
        if (line.find(needle) != std::string::npos) return line;
    }
    return {};
}

}  // namespace

TEST_CASE("the header names the domain, the verdict and what matters most", "[render][text]") {
    CHECK(render_fixtures::lines_of(text_of(render_fixtures::fail_mixed())).front() ==
          "example.net  FAIL  — mail to 1 of 2 MX hosts would be refused");
    CHECK(render_fixtures::lines_of(text_of(render_fixtures::pass_two_mx())).front() ==
          "example.com  PASS  — policy mode enforce, both MX hosts accept mail from compliant senders");
    CHECK(render_fixtures::lines_of(text_of(render_fixtures::lint_only())).front() ==
          "(lint, no domain)  WARN  — Unknown key \"nmx\" is ignored by senders; did you mean \"mx\"?");
    const auto incomplete = render_fixtures::lines_of(text_of(render_fixtures::incomplete()));
    CHECK(incomplete.front().starts_with("example.org  INCOMPLETE  — The TXT query for _mta-sts.example.org failed"));
}

TEST_CASE("when every MX host would be refused the header says mail queues, then bounces", "[render][text]") {
    DomainReport report = render_fixtures::fail_mixed();
    report.mx[0].deliverable_under_policy = false;
    CHECK(render_fixtures::lines_of(text_of(report)).front() ==
          "example.net  FAIL  — mail to both MX hosts would be refused: senders queue it and retry, then bounce");
    report.mx.pop_back();
    CHECK(render_fixtures::lines_of(text_of(report))
              .front()
              .starts_with("example.net  FAIL  — mail to the only MX host would be refused:"));
    // Testing mode: senders report but deliver anyway (RFC 8461 §5), so nothing is refused.
    report.policy->mode = "testing";
    CHECK(render_fixtures::lines_of(text_of(report)).front().starts_with("example.net  FAIL  — MX host mx2.example.net matches"));
}

TEST_CASE("a fail without refused MX hosts names its first error and how many more", "[render][text]") {
    DomainReport report = render_fixtures::fail_mixed();
    for (auto& host : report.mx) host.deliverable_under_policy = true;
    CHECK(render_fixtures::lines_of(text_of(report)).front() ==
          "example.net  FAIL  — MX host mx2.example.net matches no mx line of the enforce policy: senders");
    CHECK(render_fixtures::lines_of(text_of(report))[1] == "    refuse to deliver to it and queue the mail for retry. (+1 more error)");
}

TEST_CASE("sections come in the fixed order, each titled", "[render][text]") {
    const std::string text = text_of(render_fixtures::fail_mixed());
    const auto record = text.find("\nMTA-STS record\n");
    const auto policy = text.find("\nPolicy\n");
    const auto mx = text.find("\nMX hosts\n");
    const auto tlsrpt = text.find("\nTLS-RPT\n");
    REQUIRE(record != std::string::npos);
    REQUIRE(policy != std::string::npos);
    REQUIRE(mx != std::string::npos);
    REQUIRE(tlsrpt != std::string::npos);
    CHECK(record < policy);
    CHECK(policy < mx);
    CHECK(mx < tlsrpt);
    // Each finding sits in the section of its area.
    const auto not_covered = text.find("matches no mx line");
    const auto max_age = text.find("max_age is 3600 seconds");
    CHECK((max_age > policy && max_age < mx));
    CHECK((not_covered > mx && not_covered < tlsrpt));
}

TEST_CASE("the last line repeats the verdict with the counts", "[render][text]") {
    CHECK(render_fixtures::lines_of(text_of(render_fixtures::fail_mixed())).back() == "FAIL: 2 errors, 2 warnings, 1 note, 1 ignored");
    CHECK(render_fixtures::lines_of(text_of(render_fixtures::pass_two_mx())).back() == "PASS: 1 note");
    CHECK(render_fixtures::lines_of(text_of(render_fixtures::incomplete())).back() == "INCOMPLETE: 3 inconclusive");
    DomainReport clean;
    clean.domain = "example.com";
    CHECK(render_fixtures::lines_of(text_of(clean)).back() == "PASS: no findings");
}

TEST_CASE("a lint report omits the sections it has nothing for", "[render][text]") {
    const std::string text = text_of(render_fixtures::lint_only());
    CHECK(text.find("\nMTA-STS record\n") != std::string::npos);
    CHECK(text.find("\nPolicy\n") != std::string::npos);
    CHECK(text.find("MX hosts") == std::string::npos);
    CHECK(text.find("TLS-RPT") == std::string::npos);
    CHECK(text.find("url ") == std::string::npos);  // no fetch happened, no empty fact line
}

TEST_CASE("findings read as mark, severity, message, subject, fix and cite", "[render][text]") {
    const auto lines = render_fixtures::lines_of(text_of(render_fixtures::fail_mixed()));
    const auto it = std::ranges::find_if(
        lines, [](const std::string& l) { return l.find("expired 3 days ago.") != std::string::npos; });
    REQUIRE(it != lines.end());
    CHECK(*it == "  ✗ error   The certificate of mx2.example.net expired 3 days ago.  (198.51.100.8)");
    CHECK(*(it + 1) == "            → fix: Renew the certificate and reload the mail server.");
    CHECK(*(it + 2) == "            mx.cert-expired · RFC 8461 §4.2 · senders report: certificate-expired");
    const std::string text = text_of(render_fixtures::incomplete());
    CHECK(text.find("  ? inconclusive No MX address answered") != std::string::npos);
    CHECK(line_with(text_of(render_fixtures::lint_only()), "(line 4)").starts_with("  ! warning Unknown key"));
}

TEST_CASE("every listed finding shows its id, for --ignore and grep", "[render][text]") {
    for (const auto& report : all_fixtures()) {
        for (const auto& style : {TextStyle{}, TextStyle{.verbose = true}, TextStyle{.quiet = true}}) {
            const std::string text = text_of(report, style);
            for (const auto& finding : report.findings) {
                if (style.quiet && (finding.ignored || finding.severity == Severity::info)) continue;
                INFO(finding.id);
                CHECK(text.find(finding.id) != std::string::npos);
            }
        }
    }
    const std::string text = text_of(render_fixtures::fail_mixed());
    // Compact and quiet findings end with the id (wrapped like the rest of the line).
    CHECK(text.find("[policy.line-endings]\n") != std::string::npos);
    CHECK(text.find("[tlsrpt.record.missing]\n") != std::string::npos);
    const std::string quiet = text_of(render_fixtures::fail_mixed(), {.quiet = true});
    const auto id = quiet.find("[mx.cert-expired]\n");
    REQUIRE(id != std::string::npos);
    CHECK(id > quiet.find("expired 3 days ago."));
    CHECK(id < quiet.find("→ fix: Renew the certificate"));
}

TEST_CASE("within a section errors come first and ignored findings last, marked", "[render][text]") {
    const std::string text = text_of(render_fixtures::fail_mixed());
    CHECK(text.find("✗ error   MX host mx2") < text.find("! warning mx1.example.net does not answer"));
    CHECK(text.find("! warning max_age") < text.find("· info    Policy lines"));
    const std::string ignored = line_with(text, "No v=TLSRPTv1 record");
    CHECK(ignored.starts_with("  ! warning (ignored) No v=TLSRPTv1 record"));
    // Compact outside verbose: no fix line after an ignored finding.
    CHECK(text.find("→ fix: Publish _smtp._tls") == std::string::npos);
}

TEST_CASE("info findings are compact unless verbose", "[render][text]") {
    const std::string plain = text_of(render_fixtures::fail_mixed());
    CHECK(plain.find("Policy lines end in a bare LF") != std::string::npos);
    CHECK(plain.find("→ fix: Serve the policy with CRLF line endings.") == std::string::npos);
    const std::string verbose = text_of(render_fixtures::fail_mixed(), {.verbose = true});
    CHECK(verbose.find("→ fix: Serve the policy with CRLF line endings.") != std::string::npos);
    CHECK(verbose.find("→ fix: Publish _smtp._tls.example.net.") != std::string::npos);
    CHECK(verbose.find("    │ version: STSv1") != std::string::npos);  // the policy body
    CHECK(verbose.find("      cipher  TLS_AES_256_GCM_SHA384") != std::string::npos);
}

TEST_CASE("quiet shows the header and the findings that need action only", "[render][text]") {
    const auto lines = render_fixtures::lines_of(text_of(render_fixtures::fail_mixed(), {.quiet = true}));
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.front() == "example.net  FAIL  — mail to 1 of 2 MX hosts would be refused");
    std::size_t findings = 0;
    for (const auto& line : lines) {
        INFO(line);
        CHECK(line.find("info") == std::string::npos);
        CHECK(line.find("(ignored)") == std::string::npos);
        CHECK(line.find("RFC ") == std::string::npos);
        CHECK(line != "Policy");
        CHECK_FALSE(line.starts_with("  host "));
        if (line.starts_with("  ✗ ") || line.starts_with("  ! ")) ++findings;
    }
    CHECK(findings == 4);
}

TEST_CASE("the MX table has one row per host and aligned address sub-rows", "[render][text]") {
    const std::string text = text_of(render_fixtures::pass_two_mx());
    const std::string title = line_with(text, "STARTTLS");
    CHECK(title == "  host             pref  covered  STARTTLS  TLS      certificate            deliverable");
    const std::string host = line_with(text, "  mx1.example.com  ");
    CHECK(host.starts_with("  mx1.example.com  10    ✓ yes"));
    CHECK(column_of(host, host.rfind("✓ yes")) == column_of(title, title.find("deliverable")));
    for (const std::string ip : {"192.0.2.10", "2001:db8::10", "192.0.2.20"}) {
        const std::string row = line_with(text, "    " + ip + " ");
        INFO(row);
        CHECK(column_of(row, row.find("TLSv1.3")) == column_of(title, title.find(" TLS ") + 1));
        CHECK(column_of(row, row.find("✓ valid, 89 days left")) == column_of(title, title.find("certificate")));
    }
    const std::string failing = text_of(render_fixtures::fail_mixed());
    CHECK(line_with(failing, "  mx2.example.net  ").find("✗ no") != std::string::npos);
    CHECK(line_with(failing, "198.51.100.8").find("✗ expired 3 days ago") != std::string::npos);
    CHECK(line_with(failing, "error   connect: Connection timed out") ==
          "      error   connect: Connection timed out after 10 s");
    const std::string unknown = line_with(text_of(render_fixtures::incomplete()), "  mail.example.org  ");
    CHECK(unknown.find("—") != std::string::npos);
    CHECK(unknown.find("✓") == std::string::npos);
}

TEST_CASE("certificates are summarised in words with the days left", "[render][text]") {
    DomainReport report = render_fixtures::pass_two_mx();
    auto& cert = *report.mx[0].addresses[0].cert;
    cert.days_left = 5;
    CHECK(line_with(text_of(report), "192.0.2.10").find("! valid, 5 days left") != std::string::npos);
    cert.trusted = false;
    cert.name_match = false;
    cert.days_left = 1;
    cert.chain_error = "unable to get local issuer certificate";
    const std::string text = text_of(report);
    CHECK(line_with(text, "192.0.2.10").find("✗ untrusted, name mismatch, 1 day left") != std::string::npos);
    CHECK(line_with(text, "      chain   ") == "      chain   unable to get local issuer certificate");
}

TEST_CASE("no line is wider than 100 columns and wrapping loses no word", "[render][text]") {
    DomainReport report = render_fixtures::fail_mixed();
    std::string message;
    for (int i = 0; i < 40; ++i) message += "word" + std::to_string(i) + " ";
    message += "end.";
    const std::string long_url = "https://mta-sts.example.net/" + std::string(150, 'x');
    report.findings.push_back(render_fixtures::finding("policy.http-status", Severity::error, long_url, message,
                                                       "RFC 8461 §3.3", "Serve it."));
    for (const auto& style : {TextStyle{}, TextStyle{.verbose = true}, TextStyle{.quiet = true}}) {
        const std::string text = text_of(report, style);
        for (const auto& line : render_fixtures::lines_of(text)) {
            INFO(line);
            if (line.find(long_url) == std::string::npos) CHECK(columns(line) <= 100);
        }
        CHECK(text.find("(" + long_url + ")") != std::string::npos);  // never truncated
    }
    const auto lines = render_fixtures::lines_of(text_of(report));
    auto it = std::ranges::find_if(lines, [](const std::string& l) { return l.find("word0 ") != std::string::npos; });
    REQUIRE(it != lines.end());
    CHECK(it->starts_with("  ✗ error   word0 word1"));
    std::string joined = it->substr(std::string("  ✗ error   ").size());
    for (++it; it != lines.end() && !it->starts_with("            ("); ++it) {
        REQUIRE(it->starts_with("            "));  // hanging indent under the message
        joined += " " + it->substr(12);
    }
    CHECK(joined == message);
}

TEST_CASE("bytes from the wire are escaped, never sent raw to the terminal", "[render][text]") {
    DomainReport report = render_fixtures::fail_mixed();
    report.sts_record->txt.push_back(
        "v=STSv1; id=\xe2\x80\xae"
        "evil\x07");
    for (const auto& style : {TextStyle{}, TextStyle{.verbose = true}, TextStyle{.color = true, .verbose = true}}) {
        const std::string text = strip_sgr(text_of(report, style));
        CHECK(text.find('\x1b') == std::string::npos);
        CHECK(text.find('\x07') == std::string::npos);
        CHECK(text.find("\xff") == std::string::npos);
        CHECK(text.find("\"v=STSv1; id=\\u{202e}evil\\x07\"") != std::string::npos);
    }
    const std::string verbose = text_of(report, {.verbose = true});
    CHECK(verbose.find("subject CN=mx2.example.net\\x1b[31m,O=Evil") != std::string::npos);
    // A literal backslash in data cannot pass for an escape; the checker's own words keep theirs.
    report.sts_record->txt = {"v=STSv1; id=a\\x01bc"};
    report.findings[0].message = "id 'a\\x5cx01bc' is not valid";
    const std::string backslash = text_of(report);
    CHECK(backslash.find("\"v=STSv1; id=a\\x5cx01bc\"") != std::string::npos);
    CHECK(backslash.find("id 'a\\x5cx01bc' is not valid") != std::string::npos);
    CHECK(verbose.find("│ # \\xff\\xfe") != std::string::npos);
}

namespace {

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or values above
// U+10FFFF) holding no control character but the line feed: no C0, DEL or C1 code point.
bool terminal_safe(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t n = 1;
        char32_t cp = b;
        if (b >= 0x80) {
            if ((b & 0xE0) == 0xC0) {
                n = 2;
                cp = b & 0x1F;
            } else if ((b & 0xF0) == 0xE0) {
                n = 3;
                cp = b & 0x0F;
            } else if ((b & 0xF8) == 0xF0) {
                n = 4;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (i + n > text.size()) return false;
            for (std::size_t k = 1; k < n; ++k) {
                const auto c = static_cast<unsigned char>(text[i + k]);
                if ((c & 0xC0) != 0x80) return false;
                cp = (cp << 6) | (c & 0x3F);
            }
            const char32_t minimum = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
            if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        }
        if ((cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) return false;
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("random bytes in every wire field give valid UTF-8 without control characters", "[render][text]") {
    std::mt19937 random(8461);  // fixed seed: the same inputs on every run
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 40);
    const auto noise = [&] {
        std::string bytes(static_cast<std::size_t>(length(random)), '\0');
        for (char& c : bytes) c = static_cast<char>(byte(random));
        return bytes;
    };
    for (int round = 0; round < 300; ++round) {
        DomainReport report = render_fixtures::fail_mixed();
        report.domain = noise();
        report.sts_record->txt = {noise(), noise()};
        report.policy->raw = noise() + "\n" + noise();
        report.policy->mode = noise();
        report.policy->mx = {noise()};
        report.mx[1].host = noise();
        report.mx[1].addresses[0].ip = noise();
        report.mx[1].addresses[0].tls_version = noise();
        report.mx[1].addresses[0].cert->subject = noise();
        report.mx[1].addresses[0].cert->san = {noise()};
        report.mx[0].addresses[1].error = noise();
        report.findings[1].message = noise();
        report.findings[1].subject = noise();
        for (const auto& style : {TextStyle{}, TextStyle{.verbose = true}, TextStyle{.quiet = true}}) {
            const std::string text = text_of(report, style);
            INFO(text);
            REQUIRE(terminal_safe(text));
        }
    }
}

TEST_CASE("colour only repeats what the text says", "[render][text]") {
    for (const auto& report : all_fixtures()) {
        for (const auto& style : {TextStyle{}, TextStyle{.verbose = true}, TextStyle{.quiet = true}}) {
            TextStyle colored = style;
            colored.color = true;
            const std::string painted = text_of(report, colored);
            CHECK(painted.find("\x1b[") != std::string::npos);
            CHECK(text_of(report, style).find('\x1b') == std::string::npos);
            CHECK(strip_sgr(painted) == text_of(report, style));
        }
    }
    CHECK(text_of(render_fixtures::fail_mixed(), {.color = true}).find("\x1b[1;31mFAIL\x1b[0m") != std::string::npos);
    CHECK(text_of(render_fixtures::pass_two_mx(), {.color = true}).find("\x1b[1;32mPASS\x1b[0m") != std::string::npos);
    CHECK(text_of(render_fixtures::lint_only(), {.color = true}).find("\x1b[1;33mWARN\x1b[0m") != std::string::npos);
    CHECK(text_of(render_fixtures::incomplete(), {.color = true}).find("\x1b[1;35mINCOMPLETE\x1b[0m") !=
          std::string::npos);
}

TEST_CASE("an empty RRset reads as unknown when its lookup failed, as none otherwise", "[render][text]") {
    DomainReport report = render_fixtures::incomplete();
    report.sts_record.emplace();
    report.sts_record->name = "_mta-sts.example.org";
    report.tlsrpt_record->txt.clear();
    const std::string text = text_of(report);
    CHECK(line_with(text, "  txt  ") == "  txt          (unknown: the lookup failed)");
    CHECK(text.find("  txt          (no TXT record)") > text.find("\nTLS-RPT\n"));
}

TEST_CASE("a failed lookup is listed in the section its area names", "[render][text]") {
    DomainReport report = render_fixtures::incomplete();
    const auto lookup = [](std::string subject, Area area) {
        return render_fixtures::in_area(render_fixtures::finding("dns.lookup-failed", Severity::inconclusive, subject,
                                                                 "Lookup of " + subject + " failed.", "RFC 8461 §3.1",
                                                                 "Retry."),
                                        area);
    };
    report.findings = {
        lookup("TXT _smtp._tls.example.org (SERVFAIL)", Area::tlsrpt), lookup("NS example.org (REFUSED)", Area::dns),
        lookup("MX example.org (timeout)", Area::mx), lookup("AAAA mail.example.org (SERVFAIL)", Area::mx),
        render_fixtures::finding("history.id-unchanged", Severity::warning, "", "The id did not change.", "", "")};
    const std::string text = text_of(report);
    const auto mx = text.find("\nMX hosts\n");
    const auto tlsrpt = text.find("\nTLS-RPT\n");
    const auto dns = text.find("\nDNS\n");
    const auto other = text.find("\nOther findings\n");
    REQUIRE(dns != std::string::npos);
    REQUIRE(other != std::string::npos);
    CHECK(text.find("MTA-STS record") == std::string::npos);
    // The last occurrence: the header may quote the first inconclusive finding too.
    const auto at = [&](const char* needle) { return text.rfind(needle); };
    CHECK((at("Lookup of TXT _smtp._tls") > tlsrpt && at("Lookup of TXT _smtp._tls") < dns));
    CHECK((at("Lookup of MX example.org") > mx && at("Lookup of MX example.org") < tlsrpt));
    CHECK((at("Lookup of AAAA mail.example.org") > mx && at("Lookup of AAAA mail.example.org") < tlsrpt));
    CHECK((at("Lookup of NS example.org") > dns && at("Lookup of NS example.org") < other));
    CHECK(at("The id did not change.") > other);
}

TEST_CASE("an MX host with TLSA records gets a dane line, its addresses whether they match", "[render][text]") {
    DomainReport report = render_fixtures::pass_two_mx();
    report.mx[0].dane = mtasts::model::DaneFacts{{{3, 1, 1, {0xab}}, {2, 0, 1, {0xcd}}}, true, true, true};
    report.mx[0].addresses[0].dane_match = true;
    report.mx[0].addresses[1].dane_match = false;
    report.mx[1].dane = mtasts::model::DaneFacts{{{3, 1, 1, {0xab}}}, false, false, std::nullopt};
    const std::string text = text_of(report);
    const auto lines = render_fixtures::lines_of(text);
    const auto at = [&](const std::string& start) {
        return std::ranges::find_if(lines, [&](const std::string& l) { return l.starts_with(start); }) - lines.begin();
    };
    const auto host = at("  mx1.example.com  ");
    REQUIRE(host + 1 < static_cast<long>(lines.size()));
    CHECK(lines[host + 1] == "      dane    2 TLSA records, DNSSEC-validated: DANE senders use them");
    CHECK(lines[at("    192.0.2.10 ") + 1] == "      dane    certificate matches a TLSA record");
    CHECK(lines[at("    2001:db8::10 ") + 1] == "      dane    certificate matches no TLSA record");
    CHECK(lines[at("  mx2.example.com  ") + 1] == "      dane    1 TLSA record, not DNSSEC-validated: senders ignore them");
    CHECK(text_of(render_fixtures::pass_two_mx()).find("dane") == std::string::npos);
}

TEST_CASE("every catalog id has a section of its own area", "[render][text]") {
    DomainReport report;
    report.domain = "example.com";
    for (const auto& entry : mtasts::model::catalog()) {
        report.findings.push_back(
            mtasts::model::make_finding(*mtasts::model::lookup_id(entry.id), "TXT _mta-sts.example.com", "message"));
    }
    report.verdict = mtasts::model::verdict_of(report.findings);
    const std::string text = text_of(report, {.verbose = true});
    CHECK(text.find("\nOther findings\n") == std::string::npos);
    for (const auto& entry : mtasts::model::catalog()) {
        INFO(entry.id);
        CHECK(text.find(std::string(entry.id)) != std::string::npos);
    }
}

TEST_CASE("policy facts spell out max_age and the response", "[render][text]") {
    const std::string text = text_of(render_fixtures::fail_mixed());
    CHECK(line_with(text, "  max_age") == "  max_age      3600 s (1 hour)");
    CHECK(line_with(text, "  response") == "  response     HTTP 200, text/plain");
    CHECK(line_with(text_of(render_fixtures::pass_two_mx()), "  max_age") == "  max_age      604800 s (7 days)");
    DomainReport odd = render_fixtures::pass_two_mx();
    odd.policy->max_age = 90000;
    CHECK(line_with(text_of(odd), "  max_age") == "  max_age      90000 s (1 day+)");
}

TEST_CASE("batch runs get one line per domain and a tally", "[render][text]") {
    std::ostringstream out;
    mtasts::render::RunTally tally;
    for (const auto& report : all_fixtures()) {
        mtasts::render::render_verdict_line(out, report, {});
        tally.add(report.verdict);
    }
    mtasts::render::render_tally(out, tally, {});
    const auto lines = render_fixtures::lines_of(out.str());
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] ==
          "PASS       example.com  — policy mode enforce, both MX hosts accept mail from compliant senders  [1 note]");
    CHECK(lines[1] ==
          "FAIL       example.net  — mail to 1 of 2 MX hosts would be refused  [2 errors, 2 warnings, 1 note, 1 "
          "ignored]");
    CHECK(lines[2].starts_with("WARN       (lint, no domain)  — Unknown key"));
    CHECK(lines[3].starts_with("INCOMPLETE example.org  — The TXT query"));
    CHECK(lines[4] == "4 domains: 1 pass, 1 warn, 1 fail, 1 incomplete");
    CHECK(tally.total() == 4);
}

TEST_CASE("the tally leaves out verdicts nobody got", "[render][text]") {
    mtasts::render::RunTally tally;
    std::ostringstream empty;
    mtasts::render::render_tally(empty, tally, {});
    CHECK(empty.str() == "0 domains: none checked\n");
    tally.add(Verdict::fail);
    std::ostringstream one;
    mtasts::render::render_tally(one, tally, {});
    CHECK(one.str() == "1 domain: 1 fail\n");
    std::ostringstream painted;
    mtasts::render::render_tally(painted, tally, {.color = true});
    CHECK(painted.str() == "1 domain: \x1b[1;31m1 fail\x1b[0m\n");
}

TEST_CASE("golden text reports", "[render][text][golden]") {
    render_fixtures::check_golden("pass.txt", text_of(render_fixtures::pass_two_mx()));
    render_fixtures::check_golden("fail.txt", text_of(render_fixtures::fail_mixed()));
    render_fixtures::check_golden("lint.txt", text_of(render_fixtures::lint_only()));
    render_fixtures::check_golden("incomplete.txt", text_of(render_fixtures::incomplete()));
    render_fixtures::check_golden("fail.color.txt", text_of(render_fixtures::fail_mixed(), {.color = true}));
    render_fixtures::check_golden("fail.verbose.txt", text_of(render_fixtures::fail_mixed(), {.verbose = true}));
    render_fixtures::check_golden("fail.quiet.txt", text_of(render_fixtures::fail_mixed(), {.quiet = true}));
}

TEST_CASE("with --state the policy section says which earlier policies senders may still hold", "[render][text]") {
    DomainReport report = render_fixtures::pass_two_mx();
    mtasts::model::PolicySnapshot current{"new1", std::string(64, 'a'), "enforce", 604800, {"mx1.example.com"}, 1'767'225'600};
    mtasts::model::PolicySnapshot older = current;
    older.id = "old1";
    older.body_sha256 = std::string(64, 'b');
    older.fetched_at -= 86400;
    mtasts::model::PolicySnapshot oldest = older;
    oldest.id = "old0";
    oldest.fetched_at -= 86400;
    SECTION("two earlier policies: both ids and the later expiry") {
        report.history = mtasts::model::HistoryFacts{2, {oldest, older, current}, current};
        const std::string text = text_of(report);
        CHECK(text.find("history      2 earlier policies (id old0, old1) may still be cached by senders, until\n"
                        "               2026-01-07T00:00:00Z") != std::string::npos);
    }
    SECTION("only the current policy: nothing earlier") {
        report.history = mtasts::model::HistoryFacts{1, {current}, current};
        CHECK(text_of(report).find("history      no earlier policy is still cached by senders") != std::string::npos);
    }
    SECTION("without --state: no history line") {
        CHECK(text_of(report).find("history") == std::string::npos);
    }
}

TEST_CASE("real senders get a section of their own after TLS-RPT, one block per difference", "[render][text]") {
    DomainReport report = render_fixtures::pass_two_mx();
    report.sender_differences.push_back({"postfix-mta-sts-resolver", std::nullopt, "mode testing", "mode enforce", "the last copy wins"});
    report.sender_differences.push_back({"mailauth", std::string("a.b.example.com"), "refuses", "delivers", "suffix match"});
    report.findings.push_back(mtasts::model::make_finding("sender.wildcard-depth", "a.b.example.com", "mailauth: delivers"));
    const std::string text = text_of(report);
    const auto tlsrpt = text.find("\nTLS-RPT\n");
    const auto senders = text.find("\nReal senders\n");
    REQUIRE(senders != std::string::npos);
    CHECK(tlsrpt < senders);
    CHECK(text.find("sender       postfix-mta-sts-resolver, the policy\n", senders) != std::string::npos);
    CHECK(text.find("sender       mailauth, MX a.b.example.com\n", senders) != std::string::npos);
    CHECK(text.find("    RFC 8461   mode testing\n", senders) != std::string::npos);
    CHECK(text.find("    it does    delivers\n", senders) != std::string::npos);
    CHECK(text.find("sender.wildcard-depth", senders) != std::string::npos);
    CHECK(text_of(render_fixtures::pass_two_mx()).find("Real senders") == std::string::npos);
}

TEST_CASE("a hosted setup: one line in the MTA-STS record section names the provider", "[render][text]") {
    DomainReport report = render_fixtures::pass_two_mx();
    CHECK(line_with(text_of(report), "hosted by").empty());
    report.hosted = mtasts::model::HostedFacts{"hoster.test",
                                               {"mta-sts.example.com", "mta-sts.example.hoster.test", "hoster.test"},
                                               {"_mta-sts.example.com", "_mta-sts.example.hoster.test", "hoster.test"},
                                               {"_smtp._tls.example.com", std::nullopt, std::nullopt}};
    const std::string text = text_of(report);
    const std::string line = line_with(text, "hosted by");
    CHECK_THAT(line, Catch::Contains("hoster.test (CNAMEs: mta-sts.example.com, _mta-sts.example.com)"));
    const auto at = text.find(line);
    CHECK(text.rfind("MTA-STS record", at) != std::string::npos);
    CHECK(text.find("Policy", 0) > at);
}
