#pragma once
// The public suffix list the live check names hosting providers with (rfc/public_suffix.hpp),
// read from Debian's package publicsuffix when a domain first needs it. A file that is absent
// or unreadable is no failure: the list is then empty, and a provider is named by the last two
// labels of its CNAME target.
#include <optional>
#include <string>

#include "mtasts/rfc/public_suffix.hpp"

namespace mtasts::check::live {

// Where Debian's package publicsuffix installs the list.
inline constexpr const char* k_public_suffix_file = "/usr/share/publicsuffix/public_suffix_list.dat";

// The list in the file at `path`; an empty list when it cannot be read.
rfc::PublicSuffixList read_public_suffix_file(const std::string& path);

// The list of `path`, read once on the first call of get() (most runs see no CNAME).
class PublicSuffixes {
public:
    explicit PublicSuffixes(std::string path = k_public_suffix_file) : m_path(std::move(path)) {}

    // The list, read now if this is the first call.
    const rfc::PublicSuffixList& get();

private:
    std::string m_path;
    std::optional<rfc::PublicSuffixList> m_list;
};

}  // namespace mtasts::check::live
