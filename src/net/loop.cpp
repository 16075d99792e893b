#include "mtasts/net/loop.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

namespace mtasts::net {

namespace {

std::uint32_t epoll_mask(bool want_read, bool want_write) {
    std::uint32_t mask = 0;
    if (want_read) {
        mask |= EPOLLIN | EPOLLRDHUP;
    }
    if (want_write) {
        mask |= EPOLLOUT;
    }
    return mask;
}

}  // namespace

Loop::Loop() : m_epoll_fd(epoll_create1(EPOLL_CLOEXEC)) {
    if (m_epoll_fd < 0) {
        throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    }
}

Loop::~Loop() {
    // Callbacks still stored may own holds: they end them while the count still exists.
    m_posted.clear();
    m_timers.clear();
    m_watches.clear();
    close(m_epoll_fd);
}

void Loop::watch(int fd, bool want_read, bool want_write, IoCallback callback) {
    if (!want_read && !want_write) {
        unwatch(fd);
        return;
    }
    epoll_event event{};
    event.events = epoll_mask(want_read, want_write);
    event.data.fd = fd;
    const bool known = m_watches.contains(fd);
    int done = epoll_ctl(m_epoll_fd, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
    // A descriptor closed and reopened under the same number without unwatch leaves epoll and
    // m_watches out of step; the other operation then does what was meant.
    if (done != 0 && known && errno == ENOENT) {
        done = epoll_ctl(m_epoll_fd, EPOLL_CTL_ADD, fd, &event);
    } else if (done != 0 && !known && errno == EEXIST) {
        done = epoll_ctl(m_epoll_fd, EPOLL_CTL_MOD, fd, &event);
    }
    if (done != 0) {
        throw std::logic_error(std::string("epoll_ctl: ") + std::strerror(errno));
    }
    m_watches[fd] = std::make_shared<IoCallback>(std::move(callback));
}

void Loop::unwatch(int fd) {
    if (m_watches.erase(fd) > 0) {
        // The fd may already be closed by its owner; then the kernel dropped it already.
        epoll_ctl(m_epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    }
}

Loop::TimerId Loop::add_timer(std::chrono::milliseconds delay, Task callback) {
    const TimerId id = m_next_timer++;
    const Clock::time_point due = Clock::now() + delay;
    m_timers.emplace(id, std::make_pair(due, std::move(callback)));
    m_timer_order.emplace(due, id);
    return id;
}

void Loop::cancel_timer(TimerId id) {
    const auto found = m_timers.find(id);
    if (found == m_timers.end()) {
        return;
    }
    const auto [first, last] = m_timer_order.equal_range(found->second.first);
    for (auto it = first; it != last; ++it) {
        if (it->second == id) {
            m_timer_order.erase(it);
            break;
        }
    }
    m_timers.erase(found);
}

void Loop::post(Task task) {
    m_posted.push_back(std::move(task));
}

Loop::Hold::Hold(Loop* loop) : m_loop(loop) {
    if (m_loop != nullptr) ++m_loop->m_holds;
}

Loop::Hold::Hold(const Hold& other) : Hold(other.m_loop) {}

Loop::Hold::Hold(Hold&& other) noexcept : m_loop(std::exchange(other.m_loop, nullptr)) {}

Loop::Hold& Loop::Hold::operator=(Hold other) noexcept {
    std::swap(m_loop, other.m_loop);
    return *this;
}

Loop::Hold::~Hold() {
    reset();
}

void Loop::Hold::reset() noexcept {
    if (m_loop != nullptr) --std::exchange(m_loop, nullptr)->m_holds;
}

Loop::Hold Loop::hold() {
    return Hold(this);
}

void Loop::fire_due_timers() {
    const Clock::time_point now = Clock::now();
    while (!m_timer_order.empty() && m_timer_order.begin()->first <= now) {
        const TimerId id = m_timer_order.begin()->second;
        m_timer_order.erase(m_timer_order.begin());
        const auto found = m_timers.find(id);
        if (found == m_timers.end()) {
            continue;
        }
        Task task = std::move(found->second.second);
        m_timers.erase(found);
        task();
    }
}

void Loop::run_posted() {
    while (!m_posted.empty()) {
        std::vector<Task> tasks;
        tasks.swap(m_posted);
        for (Task& task : tasks) {
            task();
        }
    }
}

void Loop::run() {
    constexpr int k_max_events = 64;
    epoll_event events[k_max_events];
    for (;;) {
        run_posted();
        if (m_holds == 0) {
            return;
        }
        if (m_watches.empty() && m_timers.empty()) {
            // An operation is held but nothing can ever complete it: a bug in an adapter.
            throw std::logic_error("Loop::run: operations pending with nothing to wait for");
        }
        int wait_ms = -1;
        if (!m_timer_order.empty()) {
            const auto until = m_timer_order.begin()->first - Clock::now();
            const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until).count();
            wait_ms = ms < 0 ? 0 : static_cast<int>(ms);
        }
        const int count = epoll_wait(m_epoll_fd, events, k_max_events, wait_ms);
        if (count < 0 && errno != EINTR) {
            throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
        }
        for (int i = 0; i < count; ++i) {
            const auto found = m_watches.find(events[i].data.fd);
            if (found == m_watches.end()) {
                continue;
            }
            // Keep the callback alive even if it unwatches its own fd.
            const std::shared_ptr<IoCallback> callback = found->second;
            const std::uint32_t got = events[i].events;
            const bool failed = (got & (EPOLLERR | EPOLLHUP)) != 0;
            const bool readable = failed || (got & (EPOLLIN | EPOLLRDHUP)) != 0;
            const bool writable = failed || (got & EPOLLOUT) != 0;
            (*callback)(readable, writable);
        }
        fire_due_timers();
    }
}

}  // namespace mtasts::net
