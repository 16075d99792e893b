#pragma once
// The three outputs of `mta-sts-check summarize`: text tables for a terminal, JSON for scripts
// (schema_version 1, keys in the man page, SUMMARIZE), and one self-contained HTML page with
// bar charts (inline CSS and SVG, no script, no fetch).
#include <nlohmann/json.hpp>
#include <ostream>

#include "mtasts/summarize/aggregate.hpp"

namespace mtasts::summarize {

// schema_version of the JSON summary: a key is never renamed or removed without a new one.
inline constexpr int k_summary_schema_version = 1;

// Writes the text summary; `color` adds ANSI emphasis.
void render_text(const Summary& summary, std::ostream& out, bool color);

// The JSON document (schema_version 1).
nlohmann::json to_json(const Summary& summary);

// Writes to_json(summary), indented, invalid UTF-8 replaced.
void render_json(const Summary& summary, std::ostream& out);

// Writes the HTML page.
void render_html(const Summary& summary, std::ostream& out);

}  // namespace mtasts::summarize
