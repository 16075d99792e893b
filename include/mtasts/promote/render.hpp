#pragma once
// The output of `promote`: text for people, JSON for scripts (keys in the man page, promote).
#include <nlohmann/json.hpp>
#include <ostream>

#include "mtasts/promote/decide.hpp"

namespace mtasts::promote {

// The JSON object of one decision (man page, promote, JSON keys).
nlohmann::json decision_to_json(const LiveFacts& live, const Decision& decision);

// The decision as text: the verdict, what the live check and the reports showed, every reason,
// the notes and, when ready, what to publish in which order. Wire text is escaped.
void render_text(std::ostream& out, const LiveFacts& live, const Decision& decision, bool color);

}  // namespace mtasts::promote
