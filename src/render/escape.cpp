// Escaping of untrusted text per output format; see escape.hpp for each format's rules.
#include "mtasts/render/escape.hpp"

#include <cstdio>

#include "mtasts/base/utf8.hpp"

namespace mtasts::render {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

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
        char32_t code_point = 0;
        const std::size_t length = base::utf8_sequence(bytes, code_point);
        if (length == 0) {
            out += k_replacement;
            bytes.remove_prefix(1);
            continue;
        }
        const std::string_view sequence = bytes.substr(0, length);
        if (length == 1) ascii(out, static_cast<unsigned char>(sequence[0]));
        else if (code_point == 0xFFFE || code_point == 0xFFFF) out += k_replacement;
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

}  // namespace mtasts::render
