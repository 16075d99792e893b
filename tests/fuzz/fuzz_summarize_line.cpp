// libFuzzer target: summarize's reading of JSONL lines (src/summarize/domain_line.cpp) through
// the Collector, the counts and the three outputs. Nothing may crash; every non-blank line is a
// domain, a duplicate or an invalid line, and no share counts more domains than it shares.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "fuzz_input.hpp"
#include "mtasts/summarize/collect.hpp"
#include "mtasts/summarize/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mtasts::summarize::Collector collector;
    collector.begin_input("fuzz");
    for (const auto& line : mtasts::fuzz::rrset_from_bytes(data, size)) (void)collector.add_line(line);
    const auto summary = collector.summarize({});
    const auto& input = summary.inputs.front();
    if (summary.domains + summary.duplicates + input.invalid != input.lines) std::abort();
    if (summary.misconfigured.count > summary.misconfigured.of || summary.losing_mail.count > summary.publishing) std::abort();
    if (summary.verdicts.total() != summary.domains) std::abort();
    std::ostringstream out;
    mtasts::summarize::render_text(summary, out, true);
    mtasts::summarize::render_json(summary, out);
    mtasts::summarize::render_html(summary, out);
    return 0;
}
