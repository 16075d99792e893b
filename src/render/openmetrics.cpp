// The run as gauges in the text exposition format that Prometheus' node_exporter textfile
// collector reads (and that OpenMetrics extends): every family once with HELP and TYPE, all
// of its samples together, "# EOF" at the end. Dates are Unix timestamps in seconds, the
// Prometheus convention (promtool rejects "days" as a unit): days left on a certificate is
// (mta_sts_..._cert_expiry_timestamp_seconds - time()) / 86400 in PromQL.
#include <array>
#include <functional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "mtasts/render/escape.hpp"
#include "mtasts/render/document.hpp"

namespace mtasts::render {
namespace {

using Labels = std::vector<std::pair<std::string_view, std::string>>;

struct Sample {
    Labels labels;
    double value;
};

std::string format_labels(const Labels& labels) {
    std::string text = "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i > 0) text += ',';
        text += std::string(labels[i].first) + "=\"" + metric_label_escape(labels[i].second) + "\"";
    }
    return text + "}";
}

std::string domain_of(const model::DomainReport& report) { return report.domain.value_or(""); }

std::vector<Sample> verdicts(const model::DomainReport& report) {
    std::vector<Sample> samples;
    for (const auto verdict : {model::Verdict::pass, model::Verdict::warn, model::Verdict::fail, model::Verdict::incomplete}) {
        samples.push_back({{{"domain", domain_of(report)}, {"verdict", std::string(model::to_string(verdict))}},
                           report.verdict == verdict ? 1.0 : 0.0});
    }
    return samples;
}

// Ignored findings are left out, as they are left out of the verdict.
std::vector<Sample> findings(const model::DomainReport& report) {
    std::vector<Sample> samples;
    for (const auto severity : {model::Severity::error, model::Severity::warning, model::Severity::inconclusive, model::Severity::info}) {
        double count = 0;
        for (const model::Finding& finding : report.findings) count += (!finding.ignored && finding.severity == severity) ? 1 : 0;
        samples.push_back({{{"domain", domain_of(report)}, {"severity", std::string(model::to_string(severity))}}, count});
    }
    return samples;
}

std::vector<Sample> policy_modes(const model::DomainReport& report) {
    if (!report.policy || !report.policy->mode) return {};
    std::vector<Sample> samples;
    for (const std::string mode : {"enforce", "testing", "none"})
        samples.push_back({{{"domain", domain_of(report)}, {"mode", mode}}, *report.policy->mode == mode ? 1.0 : 0.0});
    return samples;
}

std::vector<Sample> policy_max_age(const model::DomainReport& report) {
    if (!report.policy || !report.policy->max_age) return {};
    return {{{{"domain", domain_of(report)}}, static_cast<double>(*report.policy->max_age)}};
}

std::vector<Sample> policy_cert_expiry(const model::DomainReport& report) {
    if (!report.policy || !report.policy->cert || !report.policy->cert->not_after) return {};
    return {{{{"domain", domain_of(report)}}, static_cast<double>(*report.policy->cert->not_after)}};
}

std::vector<Sample> mx_cert_expiry(const model::DomainReport& report) {
    std::vector<Sample> samples;
    for (const model::MxHost& host : report.mx) {
        for (const model::AddressProbe& probe : host.addresses) {
            if (!probe.cert || !probe.cert->not_after) continue;
            samples.push_back({{{"domain", domain_of(report)}, {"mx", host.host}, {"ip", probe.ip}}, static_cast<double>(*probe.cert->not_after)});
        }
    }
    return samples;
}

std::vector<Sample> mx_deliverable(const model::DomainReport& report) {
    std::vector<Sample> samples;
    for (const model::MxHost& host : report.mx) {
        if (!host.deliverable_under_policy) continue;
        samples.push_back({{{"domain", domain_of(report)}, {"mx", host.host}}, *host.deliverable_under_policy ? 1.0 : 0.0});
    }
    return samples;
}

std::vector<Sample> mx_probe_duration(const model::DomainReport& report) {
    std::vector<Sample> samples;
    for (const model::MxHost& host : report.mx) {
        for (const model::AddressProbe& probe : host.addresses) {
            if (!probe.elapsed_ms) continue;
            samples.push_back({{{"domain", domain_of(report)}, {"mx", host.host}, {"ip", probe.ip}}, static_cast<double>(*probe.elapsed_ms) / 1000.0});
        }
    }
    return samples;
}

std::vector<Sample> policy_fetch_duration(const model::DomainReport& report) {
    if (!report.policy || !report.policy->fetch_ms) return {};
    return {{{{"domain", domain_of(report)}}, static_cast<double>(*report.policy->fetch_ms) / 1000.0}};
}

std::vector<Sample> duration(const model::DomainReport& report) {
    return {{{{"domain", domain_of(report)}}, static_cast<double>(report.elapsed_ms) / 1000.0}};
}

struct Family {
    std::string_view name;
    std::string_view help;
    std::function<std::vector<Sample>(const model::DomainReport&)> samples;
};

const std::array<Family, 10>& families() {
    static const std::array<Family, 10> list = {{
        {"mta_sts_verdict", "Verdict of the domain: 1 for the verdict it got, 0 for the others.", verdicts},
        {"mta_sts_findings", "Findings of the domain by severity (ignored findings not counted).", findings},
        {"mta_sts_policy_mode", "Mode of the published policy: 1 for its mode, 0 for the others.", policy_modes},
        {"mta_sts_policy_max_age_seconds", "max_age of the published policy.", policy_max_age},
        {"mta_sts_policy_cert_expiry_timestamp_seconds", "When the policy host's certificate expires (Unix time).", policy_cert_expiry},
        {"mta_sts_mx_cert_expiry_timestamp_seconds", "When the certificate of an MX address expires (Unix time).", mx_cert_expiry},
        {"mta_sts_mx_deliverable", "Whether a sender honouring the policy delivers to the MX host (1) or not (0).", mx_deliverable},
        {"mta_sts_policy_fetch_duration_seconds", "Time the HTTPS fetch of the policy took.", policy_fetch_duration},
        {"mta_sts_mx_probe_duration_seconds", "Time the SMTP STARTTLS probe of an MX address took, connect to QUIT.", mx_probe_duration},
        {"mta_sts_check_duration_seconds", "Time the check of the domain took, all probes included.", duration},
    }};
    return list;
}

std::string format_value(double value) {
    std::ostringstream text;
    text.precision(15);
    text << value;
    return text.str();
}

}  // namespace

void render_openmetrics(std::ostream& out, std::span<const model::DomainReport> reports) {
    for (const Family& family : families()) {
        out << "# HELP " << family.name << ' ' << family.help << '\n';
        out << "# TYPE " << family.name << " gauge\n";
        for (const model::DomainReport& report : reports) {
            for (const Sample& sample : family.samples(report))
                out << family.name << format_labels(sample.labels) << ' ' << format_value(sample.value) << '\n';
        }
    }
    out << "# EOF\n";
}

}  // namespace mtasts::render
