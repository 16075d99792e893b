// libFuzzer target: the TLS-RPT aggregate report parser (RFC 8460 §4) on arbitrary bytes, and the
// same bytes through the report inputs (gzip, MIME) as a mail or gzip would arrive. Never crash;
// invariants of the model must hold for whatever is accepted.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mtasts/report/inputs.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"
#include "../unit/mail_setup.hpp"

namespace {

void check(std::string_view text) {
    const auto parse = mtasts::rfc::parse_tlsrpt_report(text);
    if (!parse.report) {
        // A rejected report always says why.
        if (parse.problems.empty()) std::abort();
        return;
    }
    for (const auto& policy : parse.report->policies) {
        if (policy.policy_type != "sts" && policy.policy_type != "tlsa" && policy.policy_type != "no-policy-found")
            std::abort();
        for (const auto& detail : policy.failure_details) {
            if (detail.result_type.empty()) std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check(input);
    // Mail, mbox and gzip paths, bounded like real inputs.
    mtasts::report::read_input_bytes(input, "fuzz.json.gz",
                                     [](mtasts::report::FoundReport&& found) { check(found.json); });
    return 0;
}
