#pragma once
// RFC 3339 date-times and seconds since the epoch (UTC, leap seconds not counted, as POSIX
// time). One parser and one formatter for every layer: report dates, certificate validity,
// policy cache ends, --since/--until. Nothing here reads the clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mtasts::base {

// Parses an RFC 3339 §5.6 date-time ("2024-05-01T02:00:00.5+02:00") to seconds since the
// epoch. Accepted: 't' or a space for 'T' and 'z' for 'Z' (§5.6 NOTE), any number of fraction
// digits (dropped), a second of 60 (read as 59, §5.7), and a missing offset, read as UTC and
// reported through *zone_missing (Microsoft writes such dates). nullopt for anything else,
// including a day its month does not have (§5.7: 2023-02-29).
std::optional<std::int64_t> parse_rfc3339(std::string_view text, bool* zone_missing = nullptr);

// Seconds since the epoch as an RFC 3339 UTC timestamp, "YYYY-MM-DDTHH:MM:SSZ".
std::string format_rfc3339(std::int64_t epoch_seconds);

// The UTC date of seconds since the epoch, "YYYY-MM-DD".
std::string format_date(std::int64_t epoch_seconds);

// A time limit for people: "30 s", "0.5 s", "0.25 s" (milliseconds kept, trailing zeros dropped).
std::string format_seconds(std::chrono::milliseconds duration);

}  // namespace mtasts::base
