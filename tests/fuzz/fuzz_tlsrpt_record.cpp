// libFuzzer target: the _smtp._tls TXT RRset grammar (RFC 8460 §3). The input is split on '\n'
// into TXT records; the evaluation must never crash and must stay bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/rfc/tlsrpt_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> rrset;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        rrset.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
    const auto result = mtasts::rfc::evaluate_tlsrpt_rrset(rrset, "_smtp._tls.example.com");
    // Invariants: a usable record names at least one URI; findings stay bounded.
    if (result.record && result.record->rua.empty()) std::abort();
    if (result.findings.size() > 32) std::abort();
    return 0;
}
