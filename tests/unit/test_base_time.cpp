#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "mtasts/base/time.hpp"

using mtasts::base::format_date;
using mtasts::base::format_rfc3339;
using mtasts::base::parse_rfc3339;

namespace {

constexpr std::int64_t k_2024_05_01 = 1714521600;

}  // namespace

TEST_CASE("parse_rfc3339 accepts RFC 3339 §5.6 date-times", "[base][time]") {
    struct Row {
        const char* text;
        std::int64_t seconds;
    };
    const Row table[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2024-05-01T00:00:00Z", k_2024_05_01},
        {"2024-05-01T02:00:00+02:00", k_2024_05_01},    // offset east of UTC
        {"2024-04-30T19:00:00-05:00", k_2024_05_01},    // and west
        {"2024-04-30T19:00:00.123-05:00", k_2024_05_01},  // fraction dropped
        {"2024-05-01T00:00:00.999999999Z", k_2024_05_01},
        {"2024-05-01t00:00:00z", k_2024_05_01},         // §5.6 NOTE: lower case
        {"2024-05-01 00:00:00Z", k_2024_05_01},         // §5.6 NOTE: a space for T
        {"2024-04-30T23:59:60Z", k_2024_05_01 - 1},     // §5.7 leap second read as :59
        {"1969-12-31T23:59:59Z", -1},
        {"2000-02-29T01:01:01Z", 951782400 + 3661},     // leap day of a year divisible by 400
        {"2024-02-29T00:00:00Z", 1709164800},           // leap day of a year divisible by 4
        {"9999-12-31T23:59:59Z", 253402300799},
        {"0000-01-01T00:00:00Z", -62167219200},         // year 0 of the proleptic calendar
        {"2024-05-01T00:00:00+23:59", k_2024_05_01 - 23 * 3600 - 59 * 60},
    };
    for (const auto& row : table) {
        INFO(row.text);
        bool zone_missing = true;
        CHECK(parse_rfc3339(row.text, &zone_missing) == row.seconds);
        CHECK_FALSE(zone_missing);
    }
}

TEST_CASE("parse_rfc3339 reads a date-time without offset as UTC and says so", "[base][time]") {
    bool zone_missing = false;
    CHECK(parse_rfc3339("2024-05-01T00:00:00", &zone_missing) == k_2024_05_01);
    CHECK(zone_missing);
    zone_missing = false;
    CHECK(parse_rfc3339("2024-05-01T00:00:00.5", &zone_missing) == k_2024_05_01);
    CHECK(zone_missing);
    CHECK(parse_rfc3339("2024-05-01T00:00:00") == k_2024_05_01);  // the flag is optional
}

TEST_CASE("parse_rfc3339 refuses what is not a date-time", "[base][time]") {
    const char* table[] = {
        "",
        "2024-05-01",                   // a date alone
        "2024-05-01T00:00Z",            // no seconds
        "24-05-01T00:00:00Z",
        "2024/05/01T00:00:00Z",
        "2024-05-01X00:00:00Z",
        "2024-05-01T00:00:00+0200",     // offset without a colon
        "2024-05-01T00:00:00+02",
        "2024-05-01T00:00:00+24:00",    // offset hour out of range
        "2024-05-01T00:00:00+02:60",
        "2024-05-01T00:00:00.Z",        // a dot without digits
        "2024-05-01T00:00:00ZZ",
        "2024-05-01T00:00:00Z ",
        "2024-05-01T00:00:00 UTC",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-05-00T00:00:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T00:60:00Z",
        "2024-05-01T00:00:61Z",
        "2016-02-30T00:00:00Z",         // §5.7: the day must exist in its month
        "2023-02-29T00:00:00Z",         // not a leap year
        "1900-02-29T00:00:00Z",         // divisible by 100, not by 400
        "2026-04-31T00:00:00Z",
        "+2024-05-01T00:00:00Z",
        "2024-5-01T00:00:00Z",
        "2024-05-01T00:00:0\xD9Z",
    };
    for (const char* text : table) {
        INFO(text);
        bool zone_missing = false;
        CHECK_FALSE(parse_rfc3339(text, &zone_missing));
    }
}

TEST_CASE("format_rfc3339 and format_date write UTC", "[base][time]") {
    CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
    CHECK(format_rfc3339(k_2024_05_01) == "2024-05-01T00:00:00Z");
    CHECK(format_rfc3339(951782400 + 3661) == "2000-02-29T01:01:01Z");  // leap day
    CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_rfc3339(253402300799) == "9999-12-31T23:59:59Z");  // GeneralizedTime's last second
    CHECK(format_rfc3339(253402300800) == "10000-01-01T00:00:00Z");
    CHECK(format_rfc3339(-62167219200 + 86400 * 31 + 1) == "0000-02-01T00:00:01Z");
    CHECK(format_date(k_2024_05_01 + 86399) == "2024-05-01");
    CHECK(format_date(-1) == "1969-12-31");
    CHECK(format_date(253402300800) == "10000-01-01");
    CHECK(format_date(-62167219200 + 500LL * 365 * 86400) == "0499-09-01");  // four digits, as RFC 3339 writes a year
}

TEST_CASE("formatting then parsing gives the same second", "[base][time]") {
    for (std::int64_t seconds = -86400LL * 800; seconds < 86400LL * 365 * 80; seconds += 86400LL * 13 + 3607) {
        const std::string text = format_rfc3339(seconds);
        INFO(text);
        REQUIRE(parse_rfc3339(text) == seconds);
        CHECK(format_date(seconds) == text.substr(0, 10));
    }
}

TEST_CASE("format_seconds names a time limit in seconds", "[base][time]") {
    using mtasts::base::format_seconds;
    using std::chrono::milliseconds;
    CHECK(format_seconds(milliseconds(30000)) == "30 s");
    CHECK(format_seconds(milliseconds(500)) == "0.5 s");
    CHECK(format_seconds(milliseconds(2250)) == "2.25 s");
    CHECK(format_seconds(milliseconds(1001)) == "1.001 s");
    CHECK(format_seconds(milliseconds(0)) == "0 s");
}
