// JUnit XML for CI test views (Jenkins, GitLab, GitHub test reporters): a <testsuite> per
// domain, a <testcase> per check area, so that a passing area shows as a passing test. Findings
// at or above --fail-on are the <failure> of their area; an undecided area (inconclusive) is an
// <error>, the JUnit word for "could not run"; everything else stays visible in <system-out>.
#include <array>
#include <ostream>
#include <sstream>
#include <vector>

#include "ci_common.hpp"
#include "mtasts/render/escape.hpp"
#include "mtasts/render/document.hpp"

namespace mtasts::render {
namespace {


struct AreaResult {
    std::vector<const model::Finding*> failures;
    std::vector<const model::Finding*> undecided;
    std::vector<const model::Finding*> others;
    bool checked = false;

    bool failed() const { return !failures.empty(); }
    bool errored() const { return failures.empty() && !undecided.empty(); }
};

using Areas = std::array<AreaResult, detail::k_areas.size()>;

// An area without facts and findings was not part of this run (lint checks only what it is given).
Areas sort_into_areas(const model::DomainReport& report, model::FailOn fail_on) {
    Areas areas;
    areas[0].checked = report.sts_record.has_value();
    areas[1].checked = report.policy.has_value();
    areas[2].checked = !report.mx.empty();
    areas[3].checked = report.tlsrpt_record.has_value();
    for (const model::Finding& finding : report.findings) {
        AreaResult& area = areas[detail::area_of(finding)];
        area.checked = true;
        if (detail::fails_run(finding, fail_on)) area.failures.push_back(&finding);
        else if (!finding.ignored && finding.severity == model::Severity::inconclusive) area.undecided.push_back(&finding);
        else area.others.push_back(&finding);
    }
    return areas;
}

// One finding in full, as the body of a <failure> or a line block of <system-out>.
std::string describe(const model::Finding& finding) {
    // Appended piece by piece: `const char* + std::string&&` trips GCC 12's -Wrestrict false
    // positive at -O3 (see in_quotes in text.cpp).
    std::string text(1, '[');
    text += model::to_string(finding.severity);
    if (finding.ignored) text += ", ignored";
    text += "] ";
    text += finding.id;
    if (!finding.subject.empty()) {
        text += " (";
        text += finding.subject;
        text += ')';
    }
    text += "\n  ";
    text += finding.message;
    text += '\n';
    if (!finding.hint.empty()) text += "  Fix: " + finding.hint + "\n";
    if (!finding.rfc.empty()) text += "  See " + finding.rfc + "\n";
    return text;
}

std::string describe_all(const std::vector<const model::Finding*>& findings) {
    std::string text;
    for (const model::Finding* finding : findings) text += describe(*finding);
    return text;
}

// The attribute message names the first finding; the body lists them all.
void write_result(std::ostream& out, std::string_view element, const std::vector<const model::Finding*>& findings) {
    const model::Finding& first = *findings.front();
    std::string message = first.id + ": " + first.message;
    if (findings.size() > 1) message += " (and " + std::to_string(findings.size() - 1) + " more)";
    out << "      <" << element << " type=\"" << xml_attribute(first.id) << "\" message=\"" << xml_attribute(message) << "\">"
        << xml_text(describe_all(findings)) << "</" << element << ">\n";
}

void write_testcase(std::ostream& out, const std::string& suite, std::size_t index, const AreaResult& area) {
    out << "    <testcase classname=\"" << xml_attribute(suite) << "\" name=\"" << detail::k_areas[index] << "\" time=\"0\">\n";
    if (!area.checked) out << "      <skipped message=\"not part of this run\"/>\n";
    if (area.failed()) write_result(out, "failure", area.failures);
    if (area.errored()) write_result(out, "error", area.undecided);
    std::vector<const model::Finding*> visible = area.others;
    if (area.failed()) visible.insert(visible.end(), area.undecided.begin(), area.undecided.end());
    if (!visible.empty()) out << "      <system-out>" << xml_text(describe_all(visible)) << "</system-out>\n";
    out << "    </testcase>\n";
}

struct Counts {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    void add(const Areas& areas) {
        for (const AreaResult& area : areas) {
            ++tests;
            failures += area.failed() ? 1 : 0;
            errors += area.errored() ? 1 : 0;
            skipped += area.checked ? 0 : 1;
        }
    }
};

std::string count_attributes(const Counts& counts) {
    std::ostringstream text;
    text << "tests=\"" << counts.tests << "\" failures=\"" << counts.failures << "\" errors=\"" << counts.errors
         << "\" skipped=\"" << counts.skipped << "\"";
    return text.str();
}

void write_suite(std::ostream& out, const model::DomainReport& report, const Areas& areas, const RunContext& context) {
    const std::string suite = report.domain.value_or(context.policy_path.value_or("lint"));
    Counts counts;
    counts.add(areas);
    out << "  <testsuite name=\"" << xml_attribute(suite) << "\" " << count_attributes(counts) << " time=\""
        << static_cast<double>(report.elapsed_ms) / 1000.0 << "\">\n";
    out << "    <properties>\n      <property name=\"verdict\" value=\"" << model::to_string(report.verdict)
        << "\"/>\n      <property name=\"tool\" value=\"" << xml_attribute(detail::tool_and_version()) << "\"/>\n    </properties>\n";
    for (std::size_t i = 0; i < areas.size(); ++i) write_testcase(out, suite, i, areas[i]);
    out << "  </testsuite>\n";
}

}  // namespace

void render_junit(std::ostream& out, std::span<const model::DomainReport> reports, const RunContext& context) {
    std::vector<Areas> sorted;
    Counts total;
    for (const model::DomainReport& report : reports) {
        sorted.push_back(sort_into_areas(report, context.fail_on));
        total.add(sorted.back());
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"mta-sts-check\" " << count_attributes(total) << ">\n";
    for (std::size_t i = 0; i < reports.size(); ++i) write_suite(out, reports[i], sorted[i], context);
    out << "</testsuites>\n";
}

}  // namespace mtasts::render
