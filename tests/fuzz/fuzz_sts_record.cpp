// libFuzzer target: the _mta-sts TXT RRset grammar (RFC 8461 §3.1). The input is split on '\n'
// into TXT records; the evaluation must never crash and must stay bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "mtasts/rfc/sts_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<std::string> rrset = mtasts::fuzz::rrset_from_bytes(data, size);
    const auto result = mtasts::rfc::evaluate_sts_rrset(rrset, "_mta-sts.example.com");
    // Invariants: a usable record has a valid id and no error finding; findings stay bounded.
    if (result.record) {
        if (result.record->id.empty() || result.record->id.size() > 32) std::abort();
        for (const auto& finding : result.findings)
            if (finding.severity == mtasts::model::Severity::error) std::abort();
    }
    if (result.findings.size() > 32) std::abort();
    return 0;
}
