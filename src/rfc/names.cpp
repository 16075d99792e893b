#include "mtasts/rfc/names.hpp"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "mtasts/base/ip_address.hpp"
#include "mtasts/base/text.hpp"

namespace mtasts::rfc {
namespace {

constexpr std::size_t k_max_name_octets = 253;  // RFC 1035 §2.3.4, without the root dot
constexpr std::size_t k_max_label_octets = 63;

bool is_ldh(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_ip_literal(std::string_view host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return base::IpAddress::parse(host).has_value();
}

std::string printable(unsigned char c) {
    if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    static constexpr char k_hex[] = "0123456789abcdef";
    if (c == ' ') return "a space";
    return std::string("byte 0x") + k_hex[c >> 4] + k_hex[c & 0xf];
}

// True when a label starts with the ACE prefix "xn--" (RFC 5890 §2.3.2.1): such an A-label must
// decode to a valid U-label, which only the IDNA conversion checks.
bool has_a_label(std::string_view name) {
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        const std::string_view label = name.substr(start, dot - start);
        if (label.size() >= 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' && label[2] == '-' &&
            label[3] == '-')
            return true;
        start = dot + 1;
    }
    return false;
}

}  // namespace

std::expected<std::string, std::string> to_a_labels(const std::string& name) {
    char* out = nullptr;
    const int rc = idn2_to_ascii_8z(name.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc == IDN2_TOO_BIG_DOMAIN) return std::unexpected("longer than 253 octets");
    if (rc == IDN2_TOO_BIG_LABEL || rc == IDN2_PUNYCODE_BIG_OUTPUT)
        return std::unexpected("a label is longer than 63 octets once converted to an A-label");
    if (rc != IDN2_OK)
        return std::unexpected(std::string("not a valid internationalized (IDNA2008) name: ") + idn2_strerror(rc));
    std::string result(out);
    idn2_free(out);
    return result;
}

std::string canonical_host(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    return base::lower(name);
}

std::expected<std::string, std::string> normalize_domain(std::string_view input) {
    if (input.empty()) return std::unexpected("the name is empty");
    if (input.size() > 1024) return std::unexpected("longer than 253 octets");
    if (is_ip_literal(input)) return std::unexpected("is an IP address, not a domain name");
    std::string name(input);
    if (name.back() == '.') name.pop_back();
    if (name.empty()) return std::unexpected("the root '.' is not a mail domain");
    // Checked before IDNA conversion: libidn2 reads a C string and would stop at a NUL byte.
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7f)
            return std::unexpected("contains " + printable(c) + " at position " + std::to_string(i + 1));
    }
    if (!base::is_ascii(name) || has_a_label(name)) {
        auto converted = to_a_labels(name);
        if (!converted) return converted;
        name = std::move(*converted);
    }
    // Lower-case only: the one trailing dot allowed is already gone, a second one is an error.
    name = base::lower(name);
    if (name.size() > k_max_name_octets) return std::unexpected("longer than 253 octets");

    std::size_t label_number = 0;
    std::size_t start = 0;
    std::string_view last_label;
    while (true) {
        ++label_number;
        const std::size_t dot = name.find('.', start);
        const std::string_view label =
            std::string_view(name).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const std::string where = "label " + std::to_string(label_number);
        if (label.empty()) return std::unexpected(where + " is empty (two dots in a row, or a leading dot)");
        if (label.size() > k_max_label_octets) return std::unexpected(where + " is longer than 63 octets");
        for (char c : label) {
            if (!is_ldh(c))
                return std::unexpected(where + " contains " + printable(static_cast<unsigned char>(c)) +
                                       " (only letters, digits and '-' are allowed)");
        }
        if (label.front() == '-' || label.back() == '-') return std::unexpected(where + " starts or ends with '-'");
        last_label = label;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    if (label_number < 2) return std::unexpected("a mail domain needs at least two labels (e.g. example.com)");
    if (std::ranges::all_of(last_label, [](char c) { return c >= '0' && c <= '9'; }))
        return std::unexpected("the last label is all digits: not a domain name");
    return name;
}

}  // namespace mtasts::rfc
