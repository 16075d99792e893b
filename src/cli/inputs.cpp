#include "inputs.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <system_error>

#include "app.hpp"
#include "mtasts/rfc/names.hpp"

namespace mtasts::cli {
namespace {

constexpr std::size_t k_max_domain_file_lines = 10'000'000;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

void read_lines(std::istream& in, const std::string& path, std::vector<std::string>& out) {
    std::string line;
    std::size_t count = 0;
    while (std::getline(in, line)) {
        if (++count > k_max_domain_file_lines) throw UsageError(path + ": more than 10,000,000 lines");
        std::string_view view = line;
        if (const auto hash = view.find('#'); hash != std::string_view::npos) view = view.substr(0, hash);
        view = trim(view);
        if (!view.empty()) out.emplace_back(view);
    }
    if (in.bad()) throw UsageError(path + ": read error");
}

bool valid_port(std::string_view text, unsigned& port) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    return ec == std::errc() && end == text.data() + text.size() && port >= 1 && port <= 65535;
}

}  // namespace

std::vector<std::string> read_domain_list(const std::string& path) {
    std::vector<std::string> domains;
    if (path == "-") {
        read_lines(std::cin, "stdin", domains);
        return domains;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw UsageError(path + ": is a directory, not a domain list");
    std::ifstream file(path);
    if (!file) throw UsageError(path + ": cannot open domain list: " + std::generic_category().message(errno));
    read_lines(file, path, domains);
    return domains;
}

std::string normalize_domain_or_throw(std::string_view input) {
    auto normalized = rfc::normalize_domain(input);
    if (!normalized) throw UsageError("malformed domain '" + std::string(input) + "': " + normalized.error());
    return *normalized;
}

std::vector<std::string> normalize_domains(const std::vector<std::string>& inputs) {
    std::vector<std::string> domains;
    std::set<std::string> seen;
    std::string errors;
    for (const auto& input : inputs) {
        auto normalized = rfc::normalize_domain(input);
        if (!normalized) {
            if (!errors.empty()) errors += "\n";
            errors += "malformed domain '" + input + "': " + normalized.error();
        } else if (seen.insert(*normalized).second) {
            domains.push_back(*normalized);
        }
    }
    if (!errors.empty()) throw UsageError(errors);
    return domains;
}

std::string parse_resolver(std::string_view text) {
    const std::string bad = "bad --resolver '" + std::string(text) + "': expected IP, IP:PORT or [IPv6]:PORT";
    std::string host;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) throw UsageError(bad);
        host = std::string(text.substr(1, close - 1));
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':' || rest.size() == 1) throw UsageError(bad);
            port_text = rest.substr(1);
        }
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        const auto colon = text.find(':');
        host = std::string(text.substr(0, colon));
        port_text = text.substr(colon + 1);
        if (port_text.empty()) throw UsageError(bad);
    } else {
        host = std::string(text);
    }
    unsigned port = 53;
    if (!port_text.empty() && !valid_port(port_text, port)) throw UsageError(bad);
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return host + ":" + std::to_string(port);
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return "[" + host + "]:" + std::to_string(port);
    throw UsageError(bad);
}

}  // namespace mtasts::cli
