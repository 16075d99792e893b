// JUnit XML: a testsuite per domain under one testsuites root, a testcase per check area,
// failures from --fail-on, errors for undecided areas, and XML 1.0-safe text from the wire.
#include <catch2/catch.hpp>
#include <sstream>
#include <vector>

#include "mtasts/render/document.hpp"
#include "mtasts/version.hpp"
#include "test_render_fixtures.hpp"

using mtasts::model::DomainReport;
using mtasts::model::FailOn;
using mtasts::render::RunContext;

namespace {

std::string junit(const std::vector<DomainReport>& reports, RunContext context = {}) {
    std::ostringstream out;
    mtasts::render::render_junit(out, reports, context);
    return out.str();
}

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("junit: one root, a suite per domain, four areas each", "[render][junit]") {
    const std::string xml = junit({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed(), render_fixtures::incomplete()});
    CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    CHECK(count(xml, "<testsuites ") == 1);
    CHECK(count(xml, "<testsuite ") == 3);
    CHECK(count(xml, "<testcase ") == 12);
    CHECK(xml.find("<testsuites name=\"mta-sts-check\" tests=\"12\" failures=\"1\" errors=\"3\" skipped=\"0\">") != std::string::npos);
}

TEST_CASE("junit: failures follow --fail-on, the rest stays in system-out", "[render][junit]") {
    const std::string at_error = junit({render_fixtures::fail_mixed()});
    CHECK(count(at_error, "<failure ") == 1);  // MX hosts: mx.not-covered and mx.cert-expired
    CHECK(at_error.find("<failure type=\"mx.not-covered\" message=\"mx.not-covered: MX host mx2.example.net matches") !=
          std::string::npos);
    CHECK(at_error.find("(and 1 more)") != std::string::npos);
    CHECK(at_error.find("Fix: Renew the certificate") != std::string::npos);
    CHECK(at_error.find("<system-out>[warning] policy.max-age-short") != std::string::npos);
    CHECK(at_error.find("[warning, ignored] tlsrpt.record.missing") != std::string::npos);
    const std::string at_warning = junit({render_fixtures::fail_mixed()}, RunContext{FailOn::warning, {}});
    CHECK(count(at_warning, "<failure ") == 2);  // policy.max-age-short fails too; the ignored one not
    CHECK(count(junit({render_fixtures::fail_mixed()}, RunContext{FailOn::never, {}}), "<failure ") == 0);
}

TEST_CASE("junit: undecided areas are errors, areas lint was not given are skipped", "[render][junit]") {
    const std::string incomplete = junit({render_fixtures::incomplete()});
    CHECK(incomplete.find("<error type=\"dns.lookup-failed\"") != std::string::npos);
    CHECK(incomplete.find("<error type=\"mx.probe-inconclusive\"") != std::string::npos);
    const std::string lint = junit({render_fixtures::lint_only()});
    CHECK(lint.find("<testsuite name=\"lint\"") != std::string::npos);
    CHECK(count(lint, "<skipped ") == 2);  // MX hosts and TLS-RPT record
}

TEST_CASE("junit: wire bytes are escaped for XML 1.0", "[render][junit]") {
    const std::string xml = junit({render_fixtures::hostile()});
    CHECK(xml.find("&lt;b&gt;&amp;amp;&lt;/b&gt; ]]&gt; 100% bad&#13;\n::error") != std::string::npos);
    CHECK(xml.find("\\x01\\x1b[31m\xEF\xBF\xBD\xEF\xBF\xBD&quot;") != std::string::npos);
    CHECK(xml.find("bad byte \\x0b\\x0c") != std::string::npos);
    for (const char c : xml) {
        const auto byte = static_cast<unsigned char>(c);
        INFO("byte " << static_cast<int>(byte));
        CHECK((byte >= 0x20 || byte == '\n'));  // no control character but the document's own newlines
    }
}

TEST_CASE("golden junit of the four fixtures", "[render][junit][golden]") {
    std::string xml = junit({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed(), render_fixtures::lint_only(),
                             render_fixtures::incomplete()});
    // The golden file does not move with the version number.
    const std::string tool = std::string("mta-sts-check ") + mtasts::k_version;
    for (std::size_t at = xml.find(tool); at != std::string::npos; at = xml.find(tool, at)) xml.replace(at, tool.size(), "mta-sts-check X.Y.Z");
    render_fixtures::check_golden("all.junit.xml", xml);
}
