// libFuzzer target: domain-name normalisation (RFC 1035 §2.3.4, RFC 5890). Whatever the input,
// an accepted name is canonical: normalising it again gives the same name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mtasts/rfc/names.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto name = mtasts::rfc::normalize_domain(input);
    if (name) {
        if (name->empty() || name->size() > 253) std::abort();
        const auto again = mtasts::rfc::normalize_domain(*name);
        if (!again || *again != *name) std::abort();
        if (mtasts::rfc::canonical_host(*name) != *name) std::abort();
    } else if (name.error().empty()) {
        std::abort();
    }
    (void)mtasts::rfc::canonical_host(input);
    return 0;
}
