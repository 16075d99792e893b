#pragma once
// IP addresses as values: parsed once where they come in (a DNS answer, --resolver, a report),
// compared and kept as bytes, and turned back into text or a socket address only where a C API
// or a person needs one.
#include <sys/socket.h>

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mtasts::base {

enum class IpFamily { ipv4, ipv6 };

class IpAddress {
public:
    // The text forms inet_pton(3) accepts: dotted decimal (four parts, no leading zeros) or
    // RFC 4291 §2.2 IPv6 text; no brackets, zone or prefix length. nullopt for anything else.
    static std::optional<IpAddress> parse(std::string_view text);
    // As parse(), but only an address of `family`: "[::1]" takes IPv6 only, "1.2.3.4:53" IPv4.
    static std::optional<IpAddress> parse(std::string_view text, IpFamily family);
    // An address from its bytes in network order: 4 for IPv4, 16 for IPv6 (the RDATA of an A
    // or AAAA record, RFC 1035 §3.4.1, RFC 3596 §2.2); nullopt for any other length.
    static std::optional<IpAddress> from_bytes(std::span<const unsigned char> bytes);

    // Which of the two families the address belongs to.
    IpFamily family() const { return m_family; }
    // The address in network order: 4 or 16 bytes.
    std::span<const unsigned char> bytes() const;
    // The canonical text: dotted decimal, or the RFC 5952 §4 form (lower case, longest run of
    // zero groups as "::") as inet_ntop(3) writes it.
    std::string to_string() const;

    // Byte order within a family, IPv4 first: a stable order for sets and maps.
    auto operator<=>(const IpAddress&) const = default;

private:
    IpAddress() = default;

    IpFamily m_family = IpFamily::ipv4;
    std::array<unsigned char, 16> m_bytes{};  // only the first 4 for IPv4
};

// An address and a port: where to send DNS queries (--resolver) or connect.
struct IpEndpoint {
    IpAddress address;
    std::uint16_t port = 0;

    // "192.0.2.1:53" or "[2001:db8::1]:53" (RFC 5952 §6), the form c-ares and URLs take.
    std::string to_string() const;
    // The endpoint as a socket address for connect(2); returns its length in `out`.
    socklen_t to_sockaddr(sockaddr_storage& out) const;

    // Ordered by address, then port.
    auto operator<=>(const IpEndpoint&) const = default;
};

}  // namespace mtasts::base
