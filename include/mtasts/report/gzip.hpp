#pragma once
// gzip (RFC 1952) decompression with an output cap, through zlib. TLS-RPT reports are gzip
// files (RFC 8460 §5.2); a hostile one may be a decompression bomb (§7).
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace mtasts::report {

// Whether `bytes` starts with the gzip magic 1f 8b (RFC 8460 §6.5: detect by content, not name).
bool is_gzip(std::string_view bytes);

// Decompresses every gzip member of `bytes`; the error says why (corrupt, truncated, or more
// than `max_output` bytes).
std::expected<std::string, std::string> gunzip(std::string_view bytes, std::size_t max_output);

}  // namespace mtasts::report
