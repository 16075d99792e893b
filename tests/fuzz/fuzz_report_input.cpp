// libFuzzer target: the whole `report` input path on arbitrary bytes, as a file of a folder or
// named on its own: content sniffing, gzip, MIME (gmime), mbox framing, the JSON reader and
// parser, the aggregator and the three renderers. Reports are unauthenticated mail (RFC 8460
// §7): never crash, never loop, and keep the summary's invariants for whatever is accepted.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include "mtasts/report/aggregate.hpp"
#include "mtasts/report/inputs.hpp"
#include "mtasts/report/render.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"
#include "../unit/mail_setup.hpp"

namespace {

using mtasts::report::Aggregator;
using mtasts::report::FoundReport;

// Sums never wrap: a total is at least each of its parts (they saturate instead).
void check_summary(const mtasts::report::Summary& summary) {
    for (const auto& [key, policy] : summary.policies) {
        if (summary.successful < policy.successful || summary.failed < policy.failed) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    // The first byte chooses how the input arrives: named, or one file of a walked folder.
    const bool in_folder = (data[0] & 1) != 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    Aggregator aggregator({});
    const auto visit = [&](FoundReport&& found) {
        const auto parsed = mtasts::rfc::parse_tlsrpt_report(found.json);
        if (!parsed.report) {
            if (parsed.problems.empty()) std::abort();
            return;
        }
        if (parsed.report->policies.empty() && parsed.report->dropped_policies > 0) return;
        aggregator.add(*parsed.report, {"fuzz", parsed.content_hash});
    };
    const auto outcome = mtasts::report::read_input_bytes(input, "fuzz.json.gz", visit, in_folder);
    if (outcome.unknown_kind && !outcome.error) std::abort();
    check_summary(aggregator.summary());
    std::ostringstream sink;
    mtasts::report::render_text(aggregator.summary(), sink, {false, false});
    mtasts::report::render_json(aggregator.summary(), sink);
    mtasts::report::render_html(aggregator.summary(), sink);
    return 0;
}
