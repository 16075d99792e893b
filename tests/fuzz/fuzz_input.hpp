#pragma once
// Turning a fuzzer's bytes into the inputs of the TXT grammars, shared by their targets.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::fuzz {

// The bytes split on '\n' into the records of one TXT RRset.
inline std::vector<std::string> rrset_from_bytes(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> rrset;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = std::min(input.find('\n', start), input.size());
        rrset.emplace_back(input.substr(start, end - start));
        start = end + 1;
    }
    return rrset;
}

}  // namespace mtasts::fuzz
