#include "format.hpp"

#include <cstdio>

#include "mtasts/model/catalog.hpp"

namespace mtasts::summarize::detail {

std::string percent(std::uint64_t count, std::uint64_t of) {
    if (of == 0) return "n/a";
    double value = 100.0 * static_cast<double>(count) / static_cast<double>(of);
    if (count > 0 && value < 0.1) value = 0.1;
    if (count < of && value > 99.9) value = 99.9;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
    return buffer;
}

std::vector<std::pair<std::string_view, std::uint64_t>> mode_rows(const ModeCounts& modes) {
    return {
        {"enforce", modes.enforce}, {"testing", modes.testing}, {"none", modes.none}, {"no policy", modes.no_policy}};
}

std::string_view finding_title(std::string_view id) {
    const model::CatalogEntry* entry = model::find_entry(id);
    return entry != nullptr ? entry->title : std::string_view();
}

std::string count_of(std::uint64_t count, std::string_view singular, std::string_view plural) {
    return std::to_string(count) + ' ' + std::string(count == 1 ? singular : plural);
}

}  // namespace mtasts::summarize::detail
