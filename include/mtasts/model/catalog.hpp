#pragma once
// The catalog of finding ids: one table in code (src/model/catalog.cpp) with each id's default
// severity, RFC section, RFC 8460 result type and fix hint. docs/findings.md lists them.
#include <optional>
#include <span>
#include <string_view>

#include "mtasts/model/finding.hpp"

namespace mtasts::model {

struct CatalogEntry {
    std::string_view id;
    Severity severity;
    std::string_view rfc;
    std::string_view tlsrpt_result_type;  // empty when a sender would report nothing
    std::string_view title;               // short description of when it fires (man page, docs)
    std::string_view hint;                // how to fix it; empty for pure facts
};

// Every catalog entry, in the order the docs list them.
std::span<const CatalogEntry> catalog();

// The entry for `id`, or nullptr when the id is unknown.
const CatalogEntry* find_entry(std::string_view id);

}  // namespace mtasts::model
