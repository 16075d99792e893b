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
    loop.hold();
    loop.add_timer(30ms, [&] {
        order.push_back(3);
        loop.release();
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
    loop.hold();
    loop.watch(pair[0], true, false, [&](bool readable, bool) {
        char buffer[16];
        const ssize_t got = readable ? read(pair[0], buffer, sizeof buffer) : 0;
        if (got > 0) {
            received.append(buffer, static_cast<std::size_t>(got));
        }
        if (received == "ping") {
            loop.unwatch(pair[0]);
            loop.release();
        }
    });
    loop.add_timer(5ms, [&] { CHECK(write(pair[1], "ping", 4) == 4); });
    loop.run();
    CHECK(received == "ping");
    close(pair[0]);
    close(pair[1]);
}

TEST_CASE("a hold with nothing that could release it is a bug, not a hang") {
    Loop loop;
    loop.hold();
    CHECK_THROWS_AS(loop.run(), std::logic_error);
    loop.release();
}

TEST_CASE("release without hold is a bug") {
    Loop loop;
    CHECK_THROWS_AS(loop.release(), std::logic_error);
}
