// libFuzzer target: the _mta-sts TXT RRset grammar (RFC 8461 §3.1). The input is split on '\n'
// into TXT records; the evaluation must never crash and must stay bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/rfc/sts_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> rrset;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        rrset.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
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
