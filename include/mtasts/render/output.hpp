#pragma once
// Output choices shared by every command: format and colour.
#include <optional>
#include <string_view>

namespace mtasts::render {

enum class Format { text, json, jsonl, html, junit, github, sarif, openmetrics };
enum class ColorMode { automatic, always, never };

// Parses "text" | "json" | "jsonl" | "html" | "junit" | "github" | "sarif" | "openmetrics";
// nullopt for anything else.
std::optional<Format> format_from_string(std::string_view text);

// Parses "auto" | "always" | "never"; nullopt for anything else.
std::optional<ColorMode> color_mode_from_string(std::string_view text);

// Whether to emit ANSI colour on `fd`: always/never win; auto means a TTY and no NO_COLOR
// (https://no-color.org: set and non-empty disables colour).
bool use_color(ColorMode mode, int fd);

}  // namespace mtasts::render
