// The pacer behind --per-host-sessions and --max-rate: no request is dropped, a host's
// sessions are capped, and connections are spaced by the rate.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <vector>

#include "mtasts/net/connection_pacer.hpp"

using mtasts::net::ConnectionPacer;
using mtasts::net::Loop;
using mtasts::net::PacerLimits;

TEST_CASE("sessions to one host beyond its cap wait, other hosts go at once") {
    Loop loop;
    ConnectionPacer pacer(loop, PacerLimits{.per_host = 2});
    std::vector<std::string> started;
    for (int i = 0; i < 4; ++i) pacer.acquire("mx-a", [&started, i] { started.push_back("a" + std::to_string(i)); });
    pacer.acquire("mx-b", [&started] { started.push_back("b0"); });
    CHECK(started == std::vector<std::string>{"a0", "a1", "b0"});
    CHECK(pacer.delayed() == 2);
    pacer.release("mx-b");  // nobody waits for mx-b: nothing starts
    pacer.release("mx-a");
    loop.run();
    CHECK(started == std::vector<std::string>{"a0", "a1", "b0", "a2"});
    pacer.release("mx-a");
    loop.run();
    CHECK(started.back() == "a3");
    CHECK(started.size() == 5);
}

TEST_CASE("a host's sessions start in the order they asked") {
    Loop loop;
    ConnectionPacer pacer(loop, PacerLimits{.per_host = 1});
    std::vector<int> started;
    for (int i = 0; i < 5; ++i) pacer.acquire("mx", [&started, i] { started.push_back(i); });
    for (int i = 0; i < 5; ++i) {
        pacer.release("mx");
        loop.run();
    }
    CHECK(started == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("the rate spaces new connections, and every request gets its turn") {
    Loop loop;
    // 20 per second: 5 connections need at least 4 intervals of 50 ms after the first.
    ConnectionPacer pacer(loop, PacerLimits{.per_host = 100, .per_second = 20});
    std::vector<Loop::Clock::time_point> times;
    std::optional<Loop::Hold> hold = loop.hold();  // keeps run() going until the last one starts
    for (int i = 0; i < 5; ++i) {
        pacer.acquire("mx", [&] {
            times.push_back(loop.now());
            if (times.size() == 5) hold.reset();
        });
    }
    CHECK(times.size() == 1);  // the first goes at once
    loop.run();
    REQUIRE(times.size() == 5);
    for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i] - times[i - 1] >= std::chrono::milliseconds(49));
    CHECK(pacer.delayed() == 4);
}

TEST_CASE("without a rate the host cap is the only limit") {
    Loop loop;
    ConnectionPacer pacer(loop, PacerLimits{.per_host = 3, .per_second = 0});
    int started = 0;
    for (int i = 0; i < 3; ++i) pacer.acquire("mx", [&started] { ++started; });
    CHECK(started == 3);
    CHECK(pacer.delayed() == 0);
}
