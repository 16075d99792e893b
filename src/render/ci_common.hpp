#pragma once
// Private helpers shared by the CI formats (junit, github, sarif): which check area a finding
// belongs to, whether it fails the run, and the RFC link of a catalog citation.
#include <array>
#include <string>
#include <string_view>

#include "mtasts/model/finding.hpp"
#include "mtasts/model/verdict.hpp"

namespace mtasts::render::detail {

// The check areas in the order a sender walks them (see docs/ARCHITECTURE.md).
inline constexpr std::array<std::string_view, 4> k_areas = {"MTA-STS record", "Policy", "MX hosts", "TLS-RPT record"};

// Index into k_areas of the area a finding is about.
std::size_t area_of(const model::Finding& finding);

// Whether the finding counts against --fail-on (not ignored, severity at or above the level).
bool fails_run(const model::Finding& finding, model::FailOn fail_on);

// "RFC 8461 §3.2" -> "https://www.rfc-editor.org/rfc/rfc8461#section-3.2"; "" without an RFC number.
std::string rfc_url(std::string_view citation);

// "tool version", e.g. "mta-sts-check 0.1.0".
std::string tool_and_version();

}  // namespace mtasts::render::detail
