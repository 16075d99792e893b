// A unified-style line diff (one hunk with every line), for a served policy against a proposal.
#include "mtasts/generate/diff.hpp"

#include <vector>

#include "mtasts/base/text.hpp"

namespace mtasts::generate {
namespace {

constexpr std::size_t k_max_compared_lines = 2000;  // keeps the table below a few MB

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::string_view line : base::split(text, '\n')) lines.push_back(base::trim_end(line, "\r"));
    if (!lines.empty() && lines.back().empty()) lines.pop_back();  // the final line end
    return lines;
}

// The edit script by longest common subsequence: each line with its prefix ' ', '-' or '+'.
std::vector<std::pair<char, std::string_view>> edit_script(const std::vector<std::string_view>& a,
                                                           const std::vector<std::string_view>& b) {
    std::vector<std::pair<char, std::string_view>> script;
    if (a.size() > k_max_compared_lines || b.size() > k_max_compared_lines) {
        for (std::string_view line : a) script.emplace_back('-', line);
        for (std::string_view line : b) script.emplace_back('+', line);
        return script;
    }
    // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    std::vector<std::vector<std::size_t>> common(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            script.emplace_back(' ', a[i++]);
            ++j;
        } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
            script.emplace_back('-', a[i++]);  // removals first, as diff -u writes them
        } else {
            script.emplace_back('+', b[j++]);
        }
    }
    return script;
}

// "1,5" as a hunk header writes a range; an empty text is "0,0".
std::string range(std::size_t count) {
    return (count == 0 ? "0" : "1") + std::string(",") + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name,
                         std::string_view after_name) {
    const std::vector<std::string_view> a = lines_of(before);
    const std::vector<std::string_view> b = lines_of(after);
    if (a == b) return "";
    std::string out = "--- " + std::string(before_name) + "\n+++ " + std::string(after_name) + "\n";
    out += "@@ -" + range(a.size()) + " +" + range(b.size()) + " @@\n";
    for (const auto& [mark, line] : edit_script(a, b)) out += mark + std::string(line) + "\n";
    return out;
}

}  // namespace mtasts::generate
