// The state file of --state: the JSON format (round trip, every kind of broken file rejected
// with where and what), and the file on disk (missing = empty, atomic save, lock held for the
// run, a broken file left untouched, what a failed run and pruning leave behind).
#include <catch2/catch.hpp>

#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "mtasts/check/history.hpp"
#include "mtasts/check/live/state_file.hpp"
#include "mtasts/model/usage_error.hpp"

using namespace mtasts;
using namespace mtasts::check;
using namespace mtasts::check::live;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t k_now = 1'790'000'000;
constexpr std::int64_t k_day = 86400;

model::PolicySnapshot snapshot(std::string id, std::int64_t fetched_days_ago, std::int64_t max_age = 30 * k_day) {
    return model::PolicySnapshot{std::move(id), sha256_hex("body of " + std::to_string(fetched_days_ago)), "enforce", max_age,
                                 {"mx1.example.test", "*.example.test"}, k_now - fetched_days_ago * k_day};
}

// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "mtasts-state-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string parse_error(std::string_view text) {
    try {
        parse_state(text);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "(accepted)";
}

std::string open_error(const fs::path& path) {
    try {
        StateFile file(path.string());
    } catch (const model::UsageError& error) {
        return error.what();
    }
    return "(accepted)";
}

const std::string k_snapshot_json =
    R"({"id":"a1","body_sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","mode":"enforce",)"
    R"("max_age":604800,"mx":["mx1.example.test"],"fetched_at":1789000000})";

std::string with_snapshot(const std::string& snapshot_json) {
    return R"({"state_version":1,"domains":{"example.test":{"snapshots":[)" + snapshot_json + "]}}}";
}

}  // namespace

TEST_CASE("state JSON: what is written is read back") {
    StateDomains domains;
    domains["example.test"].snapshots = {snapshot("a1", 10), snapshot("b2", 1, 7 * k_day)};
    domains["other.test"].snapshots = {snapshot("z", 0)};
    const std::string text = serialize_state(domains);
    CHECK(text.find("\"state_version\": 1") != std::string::npos);
    CHECK(parse_state(text) == domains);
    CHECK(parse_state(R"({"state_version":1,"domains":{}})").empty());
}

TEST_CASE("state JSON: a hand-written snapshot is read with its values, unknown keys ignored") {
    const StateDomains domains = parse_state(R"({"state_version":1,"note":"x","domains":{"example.test":{"snapshots":[)" +
                                             k_snapshot_json.substr(0, k_snapshot_json.size() - 1) + R"(,"comment":"old"}]}}})");
    REQUIRE(domains.count("example.test") == 1);
    const model::PolicySnapshot& s = domains.at("example.test").snapshots.at(0);
    CHECK(s.id == "a1");
    CHECK(s.mode == "enforce");
    CHECK(s.max_age == 604800);
    CHECK(s.mx == std::vector<std::string>{"mx1.example.test"});
    CHECK(s.fetched_at == 1789000000);
}

TEST_CASE("state JSON: broken files are rejected saying where and what") {
    const std::string sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    // The good snapshot with one key replaced (or removed, for a null value).
    auto snapshot_with = [](const std::string& key, const std::string& value_json) {
        nlohmann::json snapshot = nlohmann::json::parse(k_snapshot_json);
        const nlohmann::json value = nlohmann::json::parse(value_json);
        if (value.is_null()) snapshot.erase(key);
        else snapshot[key] = value;
        return with_snapshot(snapshot.dump());
    };
    const std::pair<std::string, std::string> cases[] = {
        {"", "not JSON"},
        {"{\"state_version\":1,", "not JSON"},
        {"[1,2]", "top level: expected an object"},
        {R"({"domains":{}})", "missing key \"state_version\""},
        {R"({"state_version":2,"domains":{}})", "state_version: is 2, this version reads 1"},
        {R"({"state_version":"1","domains":{}})", "state_version: is \"1\""},
        {R"({"state_version":1})", "missing key \"domains\""},
        {R"({"state_version":1,"domains":[]})", "domains: expected an object"},
        {R"({"state_version":1,"domains":{"example.test":[]}})", "domains.example.test: expected an object"},
        {R"({"state_version":1,"domains":{"example.test":{}}})", "domains.example.test: missing key \"snapshots\""},
        {with_snapshot("1"), "domains.example.test.snapshots[0]: expected an object"},
        {snapshot_with("mode", "\"strict\""), "snapshots[0].mode: expected"},
        {snapshot_with("max_age", "\"604800\""), "snapshots[0].max_age: expected an integer"},
        {snapshot_with("max_age", "-1"), "snapshots[0].max_age: expected an integer"},
        {snapshot_with("max_age", "31557601"), "snapshots[0].max_age: expected an integer"},
        {snapshot_with("max_age", "18446744073709551615"), "snapshots[0].max_age: expected an integer"},
        {snapshot_with("fetched_at", "1.5"), "snapshots[0].fetched_at: expected an integer"},
        {snapshot_with("body_sha256", "\"" + sha.substr(1) + "\""), "snapshots[0].body_sha256: expected 64"},
        {snapshot_with("body_sha256", "\"" + std::string(64, 'A') + "\""), "snapshots[0].body_sha256: expected 64"},
        {snapshot_with("id", "\"\""), "snapshots[0].id: empty"},
        {snapshot_with("id", "7"), "snapshots[0].id: expected a string"},
        {snapshot_with("mx", "[3]"), "snapshots[0].mx: expected an array of strings"},
        {snapshot_with("mx", "\"mx1.example.test\""), "snapshots[0].mx: expected an array of strings"},
        {snapshot_with("mx", "null"), "snapshots[0]: missing key \"mx\""},
        {snapshot_with("fetched_at", "null"), "snapshots[0]: missing key \"fetched_at\""},
    };
    for (const auto& [text, expected] : cases) {
        INFO(text);
        const std::string error = parse_error(text);
        INFO(error);
        CHECK(error.find(expected) != std::string::npos);
    }
}

TEST_CASE("state file: missing means empty, save creates it atomically, reopening reads it") {
    TempDir dir;
    const fs::path path = dir.path / "state.json";
    {
        StateFile file(path.string());
        CHECK(file.history("example.test").snapshots.empty());
        CHECK_FALSE(fs::exists(path));  // nothing is written before save()
        file.set_history("example.test", model::DomainHistory{{snapshot("a1", 2)}});
        file.save();
    }
    CHECK(fs::exists(path));
    CHECK_FALSE(fs::exists(dir.path / "state.json.tmp"));
    StateFile again(path.string());
    CHECK(again.history("example.test").snapshots == std::vector<model::PolicySnapshot>{snapshot("a1", 2)});
    CHECK(again.history("other.test").snapshots.empty());
}

TEST_CASE("state file: saving keeps the file's permissions") {
    TempDir dir;
    const fs::path path = dir.path / "state.json";
    write_file(path, serialize_state({}));
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    {
        StateFile file(path.string());
        file.set_history("example.test", model::DomainHistory{{snapshot("a1", 2)}});
        file.save();
    }
    CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(parse_state(read_file(path)).count("example.test") == 1);
}

TEST_CASE("state file: a broken or unreadable file is an error naming it, and is left untouched") {
    TempDir dir;
    SECTION("not JSON") {
        const fs::path path = dir.path / "state.json";
        write_file(path, "garbage\n");
        const std::string error = open_error(path);
        CHECK(error.find("state file " + path.string() + ": not JSON") == 0);
        CHECK(read_file(path) == "garbage\n");
    }
    SECTION("another version") {
        const fs::path path = dir.path / "state.json";
        write_file(path, R"({"state_version":9,"domains":{}})");
        CHECK(open_error(path).find("state_version: is 9") != std::string::npos);
        CHECK(read_file(path) == R"({"state_version":9,"domains":{}})");
    }
    SECTION("a directory") {
        CHECK(open_error(dir.path).find("is a directory") != std::string::npos);
        CHECK_FALSE(fs::exists(dir.path.string() + ".lock"));
    }
    SECTION("a path through a regular file") {
        write_file(dir.path / "plain", "x");
        const std::string error = open_error(dir.path / "plain" / "state.json");
        CHECK(error.find("state file " + (dir.path / "plain" / "state.json").string()) == 0);
        CHECK(error.find("Not a directory") != std::string::npos);
    }
}

TEST_CASE("state file: the lock is held from open to destruction") {
    TempDir dir;
    const fs::path path = dir.path / "state.json";
    const int other = ::open((path.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    REQUIRE(other >= 0);
    {
        StateFile file(path.string());
        // flock locks belong to the open file description, so a second open conflicts even in
        // this process, as another run's would.
        CHECK(::flock(other, LOCK_EX | LOCK_NB) == -1);
        CHECK(errno == EWOULDBLOCK);
    }
    CHECK(::flock(other, LOCK_EX | LOCK_NB) == 0);
    ::close(other);
}

TEST_CASE("state file: a failed run keeps the history, expired snapshots are pruned, other domains stay") {
    TempDir dir;
    const fs::path path = dir.path / "state.json";
    StateDomains before;
    before["example.test"].snapshots = {snapshot("old", 40), snapshot("a1", 3)};
    before["other.test"].snapshots = {snapshot("gone", 40)};  // expired, but not checked this run
    write_file(path, serialize_state(before));
    {
        StateFile file(path.string());
        // This run's fetch failed: nothing new to remember.
        file.set_history("example.test", next_history(file.history("example.test"), std::nullopt, k_now));
        file.save();
    }
    const StateDomains after = parse_state(read_file(path));
    CHECK(after.at("example.test").snapshots == std::vector<model::PolicySnapshot>{snapshot("a1", 3)});
    CHECK(after.at("other.test") == before.at("other.test"));
    SECTION("a domain whose snapshots all expired is dropped from the file") {
        {
            StateFile file(path.string());
            file.set_history("example.test", next_history(file.history("example.test"), std::nullopt, k_now + 60 * k_day));
            file.save();
        }
        CHECK(parse_state(read_file(path)).count("example.test") == 0);
    }
}
