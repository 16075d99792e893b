#include <catch2/catch.hpp>
#include <compare>
#include <functional>
#include <string>
#include <vector>

#include "mtasts/base/memo.hpp"

using mtasts::base::Memo;

namespace {

// A stand-in for an event loop: deferred tasks run when run() is called.
struct FakeLoop {
    std::vector<std::function<void()>> posted;

    Memo<std::string, int>::Defer defer() {
        return [this](std::function<void()> task) { posted.push_back(std::move(task)); };
    }
    void run() {
        while (!posted.empty()) {
            auto tasks = std::move(posted);
            posted.clear();
            for (auto& task : tasks) task();
        }
    }
};

// A key of several fields, as one SMTP session is keyed (host, address, port, variant).
struct SessionKey {
    std::string host;
    std::string ip;
    unsigned port = 25;
    bool sni = true;
    auto operator<=>(const SessionKey&) const = default;
};

}  // namespace

TEST_CASE("the first asker produces, later askers wait, all get the result in order", "[base][memo]") {
    FakeLoop loop;
    Memo<std::string, int> memo(loop.defer());
    std::vector<std::string> got;
    CHECK(memo.join("mx.example", [&](const int& value) { got.push_back("a" + std::to_string(value)); }));
    CHECK_FALSE(memo.join("mx.example", [&](const int& value) { got.push_back("b" + std::to_string(value)); }));
    CHECK(memo.join("other.example", [&](const int& value) { got.push_back("c" + std::to_string(value)); }));
    CHECK(got.empty());
    memo.settle("mx.example", 7);
    CHECK(got == std::vector<std::string>{"a7", "b7"});
    memo.settle("other.example", 8);
    CHECK(got == std::vector<std::string>{"a7", "b7", "c8"});
    CHECK(loop.posted.empty());
}

TEST_CASE("a stored result is delivered later, never inside join", "[base][memo]") {
    FakeLoop loop;
    Memo<std::string, int> memo(loop.defer());
    REQUIRE(memo.join("k", [](const int&) {}));
    memo.settle("k", 42);
    int got = 0;
    CHECK_FALSE(memo.join("k", [&](const int& value) { got = value; }));
    CHECK(got == 0);
    loop.run();
    CHECK(got == 42);
}

TEST_CASE("a struct key tells sessions apart field by field", "[base][memo]") {
    FakeLoop loop;
    Memo<SessionKey, std::string> memo([&](std::function<void()> task) { loop.posted.push_back(std::move(task)); });
    std::vector<std::string> got;
    const auto keep = [&](const std::string& value) { got.push_back(value); };
    CHECK(memo.join({"mx", "192.0.2.1", 25, true}, keep));
    CHECK(memo.join({"mx", "192.0.2.1", 25, false}, keep));  // no SNI: another session
    CHECK(memo.join({"mx", "192.0.2.1", 2525, true}, keep));
    CHECK_FALSE(memo.join({"mx", "192.0.2.1", 25, true}, keep));
    CHECK(memo.size() == 3);
    memo.settle({"mx", "192.0.2.1", 25, true}, "sni");
    memo.settle({"mx", "192.0.2.1", 25, false}, "no sni");
    CHECK(got == std::vector<std::string>{"sni", "sni", "no sni"});
}

TEST_CASE("callbacks may ask again while the result is being handed out", "[base][memo]") {
    FakeLoop loop;
    Memo<std::string, int> memo(loop.defer(), 2);
    std::vector<int> got;
    REQUIRE(memo.join("a", [&](const int& value) {
        got.push_back(value);
        // Asking the same key again gets the stored result; new keys past the bound drop the
        // settled entries, "a" included, while its callbacks still run.
        CHECK_FALSE(memo.join("a", [&](const int& again) { got.push_back(again * 10); }));
        CHECK(memo.join("b", [&](const int& b) { got.push_back(b); }));
        CHECK(memo.join("c", [&](const int& c) { got.push_back(c); }));
    }));
    REQUIRE_FALSE(memo.join("a", [&](const int& value) { got.push_back(value + 1); }));
    memo.settle("a", 1);
    CHECK(got == std::vector<int>{1, 2});
    CHECK(memo.size() == 2);  // "a" dropped: only b and c, in flight, are left
    loop.run();
    CHECK(got == std::vector<int>{1, 2, 10});
    memo.settle("b", 3);
    memo.settle("c", 4);
    CHECK(got == std::vector<int>{1, 2, 10, 3, 4});
}

TEST_CASE("past the bound, settled results are dropped and in-flight ones kept", "[base][memo]") {
    FakeLoop loop;
    Memo<std::string, int> memo(loop.defer(), 2);
    REQUIRE(memo.join("settled", [](const int&) {}));
    memo.settle("settled", 1);
    REQUIRE(memo.join("in flight", [](const int&) {}));
    CHECK(memo.size() == 2);
    REQUIRE(memo.join("third", [](const int&) {}));
    CHECK(memo.size() == 2);
    CHECK(memo.join("settled", [](const int&) {}));  // asked again: this caller produces it anew
    CHECK_FALSE(memo.join("in flight", [](const int&) {}));
}

TEST_CASE("settling a key nobody asked for does nothing", "[base][memo]") {
    FakeLoop loop;
    Memo<std::string, int> memo(loop.defer());
    memo.settle("nobody", 1);
    CHECK(memo.size() == 0);
    CHECK(memo.join("nobody", [](const int&) {}));
}
