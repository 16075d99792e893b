#include "mtasts/check/live/public_suffix_file.hpp"

#include <fstream>
#include <sstream>

namespace mtasts::check::live {

rfc::PublicSuffixList read_public_suffix_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return {};
    std::ostringstream text;
    text << file.rdbuf();  // a directory or a read error leaves `text` short: fewer rules, never a failure
    return rfc::PublicSuffixList::parse(text.str());
}

const rfc::PublicSuffixList& PublicSuffixes::get() {
    if (!m_list) m_list = read_public_suffix_file(m_path);
    return *m_list;
}

}  // namespace mtasts::check::live
