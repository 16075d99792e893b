#include "mtasts/summarize/collect.hpp"

#include <algorithm>

#include "mtasts/base/text.hpp"

namespace mtasts::summarize {

void Collector::begin_input(std::string path) {
    m_inputs.push_back({std::move(path), 0, 0, std::nullopt});
}

std::optional<std::string> Collector::add_line(std::string_view text) {
    if (base::trim(text).empty()) return std::nullopt;
    InputStats& input = m_inputs.back();
    ++input.lines;
    auto line = read_domain_line(text);
    if (!line) {
        ++input.invalid;
        return std::move(line.error());
    }
    const auto [known, added] = m_index.try_emplace(line->domain, m_domains.size());
    if (added) {
        m_domains.push_back(std::move(*line));
    } else {
        m_domains[known->second] = std::move(*line);
        ++m_duplicates;
    }
    return std::nullopt;
}

void Collector::add_invalid_line() {
    ++m_inputs.back().lines;
    ++m_inputs.back().invalid;
}

void Collector::fail_input(std::string why) {
    m_inputs.back().error = std::move(why);
}

bool Collector::any_problem() const {
    return std::ranges::any_of(m_inputs, [](const InputStats& input) { return input.invalid > 0 || input.error; });
}

Summary Collector::summarize(const rfc::PublicSuffixList& suffixes) const {
    Summary summary = aggregate(m_domains, suffixes);
    summary.inputs = m_inputs;
    summary.duplicates = m_duplicates;
    for (const auto& input : m_inputs) summary.invalid_lines += input.invalid;
    return summary;
}

}  // namespace mtasts::summarize
