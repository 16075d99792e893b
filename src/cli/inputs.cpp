#include "inputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <expected>
#include <ostream>
#include <set>

#include "app.hpp"
#include "mtasts/base/printable.hpp"
#include "mtasts/base/text.hpp"
#include "mtasts/base/unique_fd.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/names.hpp"

namespace mtasts::cli {
namespace {

constexpr std::size_t k_max_domain_file_lines = 10'000'000;
// A domain is at most 253 octets; a line of a list may add a comment, never this much.
constexpr std::size_t k_max_line_bytes = 4096;
// Ten million lines of ordinary names fit; /dev/zero or a wrong file does not grow memory past it.
constexpr std::size_t k_max_list_bytes = 256 * 1024 * 1024;
// Malformed names listed before the rest are only counted: a wrong file must not flood stderr.
constexpr std::size_t k_max_listed_errors = 20;

// Splits the bytes read so far into lines, keeping an unfinished last line in `pending`.
class LineSplitter {
public:
    LineSplitter(const std::string& name, std::vector<ListedDomain>& out) : m_name(name), m_out(out) {}

    void feed(std::string_view bytes) {
        m_total += bytes.size();
        if (m_total > k_max_list_bytes) throw UsageError(where(m_line + 1) + ": more than 256 MiB: not a domain list");
        for (;;) {
            const auto newline = bytes.find('\n');
            m_pending.append(bytes.substr(0, newline));
            if (m_pending.size() > k_max_line_bytes)
                throw UsageError(where(m_line + 1) + ": line longer than 4096 bytes: not a domain list");
            if (newline == std::string_view::npos) return;
            finish_line();
            bytes.remove_prefix(newline + 1);
        }
    }

    void finish() {
        if (!m_pending.empty()) finish_line();
    }

private:
    std::string where(std::size_t line) const { return base::printable(m_name) + ":" + std::to_string(line); }

    void finish_line() {
        if (++m_line > k_max_domain_file_lines) throw UsageError(base::printable(m_name) + ": more than 10,000,000 lines");
        std::string_view view = m_pending;
        if (const auto hash = view.find('#'); hash != std::string_view::npos) view = view.substr(0, hash);
        view = base::trim(view, " \t\r");
        if (!view.empty()) m_out.push_back({std::string(view), where(m_line)});
        m_pending.clear();
    }

    const std::string& m_name;
    std::vector<ListedDomain>& m_out;
    std::string m_pending;
    std::size_t m_line = 0;
    std::size_t m_total = 0;
};

void read_lines(int fd, const std::string& name, std::vector<ListedDomain>& out) {
    LineSplitter lines(name, out);
    std::array<char, 64 * 1024> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw UsageError(base::printable(name) + ": cannot read domain list: " + std::strerror(errno));
        if (n == 0) break;
        lines.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
    lines.finish();
}

bool valid_port(std::string_view text, unsigned& port) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    return ec == std::errc() && end == text.data() + text.size() && port >= 1 && port <= 65535;
}

// The canonical name, or why it cannot be checked: besides the name rules, the names the check
// looks up must exist, and rfc::k_longest_record_prefix is the longest prefix it adds.
std::expected<std::string, std::string> checkable_domain(std::string_view input) {
    auto normalized = rfc::normalize_domain(input);
    if (!normalized) return normalized;
    constexpr std::size_t k_longest = 253 - rfc::k_longest_record_prefix.size();
    if (normalized->size() > k_longest) {
        return std::unexpected(std::to_string(normalized->size()) + " octets: with " + std::string(rfc::k_longest_record_prefix) +
                               " in front it passes the " +
                               "253 octets of a DNS name (RFC 1035 §2.3.4), so the check cannot look it up " +
                               "(at most " + std::to_string(k_longest) + ")");
    }
    return normalized;
}

}  // namespace

std::vector<ListedDomain> read_domain_list(const std::string& path) {
    std::vector<ListedDomain> domains;
    if (path == "-") {
        read_lines(STDIN_FILENO, "stdin", domains);
        return domains;
    }
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) throw UsageError(base::printable(path) + ": cannot open domain list: " + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode))
        throw UsageError(base::printable(path) + ": is a directory, not a domain list");
    read_lines(fd.get(), path, domains);
    return domains;
}

std::string normalize_domain_or_throw(std::string_view input) {
    auto normalized = rfc::normalize_domain(input);
    if (!normalized) throw UsageError("malformed domain '" + base::printable(input) + "': " + normalized.error());
    return *normalized;
}

std::vector<std::string> normalize_domains(const std::vector<ListedDomain>& inputs, bool skip_invalid, std::ostream& notes) {
    std::vector<std::string> domains;
    std::set<std::string> seen;
    std::string errors;
    std::size_t bad = 0;
    for (const auto& input : inputs) {
        auto normalized = checkable_domain(input.text);
        if (!normalized) {
            if (++bad > k_max_listed_errors) continue;
            const std::string line = (input.where.empty() ? "" : input.where + ": ") + "malformed domain '" +
                                     base::printable(input.text) + "': " + normalized.error();
            if (skip_invalid) notes << "mta-sts-check: " << line << " (skipped)\n";
            else errors += (errors.empty() ? "" : "\n") + line;
        } else if (seen.insert(*normalized).second) {
            domains.push_back(*normalized);
        }
    }
    if (bad > k_max_listed_errors) {
        const std::string more = "... and " + std::to_string(bad - k_max_listed_errors) + " more malformed domains";
        if (skip_invalid) notes << "mta-sts-check: " << more << " (skipped)\n";
        else errors += "\n" + more;
    }
    if (!errors.empty()) throw UsageError(errors + "\n(--skip-invalid checks the others)");
    if (domains.empty() && bad > 0) throw UsageError("no valid domain to check");
    return domains;
}

base::IpEndpoint parse_resolver(std::string_view text) {
    using base::IpFamily;
    const std::string shown = base::printable(text);
    const std::string bad = "bad --resolver '" + shown + "': expected IPv4, IPv4:PORT, IPv6 or [IPv6]:PORT";
    std::optional<base::IpAddress> host;
    std::string_view port_text;
    const auto colons = std::count(text.begin(), text.end(), ':');
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) throw UsageError(bad);
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':' || rest.size() == 1) throw UsageError(bad);
            port_text = rest.substr(1);
        }
        host = base::IpAddress::parse(text.substr(1, close - 1), IpFamily::ipv6);
        if (!host) throw UsageError(bad + " (only an IPv6 address goes in brackets)");
    } else if (colons == 1) {
        const auto colon = text.find(':');
        host = base::IpAddress::parse(text.substr(0, colon), IpFamily::ipv4);
        port_text = text.substr(colon + 1);
        if (port_text.empty() || !host) throw UsageError(bad);
    } else if (colons > 1) {
        // An unbracketed IPv6 address takes no port (RFC 5952 §6 writes [v6]:port): "::1:53" is
        // the address ::1:53. When the text also reads as an address and a port, it is refused.
        host = base::IpAddress::parse(text, IpFamily::ipv6);
        if (!host) throw UsageError(bad);
        const auto last = text.rfind(':');
        unsigned ignored = 0;
        const std::string_view before = text.substr(0, last);
        if (base::IpAddress::parse(before, IpFamily::ipv6) && valid_port(text.substr(last + 1), ignored)) {
            throw UsageError("ambiguous --resolver '" + shown + "': write [" + base::printable(before) + "]:" +
                             std::string(text.substr(last + 1)) + " for that port, or [" + shown +
                             "] for the address " + shown + " on port 53");
        }
    } else {
        host = base::IpAddress::parse(text, IpFamily::ipv4);
        if (!host) throw UsageError(bad);
    }
    unsigned port = 53;
    if (!port_text.empty() && !valid_port(port_text, port)) throw UsageError(bad);
    return base::IpEndpoint{*host, static_cast<std::uint16_t>(port)};
}

}  // namespace mtasts::cli
