// The JSON format of the state file (--state), version 1: parsing with the path of what is
// wrong, and writing. A hand-edited or foreign file is rejected whole rather than half-used.
#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

#include "mtasts/check/live/state_file.hpp"

namespace mtasts::check::live {
namespace {

using nlohmann::json;

constexpr std::int64_t k_max_age_limit = 31557600;  // RFC 8461 §3.2

[[noreturn]] void wrong(const std::string& where, const std::string& what) {
    throw std::invalid_argument(where + ": " + what);
}

const json& member(const json& object, const std::string& where, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) wrong(where, std::string("missing key \"") + key + "\"");
    return *it;
}

std::string text_at(const json& object, const std::string& where, const char* key) {
    const json& value = member(object, where, key);
    if (!value.is_string()) wrong(where + "." + key, "expected a string");
    return value.get<std::string>();
}

std::int64_t integer_at(const json& object, const std::string& where, const char* key, std::int64_t low, std::int64_t high) {
    const json& value = member(object, where, key);
    // An unsigned value above INT64_MAX must not wrap around into range.
    const bool in_range = value.is_number_integer() &&
                          (!value.is_number_unsigned() || value.get<std::uint64_t>() <= static_cast<std::uint64_t>(high)) &&
                          value.get<std::int64_t>() >= low && value.get<std::int64_t>() <= high;
    if (!in_range) wrong(where + "." + key, "expected an integer from " + std::to_string(low) + " to " + std::to_string(high));
    return value.get<std::int64_t>();
}

bool is_sha256_hex(const std::string& text) {
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

model::PolicySnapshot parse_snapshot(const json& value, const std::string& where) {
    if (!value.is_object()) wrong(where, "expected an object");
    model::PolicySnapshot snapshot;
    snapshot.id = text_at(value, where, "id");
    if (snapshot.id.empty()) wrong(where + ".id", "empty");
    snapshot.body_sha256 = text_at(value, where, "body_sha256");
    if (!is_sha256_hex(snapshot.body_sha256)) wrong(where + ".body_sha256", "expected 64 lower-case hex digits");
    snapshot.mode = text_at(value, where, "mode");
    if (snapshot.mode != "enforce" && snapshot.mode != "testing" && snapshot.mode != "none")
        wrong(where + ".mode", "expected \"enforce\", \"testing\" or \"none\"");
    snapshot.max_age = integer_at(value, where, "max_age", 0, k_max_age_limit);
    snapshot.fetched_at = integer_at(value, where, "fetched_at", 0, std::numeric_limits<std::int64_t>::max() / 2);
    const json& mx = member(value, where, "mx");
    if (!mx.is_array()) wrong(where + ".mx", "expected an array of strings");
    for (const json& pattern : mx) {
        if (!pattern.is_string()) wrong(where + ".mx", "expected an array of strings");
        snapshot.mx.push_back(pattern.get<std::string>());
    }
    return snapshot;
}

json snapshot_to_json(const model::PolicySnapshot& snapshot) {
    return json{{"id", snapshot.id},         {"body_sha256", snapshot.body_sha256}, {"mode", snapshot.mode},
                {"max_age", snapshot.max_age}, {"mx", snapshot.mx},                   {"fetched_at", snapshot.fetched_at}};
}

}  // namespace

StateDomains parse_state(std::string_view text) {
    json document;
    try {
        document = json::parse(text);
    } catch (const json::parse_error& error) {
        throw std::invalid_argument(std::string("not JSON (") + error.what() + ")");
    }
    if (!document.is_object()) wrong("top level", "expected an object with \"state_version\" and \"domains\"");
    const auto version = document.find("state_version");
    if (version == document.end()) wrong("top level", "missing key \"state_version\" (not a state file of this tool?)");
    if (!version->is_number_integer() || version->get<std::int64_t>() != k_state_version)
        wrong("state_version", "is " + version->dump() + ", this version reads " + std::to_string(k_state_version));
    const json& domains = member(document, "top level", "domains");
    if (!domains.is_object()) wrong("domains", "expected an object");
    StateDomains result;
    for (const auto& [domain, entry] : domains.items()) {
        const std::string where = "domains." + domain;
        if (!entry.is_object()) wrong(where, "expected an object");
        const json& snapshots = member(entry, where, "snapshots");
        if (!snapshots.is_array()) wrong(where + ".snapshots", "expected an array");
        model::DomainHistory history;
        for (std::size_t i = 0; i < snapshots.size(); ++i)
            history.snapshots.push_back(parse_snapshot(snapshots[i], where + ".snapshots[" + std::to_string(i) + "]"));
        result.emplace(domain, std::move(history));
    }
    return result;
}

std::string serialize_state(const StateDomains& domains) {
    json object = json::object();
    for (const auto& [domain, history] : domains) {
        json snapshots = json::array();
        for (const auto& snapshot : history.snapshots) snapshots.push_back(snapshot_to_json(snapshot));
        object[domain] = json{{"snapshots", std::move(snapshots)}};
    }
    const json document{{"state_version", k_state_version}, {"domains", std::move(object)}};
    // Policy ids and patterns come from the wire: invalid UTF-8 is replaced, never thrown on.
    return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace mtasts::check::live
