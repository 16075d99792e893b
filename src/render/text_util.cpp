#include "text_util.hpp"

#include <cstdint>
#include <cstdio>

namespace mtasts::render::detail {

std::vector<std::string> wrap(std::string_view text, std::size_t first_width, std::size_t rest_width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_width = 0;
    std::size_t limit = first_width;
    // Empty words stand for runs of spaces: kept inside a line, dropped at a line start.
    while (true) {
        const std::size_t space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        const std::size_t word_width = display_width(word);
        if (line_width == 0 && line.empty()) {
            line = word;
            line_width = word_width;
        } else if (line_width + 1 + word_width <= limit) {
            line += ' ';
            line += word;
            line_width += 1 + word_width;
        } else if (!word.empty()) {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(std::move(line));
            line = std::string(word);
            line_width = word_width;
            limit = rest_width;
        }
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    return lines;
}

std::string_view severity_sgr(model::Severity severity) {
    switch (severity) {
        case model::Severity::error: return sgr::red;
        case model::Severity::warning: return sgr::yellow;
        case model::Severity::inconclusive: return sgr::magenta;
        case model::Severity::info: return sgr::dim;
    }
    return sgr::none;
}

std::string_view severity_mark(model::Severity severity) {
    switch (severity) {
        case model::Severity::error: return "✗";
        case model::Severity::warning: return "!";
        case model::Severity::info: return "·";
        case model::Severity::inconclusive: return "?";
    }
    return "·";
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
    std::string text = std::to_string(count);
    text += ' ';
    text += count == 1 ? singular : plural;
    return text;
}

}  // namespace mtasts::render::detail
