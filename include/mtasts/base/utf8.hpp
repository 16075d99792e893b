#pragma once
// UTF-8 as RFC 3629 defines it: overlong forms, surrogates (U+D800..U+DFFF) and values above
// U+10FFFF are not UTF-8. One decoder for every layer that must tell text from bytes: the
// policy grammar, the terminal and CI escapers, the sender models. Never fails.
#include <cstddef>
#include <string_view>

namespace mtasts::base {

// Length (1 to 4) of the well-formed UTF-8 sequence at the start of `bytes`, with its code
// point in `code_point`; 0 when `bytes` is empty or does not start with one.
std::size_t utf8_sequence(std::string_view bytes, char32_t& code_point);

// True when all of `text` is well-formed UTF-8 (RFC 3629 §4).
bool is_valid_utf8(std::string_view text);

}  // namespace mtasts::base
