// zlib adapter: the only file that includes zlib.h.
#include "mtasts/report/gzip.hpp"

#include <zlib.h>

#include <array>
#include <memory>

namespace mtasts::report {
namespace {

struct InflateEnd {
    void operator()(z_stream* stream) const { inflateEnd(stream); }
};

}  // namespace

bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::expected<std::string, std::string> gunzip(std::string_view bytes, std::size_t max_output) {
    z_stream stream{};
    // 16 + MAX_WBITS: expect a gzip header and trailer (RFC 1952), not raw zlib.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return std::unexpected("zlib could not start");
    const std::unique_ptr<z_stream, InflateEnd> guard(&stream);
    std::string out;
    std::array<char, 64 * 1024> buffer{};
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        const int rc = inflate(&stream, Z_NO_FLUSH);
        const std::size_t produced = buffer.size() - stream.avail_out;
        if (out.size() + produced > max_output) {
            return std::unexpected("decompresses to more than " + std::to_string(max_output) + " bytes (refused)");
        }
        out.append(buffer.data(), produced);
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members are one file (RFC 1952 §2.2).
            if (stream.avail_in > 0 && is_gzip({reinterpret_cast<const char*>(stream.next_in), stream.avail_in})) {
                if (inflateReset(&stream) != Z_OK) return std::unexpected("zlib could not restart");
                continue;
            }
            return out;
        }
        if (rc == Z_BUF_ERROR && stream.avail_in == 0) return std::unexpected("gzip data is truncated");
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return std::unexpected(std::string("gzip data is corrupt: ") +
                                   (stream.msg != nullptr ? stream.msg : "inflate failed"));
        }
    }
}

}  // namespace mtasts::report
