#pragma once
// Writes one domain's report in the chosen format (shared by the live check and lint).
#include <iosfwd>

#include "mtasts/check/options.hpp"
#include "mtasts/model/report.hpp"

namespace mtasts::check {

// text: the human report; json: one pretty object; jsonl: one compact line. `color` is decided
// by the caller (render::use_color) because only it knows the stream.
void print_report(std::ostream& out, const model::DomainReport& report, const OutputOptions& output, bool color);

}  // namespace mtasts::check
