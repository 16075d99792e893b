#pragma once
// Writes one domain's report in the chosen format (shared by the live check and lint).
#include <iosfwd>
#include <optional>
#include <string>

#include "mtasts/check/options.hpp"
#include "mtasts/model/report.hpp"

namespace mtasts::check {

// text: the human report; json: one pretty object; jsonl: one compact line; the CI formats
// (render/document.hpp) as a document of this one report. `color` is decided by the caller
// (render::use_color) because only it knows the stream; `policy_path` is the file lint read,
// which SARIF and github annotations point into.
void print_report(std::ostream& out, const model::DomainReport& report, const OutputOptions& output, bool color,
                  const std::optional<std::string>& policy_path = std::nullopt);

}  // namespace mtasts::check
