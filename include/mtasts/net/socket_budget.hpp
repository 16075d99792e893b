#pragma once
// How many sockets the checker holds open at once. A batch of thousands of domains would
// otherwise open more connections than RLIMIT_NOFILE allows, and every socket() past the limit
// fails with EMFILE: a failure of the checker's host, never of the checked domains. The SMTP
// prober and the policy fetcher take a slot before each connection and give it back when the
// connection is closed; requests beyond the budget wait in order, without a running timeout.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>

#include "mtasts/net/loop.hpp"

namespace mtasts::net {

// Raises the soft RLIMIT_NOFILE to the hard limit (a process may always do that) and returns
// the soft limit now in force; RLIM_INFINITY is returned as a large finite number.
std::uint64_t raise_open_file_limit();

// The connections that fit into `open_file_limit` descriptors, leaving room for the resolver's
// sockets, libcurl's own descriptors, the state file, the trust store and stdio.
std::size_t socket_budget_for(std::uint64_t open_file_limit);

class SocketBudget {
public:
    // `slots` connections at once (at least one).
    SocketBudget(Loop& loop, std::size_t slots);
    SocketBudget(const SocketBudget&) = delete;
    SocketBudget& operator=(const SocketBudget&) = delete;

    // Calls `start` once a slot is free: at once when one is, else from the loop, in the order
    // of the requests. The caller must call release() exactly once after `start` ran.
    void acquire(std::function<void()> start);
    // Gives one slot back; the oldest waiting request gets it.
    void release();

    // Slots in use now (for tests and diagnostics).
    std::size_t in_use() const { return m_in_use; }
    // Requests waiting for a slot.
    std::size_t waiting() const { return m_waiting.size(); }

private:
    Loop& m_loop;
    std::size_t m_slots;
    std::size_t m_in_use = 0;
    std::deque<std::function<void()>> m_waiting;
};

}  // namespace mtasts::net
