// Which errno values are this host's own failures, and the socket budget derived from the
// open-file limit.
#include <catch2/catch.hpp>

#include <cerrno>
#include <string>
#include <vector>

#include "mtasts/net/local_errors.hpp"
#include "mtasts/net/loop.hpp"
#include "mtasts/net/socket_budget.hpp"

using namespace mtasts::net;

TEST_CASE("errno values of this host are local, with their name in the cause") {
    struct Row {
        int error_number;
        bool local_immediate;
        bool local_from_connection;
        const char* name;
    };
    const Row rows[] = {
        {EMFILE, true, true, "EMFILE"},
        {ENFILE, true, true, "ENFILE"},
        {ENOBUFS, true, true, "ENOBUFS"},
        {ENOMEM, true, true, "ENOMEM"},
        {EADDRNOTAVAIL, true, true, "EADDRNOTAVAIL"},
        {EAFNOSUPPORT, true, true, "EAFNOSUPPORT"},
        // The local routing table answers at once; later, the same errno may be a router's ICMP.
        {ENETUNREACH, true, false, "ENETUNREACH"},
        {EHOSTUNREACH, true, false, "EHOSTUNREACH"},
        // The server's or the network's doing.
        {ECONNREFUSED, false, false, nullptr},
        {ETIMEDOUT, false, false, nullptr},
        {ECONNRESET, false, false, nullptr},
        {0, false, false, nullptr},
    };
    for (const Row& row : rows) {
        INFO(row.error_number);
        const auto immediate = local_cause(row.error_number, ErrnoOrigin::immediate);
        CHECK(immediate.has_value() == row.local_immediate);
        CHECK(local_cause(row.error_number, ErrnoOrigin::from_connection).has_value() == row.local_from_connection);
        if (immediate) {
            CHECK(immediate->find(row.name) != std::string::npos);
            CHECK(immediate->starts_with("this host: "));
        }
    }
    CHECK(local_cause(EMFILE, ErrnoOrigin::immediate)->find("too many open files") != std::string::npos);
}

TEST_CASE("the socket budget leaves a reserve and is never zero") {
    CHECK(socket_budget_for(1024) == 1024 - (32 + 128));
    CHECK(socket_budget_for(256) == 256 - (32 + 32));
    CHECK(socket_budget_for(40) == 20);  // at most half of a small limit is reserved
    CHECK(socket_budget_for(1) == 1);
    CHECK(socket_budget_for(0) == 1);
    CHECK(socket_budget_for(1u << 30) == (1u << 20));
}

TEST_CASE("raising the open-file limit never lowers it") {
    const std::uint64_t raised = raise_open_file_limit();
    CHECK(raised >= 3);  // stdin, stdout, stderr
    CHECK(raise_open_file_limit() == raised);
}

TEST_CASE("requests beyond the budget wait and start in order as slots come back") {
    Loop loop;
    SocketBudget budget(loop, 2);
    std::vector<int> started;
    for (int i = 0; i < 5; ++i) budget.acquire([&started, i] { started.push_back(i); });
    CHECK(started == std::vector<int>{0, 1});
    CHECK(budget.in_use() == 2);
    CHECK(budget.waiting() == 3);
    budget.release();
    CHECK(budget.in_use() == 2);  // handed on at once, started from the loop
    loop.run();
    CHECK(started == std::vector<int>{0, 1, 2});
    budget.release();
    budget.release();
    loop.run();
    CHECK(started == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(budget.waiting() == 0);
    budget.release();
    budget.release();
    budget.release();
    CHECK(budget.in_use() == 0);
}
