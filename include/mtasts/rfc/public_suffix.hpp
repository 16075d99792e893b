#pragma once
// The registrable domain of a name by the Public Suffix List (https://publicsuffix.org/list/,
// the format of Debian's /usr/share/publicsuffix/public_suffix_list.dat): what names the
// provider of a hosted MTA-STS setup (RFC 8461 §8.2) from the target of a CNAME. The list is
// data passed in; reading the file is the caller's (src/check/live/public_suffix_file.cpp).
// An empty list knows only the default rule "*", so a name's registrable domain is then its
// last two labels: the fallback when the file is absent, and the answer for names under a
// top-level domain the list does not know (such as .test).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace mtasts::rfc {

class PublicSuffixList {
public:
    // A list with no rules: only the default rule "*".
    PublicSuffixList() = default;

    // The rules of a list in the publicsuffix.org format: one rule per line, "//" comments,
    // "*." wildcards and "!" exceptions; a rule in U-labels is kept as A-labels, one that is no
    // valid name is skipped.
    static PublicSuffixList parse(std::string_view text);

    // The public suffix of `name` (any case, trailing dot allowed) plus one label, in lower case;
    // nullopt when the name is itself a public suffix (or empty).
    std::optional<std::string> registrable_domain(std::string_view name) const;

    // How many rules were read (0: the default rule only).
    std::size_t size() const { return m_exact.size() + m_wildcard.size() + m_exception.size(); }

private:
    // Files one rule line (without comment) under its kind.
    void add_rule(std::string_view rule);

    std::unordered_set<std::string> m_exact;      // "com", "co.uk"
    std::unordered_set<std::string> m_wildcard;   // "ck" for the rule "*.ck"
    std::unordered_set<std::string> m_exception;  // "www.ck" for the rule "!www.ck"
};

}  // namespace mtasts::rfc
