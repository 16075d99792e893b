#include "mtasts/net/local_errors.hpp"

#include <cerrno>
#include <cstring>

#include "mtasts/base/text.hpp"

namespace mtasts::net {

std::optional<std::string> local_cause(int error_number, ErrnoOrigin origin) {
    const char* name = nullptr;
    switch (error_number) {
        case EMFILE: name = "EMFILE"; break;
        case ENFILE: name = "ENFILE"; break;
        case ENOBUFS: name = "ENOBUFS"; break;
        case ENOMEM: name = "ENOMEM"; break;
        case EADDRNOTAVAIL: name = "EADDRNOTAVAIL"; break;
        case EAFNOSUPPORT: name = "EAFNOSUPPORT"; break;
        case ENETUNREACH: name = origin == ErrnoOrigin::immediate ? "ENETUNREACH" : nullptr; break;
        case EHOSTUNREACH: name = origin == ErrnoOrigin::immediate ? "EHOSTUNREACH" : nullptr; break;
        default: break;
    }
    if (name == nullptr) return std::nullopt;
    std::string text = std::strerror(error_number);
    if (!text.empty()) text[0] = base::lower(text[0]);
    return "this host: " + text + " (" + name + ")";
}

}  // namespace mtasts::net
