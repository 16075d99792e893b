#pragma once
// The finding lists that the man page, docs/findings.md and the completions show, written from
// the catalog (include/mtasts/model/catalog_table.hpp) in each file's own syntax.
#include <span>
#include <string>
#include <string_view>

#include "mtasts/model/catalog.hpp"

namespace mtasts::tools {

// The name of a topic in the docs' markers: "sts-record" in "findings sts-record: begin".
std::string_view topic_name(model::Topic topic);

// Every topic, in the order of the enum (the docs may order their sections differently).
std::span<const model::Topic> all_topics();

// The man page entries of `topic`: ".TP", the bold id and default severity, one sentence.
std::string man_entries(model::Topic topic);

// The table of `topic` in docs/findings.md, between blank lines so that the marker comments
// around it stay out of the table.
std::string markdown_table(model::Topic topic);

// The id lists of the completions, one id per line, every id of the catalog.
std::string bash_ids();
std::string zsh_ids();
std::string fish_ids();

}  // namespace mtasts::tools
