#pragma once
// Polite probing: a batch must not hammer one mail server, nor open connections faster than
// the user allows (--per-host-sessions, --max-rate). Every SMTP session asks the pacer before it
// connects and tells it when it is closed. Sessions beyond a host's cap wait in order; new
// connections beyond the rate wait for their turn on a timer. No request is ever dropped.
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "mtasts/net/loop.hpp"

namespace mtasts::net {

struct PacerLimits {
    std::size_t per_host = 2;  // sessions at once to one address (--per-host-sessions)
    double per_second = 0;     // new connections per second over the run; 0 = no limit (--max-rate)
};

class ConnectionPacer {
public:
    using Start = std::function<void()>;

    ConnectionPacer(Loop& loop, PacerLimits limits);
    ConnectionPacer(const ConnectionPacer&) = delete;
    ConnectionPacer& operator=(const ConnectionPacer&) = delete;

    // Calls `start` once `host` has a free session and the rate allows a new connection: at once
    // when both do, else later from the loop. The caller must call release(host) once after
    // `start` ran.
    void acquire(const std::string& host, Start start);
    // The session to `host` is over: the next one waiting for that host may go.
    void release(const std::string& host);

    // Sessions that waited for a host's cap or for the rate (for the run's summary and tests).
    std::size_t delayed() const { return m_delayed; }

private:
    struct Host {
        std::size_t in_flight = 0;
        std::deque<Start> waiting;
    };

    void admit(Start start);
    void admit_due();
    Loop::Clock::duration interval() const;  // between two connections under --max-rate
    void arm_timer(Loop::Clock::time_point now);

    Loop& m_loop;
    PacerLimits m_limits;
    std::map<std::string, Host, std::less<>> m_hosts;
    std::deque<Start> m_paced;                              // admitted by the host cap, waiting for the rate
    std::optional<Loop::Clock::time_point> m_next_allowed;  // earliest time of the next connection
    std::optional<Loop::TimerId> m_timer;
    std::size_t m_delayed = 0;
};

}  // namespace mtasts::net
