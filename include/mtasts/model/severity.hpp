#pragma once
// How much a finding counts. The names are user API (JSON, --fail-on, the man page's FINDINGS).
#include <optional>
#include <string_view>

namespace mtasts::model {

enum class Severity { info, warning, error, inconclusive };

// Lower-case name of a severity as it appears in JSON and text ("error", ...).
std::string_view to_string(Severity severity);

// Parses "error" | "warning" | "info" | "inconclusive"; nullopt for anything else.
std::optional<Severity> severity_from_string(std::string_view text);

}  // namespace mtasts::model
