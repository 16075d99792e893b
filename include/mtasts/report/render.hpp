#pragma once
// The three outputs of `mta-sts-check report`: text for people, JSON for scripts (schema_version 1,
// documented in docs/report.md), and one self-contained HTML page (inline CSS and SVG, no script,
// no fetch).
#include <nlohmann/json.hpp>
#include <ostream>

#include "mtasts/report/aggregate.hpp"

namespace mtasts::report {

struct TextOptions {
    bool color = false;
    bool quiet = false;  // leave out per-file warnings
};

// Writes the text summary.
void render_text(const Summary& summary, std::ostream& out, const TextOptions& options);

// The JSON document (schema_version 1).
nlohmann::json to_json(const Summary& summary);

// Writes to_json(summary), indented, invalid UTF-8 replaced.
void render_json(const Summary& summary, std::ostream& out);

// Writes the HTML page.
void render_html(const Summary& summary, std::ostream& out);

}  // namespace mtasts::report
