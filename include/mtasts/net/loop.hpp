#pragma once
// The single event loop that drives every network operation of a run (docs/ARCHITECTURE.md: one loop,
// no thread per connection). epoll for file descriptors, a monotonic clock for timers.
// Not thread-safe: every call happens on the thread that calls run(). Callbacks (here and in
// the adapters) must not throw: they run inside C libraries' callbacks. Adapters and the loop
// must outlive run().
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace mtasts::net {

class Loop {
public:
    using Clock = std::chrono::steady_clock;
    using TimerId = std::uint64_t;
    // Called with what the descriptor is ready for; error/hang-up is reported as readable and
    // writable, so the owner's next read or write sees the error.
    using IoCallback = std::function<void(bool readable, bool writable)>;
    using Task = std::function<void()>;

    Loop();
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    // Watches `fd` for the given directions (both false = stop watching); replaces an earlier
    // watch of the same fd. The fd stays owned by the caller, who must unwatch before closing.
    void watch(int fd, bool want_read, bool want_write, IoCallback callback);
    // Stops watching `fd` (no-op if not watched).
    void unwatch(int fd);

    // Calls `callback` once after `delay` (monotonic clock); returns an id for cancel_timer.
    TimerId add_timer(std::chrono::milliseconds delay, Task callback);
    // Cancels a timer that has not fired yet (no-op otherwise).
    void cancel_timer(TimerId id);

    // Runs `task` on the loop soon, after the current callback returns.
    void post(Task task);

    // An operation in flight: run() keeps going while any Hold of the loop lives. Resolver,
    // PolicyFetcher and SmtpProber take one per request and keep it with the request's callback,
    // so it ends, on every path, once the callback has run and been dropped. A copy is one more
    // hold (callbacks are copyable std::functions); a moved-from Hold holds nothing.
    // A Hold must not outlive its loop.
    class Hold {
    public:
        Hold(const Hold& other);
        Hold(Hold&& other) noexcept;
        Hold& operator=(Hold other) noexcept;
        ~Hold();

        // Ends the hold before the end of its scope (no-op when it holds nothing).
        void reset() noexcept;

    private:
        friend class Loop;
        explicit Hold(Loop* loop);
        Loop* m_loop = nullptr;
    };

    // Takes a hold for one operation in flight.
    [[nodiscard]] Hold hold();

    // Dispatches events and timers until no operation is held and no task is posted.
    // Callbacks may start new operations (e.g. MX -> A/AAAA -> probes).
    void run();

    // The loop's clock, for elapsed times.
    Clock::time_point now() const { return Clock::now(); }

private:
    void fire_due_timers();
    void run_posted();

    int m_epoll_fd = -1;
    std::unordered_map<int, std::shared_ptr<IoCallback>> m_watches;
    std::multimap<Clock::time_point, TimerId> m_timer_order;
    std::unordered_map<TimerId, std::pair<Clock::time_point, Task>> m_timers;
    TimerId m_next_timer = 1;
    std::vector<Task> m_posted;
    long m_holds = 0;
};

}  // namespace mtasts::net
