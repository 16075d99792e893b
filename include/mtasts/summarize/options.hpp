#pragma once
// What the command line asks of `mta-sts-check summarize` (filled by src/cli, read by
// src/summarize), and the command itself.
#include <optional>
#include <string>
#include <vector>

#include "mtasts/render/output.hpp"
#include "mtasts/rfc/public_suffix.hpp"

namespace mtasts::summarize {

struct SummarizeOptions {
    std::vector<std::string> inputs;  // JSONL files of the live check; "-" = standard input
    render::Format format = render::Format::text;
    render::ColorMode color = render::ColorMode::automatic;
    std::optional<std::string> output_path;  // -o: write there instead of stdout
    bool skip_invalid = false;               // --skip-invalid: invalid lines do not fail the run
};

// Reads every input, names each invalid line on stderr ("FILE:LINE: why"), writes the summary
// with providers named by `suffixes`, and returns the exit status (man page, EXIT STATUS): 0, or
// 2 when an input was unreadable or, without --skip-invalid, a line invalid. An output file that
// cannot be written is a model::UsageError.
int run_summarize(const SummarizeOptions& options, const rfc::PublicSuffixList& suffixes);

}  // namespace mtasts::summarize
