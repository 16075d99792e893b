#include "mtasts/base/ip_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace mtasts::base {
namespace {

constexpr std::size_t k_ipv4_size = 4;
constexpr std::size_t k_ipv6_size = 16;

int af_of(IpFamily family) {
    return family == IpFamily::ipv4 ? AF_INET : AF_INET6;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    // inet_pton reads a C string: a NUL inside `text` would cut it short and let
    // "192.0.2.1\0junk" pass for an address.
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string terminated(text);
    IpAddress address;
    for (const IpFamily family : {IpFamily::ipv4, IpFamily::ipv6}) {
        if (inet_pton(af_of(family), terminated.c_str(), address.m_bytes.data()) == 1) {
            address.m_family = family;
            return address;
        }
    }
    return std::nullopt;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text, IpFamily family) {
    auto address = parse(text);
    if (address && address->family() != family) address.reset();
    return address;
}

std::optional<IpAddress> IpAddress::from_bytes(std::span<const unsigned char> bytes) {
    if (bytes.size() != k_ipv4_size && bytes.size() != k_ipv6_size) return std::nullopt;
    IpAddress address;
    address.m_family = bytes.size() == k_ipv4_size ? IpFamily::ipv4 : IpFamily::ipv6;
    std::ranges::copy(bytes, address.m_bytes.begin());
    return address;
}

std::span<const unsigned char> IpAddress::bytes() const {
    return std::span(m_bytes).first(m_family == IpFamily::ipv4 ? k_ipv4_size : k_ipv6_size);
}

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(af_of(m_family), m_bytes.data(), text, sizeof text);
    return text;
}

std::string IpEndpoint::to_string() const {
    const std::string host = address.to_string();
    const std::string port_text = ":" + std::to_string(port);
    return address.family() == IpFamily::ipv4 ? host + port_text : "[" + host + "]" + port_text;
}

socklen_t IpEndpoint::to_sockaddr(sockaddr_storage& out) const {
    out = {};
    if (address.family() == IpFamily::ipv4) {
        auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        std::memcpy(&v4->sin_addr, address.bytes().data(), k_ipv4_size);
        return sizeof(sockaddr_in);
    }
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    std::memcpy(&v6->sin6_addr, address.bytes().data(), k_ipv6_size);
    return sizeof(sockaddr_in6);
}

}  // namespace mtasts::base
