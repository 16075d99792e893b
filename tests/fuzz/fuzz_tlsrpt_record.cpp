// libFuzzer target: the _smtp._tls TXT RRset grammar (RFC 8460 §3). The input is split on '\n'
// into TXT records; the evaluation must never crash and must stay bounded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<std::string> rrset = mtasts::fuzz::rrset_from_bytes(data, size);
    const auto result = mtasts::rfc::evaluate_tlsrpt_rrset(rrset, "_smtp._tls.example.com");
    // Invariants: a usable record names at least one URI; findings stay bounded.
    if (result.record && result.record->rua.empty()) std::abort();
    if (result.findings.size() > 32) std::abort();
    return 0;
}
