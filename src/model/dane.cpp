#include "mtasts/model/dane.hpp"

namespace mtasts::model {

std::string to_hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (std::uint8_t byte : bytes) {
        hex += k_digits[byte >> 4];
        hex += k_digits[byte & 0x0f];
    }
    return hex;
}

}  // namespace mtasts::model
