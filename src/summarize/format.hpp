#pragma once
// What the three summarize outputs say alike (private to src/summarize): shares as
// percentages, the row order of verdicts and modes, and the definitions of the headline.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/model/verdict.hpp"
#include "mtasts/summarize/aggregate.hpp"

namespace mtasts::summarize::detail {

// The verdicts in the order every output lists them (man page, VERDICT).
inline constexpr std::array k_verdicts = {model::Verdict::pass, model::Verdict::warn, model::Verdict::fail,
                                          model::Verdict::incomplete};

// Who the headline shares are about, and what each counts (man page, SUMMARIZE).
inline constexpr std::string_view k_publishing_rule = "domains that publish a TXT record at _mta-sts";
inline constexpr std::string_view k_misconfigured_rule = "an error or warning finding (not ignored)";
inline constexpr std::string_view k_losing_mail_rule = "mode enforce, and an MX host compliant senders refuse";

// Rows of the long tables shown in text; JSON and HTML keep every row.
inline constexpr std::size_t k_max_text_rows = 20;

// `count` of `of` as "25.0%"; "n/a" when `of` is 0. Never rounds a count above 0 down to 0.0%
// or one below `of` up to 100.0%, so that a single domain is not hidden by the rounding.
std::string percent(std::uint64_t count, std::uint64_t of);

// The policy modes in the order shown, each with its name in text and HTML ("no policy").
std::vector<std::pair<std::string_view, std::uint64_t>> mode_rows(const ModeCounts& modes);

// The catalog title of a finding id; empty for an id this version does not know (a newer scan).
std::string_view finding_title(std::string_view id);

// "1 domain", "2 domains": `count` and the singular or plural noun.
std::string count_of(std::uint64_t count, std::string_view singular, std::string_view plural);

}  // namespace mtasts::summarize::detail
