#include "text_util.hpp"

#include <cstdint>
#include <cstdio>

namespace mtasts::render::detail {

std::string Painter::paint(std::string_view text, std::string_view code) const {
    if (!m_color || code.empty() || text.empty()) return std::string(text);
    std::string painted = "\x1b[";
    painted += code;
    painted += 'm';
    painted += text;
    painted += "\x1b[0m";
    return painted;
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (const char c : text) {
        // Count every byte that does not continue a multi-byte sequence.
        if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) ++width;
    }
    return width;
}

std::string pad_right(std::string_view text, std::size_t width) {
    std::string padded(text);
    const std::size_t used = display_width(text);
    if (used < width) padded.append(width - used, ' ');
    return padded;
}

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

std::string_view verdict_sgr(model::Verdict verdict) {
    switch (verdict) {
        case model::Verdict::pass: return sgr::bold_green;
        case model::Verdict::warn: return sgr::bold_yellow;
        case model::Verdict::fail: return sgr::bold_red;
        case model::Verdict::incomplete: return sgr::bold_magenta;
    }
    return sgr::bold;
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

std::string verdict_word(model::Verdict verdict) {
    switch (verdict) {
        case model::Verdict::pass: return "PASS";
        case model::Verdict::warn: return "WARN";
        case model::Verdict::fail: return "FAIL";
        case model::Verdict::incomplete: return "INCOMPLETE";
    }
    return "PASS";
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
