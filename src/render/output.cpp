#include "mtasts/render/output.hpp"

#include <unistd.h>

#include <cstdlib>

namespace mtasts::render {

std::optional<Format> format_from_string(std::string_view text) {
    if (text == "text") return Format::text;
    if (text == "json") return Format::json;
    if (text == "jsonl") return Format::jsonl;
    if (text == "html") return Format::html;
    if (text == "junit") return Format::junit;
    if (text == "github") return Format::github;
    if (text == "sarif") return Format::sarif;
    if (text == "openmetrics") return Format::openmetrics;
    return std::nullopt;
}

std::optional<ColorMode> color_mode_from_string(std::string_view text) {
    if (text == "auto") return ColorMode::automatic;
    if (text == "always") return ColorMode::always;
    if (text == "never") return ColorMode::never;
    return std::nullopt;
}

bool use_color(ColorMode mode, int fd) {
    switch (mode) {
        case ColorMode::always: return true;
        case ColorMode::never: return false;
        case ColorMode::automatic: break;
    }
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') return false;
    return isatty(fd) == 1;
}

}  // namespace mtasts::render
