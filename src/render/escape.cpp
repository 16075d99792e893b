// Escaping of untrusted text per output format; see escape.hpp for each format's rules.
#include "escape.hpp"

#include <cstdio>

namespace mtasts::render::detail {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629 §4), or 0.
std::size_t sequence_length(std::string_view s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 0;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    if (s.size() < length) return 0;
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    }
    return length;
}

std::string hex_escape(unsigned char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
    return buffer;
}

// Walks `bytes` as UTF-8, giving each ASCII byte to `ascii` and copying valid multi-byte
// sequences, except U+FFFE and U+FFFF (not characters in XML 1.0 §2.2).
template <typename Ascii>
std::string transform(std::string_view bytes, Ascii ascii) {
    std::string out;
    out.reserve(bytes.size());
    while (!bytes.empty()) {
        const std::size_t length = sequence_length(bytes);
        if (length == 0) {
            out += k_replacement;
            bytes.remove_prefix(1);
            continue;
        }
        const std::string_view sequence = bytes.substr(0, length);
        if (length == 1) ascii(out, static_cast<unsigned char>(sequence[0]));
        else if (sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF") out += k_replacement;
        else out += sequence;
        bytes.remove_prefix(length);
    }
    return out;
}

// XML 1.0 §2.2 Char and §3.3.3 attribute normalisation; see xml_attribute and xml_text.
std::string xml_escape(std::string_view bytes, bool attribute) {
    return transform(bytes, [attribute](std::string& out, unsigned char c) {
        if (!attribute && (c == '\n' || c == '\t')) {
            out += static_cast<char>(c);
            return;
        }
        switch (c) {
            case '&': out += "&amp;"; return;
            case '<': out += "&lt;"; return;
            case '>': out += "&gt;"; return;
            case '"': out += "&quot;"; return;
            case '\'': out += "&apos;"; return;
            case '\t': out += "&#9;"; return;
            case '\n': out += "&#10;"; return;
            case '\r': out += "&#13;"; return;
            default: break;
        }
        if (c < 0x20) out += hex_escape(c);
        else out += static_cast<char>(c);
    });
}

}  // namespace

std::string valid_utf8(std::string_view bytes) {
    return transform(bytes, [](std::string& out, unsigned char c) { out += static_cast<char>(c); });
}

std::string xml_attribute(std::string_view bytes) {
    return xml_escape(bytes, true);
}

std::string xml_text(std::string_view bytes) {
    return xml_escape(bytes, false);
}

std::string metric_label_escape(std::string_view bytes) {
    return transform(bytes, [](std::string& out, unsigned char c) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += static_cast<char>(c);
    });
}

std::string workflow_data_escape(std::string_view bytes) {
    return transform(bytes, [](std::string& out, unsigned char c) {
        if (c == '%') out += "%25";
        else if (c == '\r') out += "%0D";
        else if (c == '\n') out += "%0A";
        else if (c < 0x20 || c == 0x7f) out += hex_escape(c);
        else out += static_cast<char>(c);
    });
}

std::string workflow_property_escape(std::string_view bytes) {
    std::string out;
    for (const char c : workflow_data_escape(bytes)) {
        if (c == ':') out += "%3A";
        else if (c == ',') out += "%2C";
        else out += c;
    }
    return out;
}

}  // namespace mtasts::render::detail
