#include "mtasts/base/time.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace mtasts::base {
namespace {

constexpr std::int64_t k_seconds_per_day = 86400;

// The `count` decimal digits at `pos` as a number; false when any is missing or not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

// The civil date and time of a date-time, as written (before its offset is applied).
struct Fields {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// The date part of `f` in the proleptic Gregorian calendar, which RFC 3339 §5.7 uses.
std::chrono::year_month_day civil_date(const Fields& f) {
    return {std::chrono::year{f.year}, std::chrono::month{static_cast<unsigned>(f.month)},
            std::chrono::day{static_cast<unsigned>(f.day)}};
}

// RFC 3339 §5.6 full-date "T" partial-time without fraction: the first 19 characters, with
// §5.7's ranges and a day its month has.
std::optional<Fields> date_and_time(std::string_view text) {
    Fields f;
    if (!digits(text, 0, 4, f.year) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, f.month) ||
        text[7] != '-' || !digits(text, 8, 2, f.day) || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
        !digits(text, 11, 2, f.hour) || text[13] != ':' || !digits(text, 14, 2, f.minute) || text[16] != ':' ||
        !digits(text, 17, 2, f.second)) {
        return std::nullopt;
    }
    if (!civil_date(f).ok() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
    return f;
}

// The zone at `pos` (after the seconds and any fraction) as seconds east of UTC: "Z", "+HH:MM"
// or "-HH:MM" ending the text, or nothing at all (*zone_missing); nullopt for anything else.
std::optional<std::int64_t> zone_offset(std::string_view text, std::size_t pos, bool* zone_missing) {
    if (pos == text.size()) {
        if (zone_missing != nullptr) *zone_missing = true;
        return 0;
    }
    if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
        if (zone_missing != nullptr) *zone_missing = false;
        return 0;
    }
    if ((text[pos] != '+' && text[pos] != '-') || pos + 6 != text.size() || text[pos + 3] != ':') return std::nullopt;
    int hours = 0, minutes = 0;
    if (!digits(text, pos + 1, 2, hours) || !digits(text, pos + 4, 2, minutes) || hours > 23 || minutes > 59)
        return std::nullopt;
    if (zone_missing != nullptr) *zone_missing = false;
    return (hours * 3600 + minutes * 60) * (text[pos] == '-' ? -1 : 1);
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text, bool* zone_missing) {
    const std::optional<Fields> f = date_and_time(text);
    if (!f) return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        const std::size_t first = ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == first) return std::nullopt;
    }
    const std::optional<std::int64_t> offset = zone_offset(text, pos, zone_missing);
    if (!offset) return std::nullopt;
    const std::chrono::sys_days day{civil_date(*f)};
    // RFC 3339 §5.7: a leap second (:60) is counted as the second before it, as POSIX time does.
    return day.time_since_epoch().count() * k_seconds_per_day + f->hour * 3600 + f->minute * 60 +
           std::min(f->second, 59) - *offset;
}

std::string format_rfc3339(std::int64_t epoch_seconds) {
    using namespace std::chrono;
    const sys_seconds instant{seconds{epoch_seconds}};
    const auto day = floor<days>(instant);
    const hh_mm_ss time{instant - day};
    const std::string date = format_date(epoch_seconds);
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
    return date + buffer;
}

std::string format_date(std::int64_t epoch_seconds) {
    using namespace std::chrono;
    const year_month_day date{floor<days>(sys_seconds{seconds{epoch_seconds}})};
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

std::string format_seconds(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    std::string text = std::to_string(ms / 1000);
    if (const auto rest = ms % 1000; rest != 0) {
        char fraction[8];
        std::snprintf(fraction, sizeof fraction, ".%03lld", static_cast<long long>(rest < 0 ? -rest : rest));
        text += fraction;
        while (text.back() == '0') text.pop_back();
    }
    return text + " s";
}

}  // namespace mtasts::base
