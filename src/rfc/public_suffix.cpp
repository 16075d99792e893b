// The Public Suffix List algorithm (https://publicsuffix.org/list/, "Formal algorithm"): the
// prevailing rule is an exception rule if one matches, else the matching rule with the most
// labels, else "*"; the registrable domain is the public suffix plus one label.
#include "mtasts/rfc/public_suffix.hpp"

#include <vector>

#include "mtasts/base/text.hpp"
#include "mtasts/rfc/names.hpp"

namespace mtasts::rfc {
namespace {

// Where each label of `name` starts: name.substr(starts[i]) is the name from its label i on.
std::vector<std::size_t> label_starts(std::string_view name) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < name.size(); ++i)
        if (name[i] == '.') starts.push_back(i + 1);
    return starts;
}

}  // namespace

PublicSuffixList PublicSuffixList::parse(std::string_view text) {
    PublicSuffixList list;
    for (std::string_view line : base::split(text, '\n')) {
        // A rule is the line up to its first whitespace; "//" starts a comment line.
        line = base::trim(line);
        line = line.substr(0, line.find_first_of(" \t"));
        if (line.empty() || line.starts_with("//")) continue;
        list.add_rule(line);
    }
    return list;
}

void PublicSuffixList::add_rule(std::string_view rule) {
    std::unordered_set<std::string>* kind = &m_exact;
    if (rule.starts_with("!")) {
        kind = &m_exception;
        rule.remove_prefix(1);
    } else if (rule.starts_with("*.")) {
        kind = &m_wildcard;
        rule.remove_prefix(2);
    }
    if (rule.empty()) return;
    std::string name = base::lower(rule);
    if (!base::is_ascii(name)) {
        auto converted = to_a_labels(name);
        if (!converted) return;
        name = base::lower(*converted);
    }
    kind->insert(std::move(name));
}

std::optional<std::string> PublicSuffixList::registrable_domain(std::string_view input) const {
    const std::string name = canonical_host(input);
    if (name.empty()) return std::nullopt;
    const std::vector<std::size_t> starts = label_starts(name);
    const std::size_t labels = starts.size();
    auto from = [&](std::size_t label) { return name.substr(starts[label]); };
    std::size_t suffix_labels = 1;  // the default rule "*"
    bool exception = false;
    for (std::size_t i = 0; i < labels && !exception; ++i) {
        if (m_exception.contains(from(i))) {
            suffix_labels = labels - i - 1;  // an exception rule's suffix is the rule less its first label
            exception = true;
        }
    }
    for (std::size_t i = 0; i < labels && !exception; ++i) {
        const bool wildcard = i + 1 < labels && m_wildcard.contains(from(i + 1));
        if (m_exact.contains(from(i)) || wildcard) {
            suffix_labels = labels - i;  // the first match from the left has the most labels
            break;
        }
    }
    if (suffix_labels >= labels) return std::nullopt;
    return from(labels - suffix_labels - 1);
}

}  // namespace mtasts::rfc
