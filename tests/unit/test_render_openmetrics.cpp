// The OpenMetrics / Prometheus text exposition: each family once with HELP and TYPE and all its
// samples together, label values escaped, "# EOF" once at the very end.
#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <vector>

#include "mtasts/render/document.hpp"
#include "test_render_fixtures.hpp"

using mtasts::model::DomainReport;

namespace {

std::string metrics(const std::vector<DomainReport>& reports) {
    std::ostringstream out;
    mtasts::render::render_openmetrics(out, reports);
    return out.str();
}

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("openmetrics: families are declared once and their samples kept together", "[render][openmetrics]") {
    const std::string text = metrics({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed(), render_fixtures::incomplete()});
    CHECK(text.ends_with("\n# EOF\n"));
    std::map<std::string, int> declared;
    std::string current;
    std::map<std::string, bool> closed;
    for (const std::string& line : render_fixtures::lines_of(text)) {
        if (line.starts_with("# TYPE ")) {
            current = line.substr(7, line.find(' ', 7) - 7);
            ++declared[current];
            continue;
        }
        if (line.starts_with("#")) continue;
        const std::string name = line.substr(0, line.find('{'));
        INFO(line);
        CHECK(name == current);
    }
    for (const auto& [name, times] : declared) CHECK(times == 1);
    CHECK(declared.size() == 10);  // every family, even one without samples (probe durations in lint)
}

TEST_CASE("openmetrics: verdict, findings, policy and certificates per domain", "[render][openmetrics]") {
    const std::string text = metrics({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed()});
    CHECK(has_line(text, "mta_sts_verdict{domain=\"example.net\",verdict=\"fail\"} 1"));
    CHECK(has_line(text, "mta_sts_verdict{domain=\"example.net\",verdict=\"pass\"} 0"));
    CHECK(has_line(text, "mta_sts_findings{domain=\"example.net\",severity=\"error\"} 2"));
    CHECK(has_line(text, "mta_sts_findings{domain=\"example.net\",severity=\"warning\"} 2"));  // the third is ignored
    CHECK(has_line(text, "mta_sts_policy_mode{domain=\"example.com\",mode=\"enforce\"} 1"));
    CHECK(has_line(text, "mta_sts_policy_max_age_seconds{domain=\"example.net\"} 3600"));
    CHECK(has_line(text, "mta_sts_policy_cert_expiry_timestamp_seconds{domain=\"example.com\"} 1767225600"));
    CHECK(has_line(text, "mta_sts_mx_cert_expiry_timestamp_seconds{domain=\"example.com\",mx=\"mx1.example.com\",ip=\"2001:db8::10\"} 1767225600"));
    CHECK(has_line(text, "mta_sts_mx_deliverable{domain=\"example.net\",mx=\"mx2.example.net\"} 0"));
    CHECK(has_line(text, "mta_sts_check_duration_seconds{domain=\"example.net\"} 1.83"));
}

TEST_CASE("openmetrics: probe durations per policy fetch and per MX address, none when not probed", "[render][openmetrics]") {
    DomainReport report = render_fixtures::pass_two_mx();
    CHECK(metrics({report}).find("mta_sts_mx_probe_duration_seconds{") == std::string::npos);  // lint, --no-smtp
    report.policy->fetch_ms = 250;
    report.mx[0].addresses[0].elapsed_ms = 1500;
    const std::string text = metrics({report});
    CHECK(has_line(text, "mta_sts_policy_fetch_duration_seconds{domain=\"example.com\"} 0.25"));
    CHECK(has_line(text, "mta_sts_mx_probe_duration_seconds{domain=\"example.com\",mx=\"mx1.example.com\",ip=\"" +
                             report.mx[0].addresses[0].ip + "\"} 1.5"));
}

TEST_CASE("openmetrics: label values escape backslash, quote and newline", "[render][openmetrics]") {
    const std::string text = metrics({render_fixtures::hostile()});
    CHECK(has_line(text, "mta_sts_mx_deliverable{domain=\"evil.example\",mx=\"mx.evil.example\\\"} 1\\\\n\\nfake_metric 1\"} 0"));
    CHECK(text.find("\nfake_metric") == std::string::npos);
}

TEST_CASE("golden openmetrics of the four fixtures", "[render][openmetrics][golden]") {
    render_fixtures::check_golden("all.openmetrics", metrics({render_fixtures::pass_two_mx(), render_fixtures::fail_mixed(),
                                                              render_fixtures::lint_only(), render_fixtures::incomplete()}));
}
