// The event loop on its own: timers, posted tasks, fd watches, holds.
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "mtasts/net/loop.hpp"

using mtasts::net::Loop;
using namespace std::chrono_literals;

TEST_CASE("run returns at once when nothing is held") {
    Loop loop;
    bool ran = false;
    loop.post([&] { ran = true; });
    loop.run();
    CHECK(ran);
}

TEST_CASE("timers fire in deadline order, a cancelled one never") {
    Loop loop;
    std::vector<int> order;
    Loop::Hold hold = loop.hold();
    loop.add_timer(30ms, [&] {
        order.push_back(3);
        hold.reset();
    });
    loop.add_timer(10ms, [&] { order.push_back(1); });
    const Loop::TimerId cancelled = loop.add_timer(20ms, [&] { order.push_back(2); });
    loop.cancel_timer(cancelled);
    loop.add_timer(0ms, [&] { order.push_back(0); });
    loop.run();
    CHECK(order == std::vector<int>{0, 1, 3});
}

TEST_CASE("a watched socket reports readiness and callbacks can start more work") {
    int pair[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair) == 0);
    Loop loop;
    std::string received;
    Loop::Hold hold = loop.hold();
    loop.watch(pair[0], true, false, [&](bool readable, bool) {
        char buffer[16];
        const ssize_t got = readable ? read(pair[0], buffer, sizeof buffer) : 0;
        if (got > 0) {
            received.append(buffer, static_cast<std::size_t>(got));
        }
        if (received == "ping") {
            loop.unwatch(pair[0]);
            hold.reset();
        }
    });
    loop.add_timer(5ms, [&] { CHECK(write(pair[1], "ping", 4) == 4); });
    loop.run();
    CHECK(received == "ping");
    close(pair[0]);
    close(pair[1]);
}

TEST_CASE("a hold with nothing that could end it is a bug, not a hang") {
    Loop loop;
    const Loop::Hold hold = loop.hold();
    CHECK_THROWS_AS(loop.run(), std::logic_error);
}

TEST_CASE("run waits for every copy of a hold, and a moved-from hold holds nothing") {
    Loop loop;
    std::vector<int> order;
    Loop::Hold first = loop.hold();
    Loop::Hold copy = first;
    Loop::Hold moved = std::move(first);
    loop.add_timer(10ms, [&] {
        order.push_back(1);
        moved.reset();
    });
    loop.add_timer(20ms, [&] {
        order.push_back(2);
        copy.reset();
    });
    // Far enough behind that a loaded machine cannot make it due together with the others.
    loop.add_timer(5s, [&] { order.push_back(3); });
    loop.run();
    CHECK(order == std::vector<int>{1, 2});
}

TEST_CASE("a hold kept by a posted task ends once the task has run") {
    Loop loop;
    bool ran = false;
    loop.post([hold = loop.hold(), &ran] { ran = true; });
    loop.run();
    CHECK(ran);
}

TEST_CASE("a loop destroyed with callbacks that keep holds ends those holds first") {
    Loop loop;
    loop.post([hold = loop.hold()] {});
    loop.add_timer(1h, [hold = loop.hold()] {});
}
