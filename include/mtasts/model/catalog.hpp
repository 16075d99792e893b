#pragma once
// The catalog of finding ids (the table is catalog_table.hpp) and FindingId, the id type
// make_finding takes: built from a string literal, it compiles only when the id is in the
// catalog, so a misspelt id is a compile error instead of a failure at run time. Ids that come
// from the user (--ignore) are looked up at run time with lookup_id or find_entry.
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "mtasts/model/catalog_table.hpp"

namespace mtasts::model {

// Every catalog entry, in the order the docs list them.
constexpr std::span<const CatalogEntry> catalog() {
    return k_catalog;
}

// The row index of `id`, or k_catalog.size() when the id is unknown. An index rather than a
// pointer: GCC's UBSan instrumentation makes a pointer compared with nullptr no longer a
// constant expression, which would break FindingId in the sanitizer build.
constexpr std::size_t index_of_id(std::string_view id) {
    for (std::size_t index = 0; index < k_catalog.size(); ++index) {
        if (k_catalog[index].id == id) return index;
    }
    return k_catalog.size();
}

// The entry for `id`, or nullptr when the id is unknown.
constexpr const CatalogEntry* find_entry(std::string_view id) {
    const std::size_t index = index_of_id(id);
    return index < k_catalog.size() ? &k_catalog[index] : nullptr;
}

// Whether `id` is in the catalog; usable in static_assert.
constexpr bool is_known_id(std::string_view id) {
    return index_of_id(id) < k_catalog.size();
}

namespace detail {
// Never defined: FindingId's constructor calls it for an id missing from the catalog, which
// makes the call not a constant expression, so the compiler names this function in its error.
void finding_id_is_not_in_the_catalog();
}  // namespace detail

class FindingId;

// The id `id` as a FindingId, or nullopt when it is not in the catalog (ids read at run time).
constexpr std::optional<FindingId> lookup_id(std::string_view id);

// A finding id that is in the catalog, as the index of its row.
class FindingId {
public:
    // From a string literal, implicitly, so that call sites read make_finding("mx.starttls-missing",
    // ...). Does not compile when the id is not in the catalog.
    consteval FindingId(const char* id) : m_index(index_in_catalog(id)) {}

    // The catalog row of this id.
    constexpr const CatalogEntry& entry() const { return k_catalog[m_index]; }

    // The id as users see it, e.g. "mx.starttls-missing".
    constexpr std::string_view name() const { return entry().id; }

    friend constexpr bool operator==(const FindingId&, const FindingId&) = default;

private:
    friend constexpr std::optional<FindingId> lookup_id(std::string_view id);

    struct Index {
        std::size_t value;
    };
    constexpr explicit FindingId(Index index) : m_index(index.value) {}

    static consteval std::size_t index_in_catalog(std::string_view id) {
        const std::size_t index = index_of_id(id);
        if (index == k_catalog.size()) detail::finding_id_is_not_in_the_catalog();
        return index;
    }

    std::size_t m_index;
};

constexpr std::optional<FindingId> lookup_id(std::string_view id) {
    const std::size_t index = index_of_id(id);
    if (index == k_catalog.size()) return std::nullopt;
    return FindingId(FindingId::Index{index});
}

}  // namespace mtasts::model
