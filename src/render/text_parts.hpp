#pragma once
// Private pieces of the text renderer shared between its files: finding areas and lines,
// fact lines, the MX table and the one-line summary of a report.
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/report.hpp"
#include "mtasts/render/text.hpp"
#include "text_util.hpp"

namespace mtasts::render::detail {

// The section a finding is listed in (Finding::area, from the catalog).
using Area = model::Area;

// The findings of `area` to list under `style`, most severe first, ignored ones last.
std::vector<const model::Finding*> findings_to_show(const model::DomainReport& report, Area area,
                                                    const TextStyle& style);

// One finding: the mark, severity, message and subject; then the fix hint and a line with the
// id, RFC cite and TLS-RPT result type. Compact (info or ignored outside verbose mode) and
// quiet findings end their first line with "[id]" instead (quiet keeps the fix line).
void render_finding(std::ostream& out, const model::Finding& finding, const TextStyle& style, const Painter& painter);

// A "  key          value" line; the value wraps under itself. Values are already printable.
void render_fact(std::ostream& out, std::string_view key, std::string_view value);

// The MX table: one row per host, a sub-row per address, aligned, marks spelled out.
void render_mx_table(std::ostream& out, const model::DomainReport& report, const TextStyle& style,
                     const Painter& painter);

// The certificate in one phrase: "✓ trusted, name matches, 89 days left" or "✗ expired ...".
std::string cert_summary(const model::CertFacts& cert);

// What matters most about the report in a few words, for the header and verdict lines.
std::string report_summary(const model::DomainReport& report);

// "2 errors, 1 warning, 3 notes" (findings that count, plus ignored ones); "no findings".
std::string finding_counts(const model::Findings& findings);

}  // namespace mtasts::render::detail
