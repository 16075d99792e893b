#include "mtasts/net/connection_pacer.hpp"

#include <algorithm>
#include <utility>

namespace mtasts::net {

ConnectionPacer::ConnectionPacer(Loop& loop, PacerLimits limits) : m_loop(loop), m_limits(limits) {
    m_limits.per_host = std::max<std::size_t>(m_limits.per_host, 1);
}

void ConnectionPacer::acquire(const std::string& host, Start start) {
    Host& entry = m_hosts[host];
    if (entry.in_flight < m_limits.per_host && entry.waiting.empty()) {
        ++entry.in_flight;
        admit(std::move(start));
        return;
    }
    ++m_delayed;
    entry.waiting.push_back(std::move(start));
}

void ConnectionPacer::release(const std::string& host) {
    const auto found = m_hosts.find(host);
    if (found == m_hosts.end()) return;
    Host& entry = found->second;
    if (entry.in_flight > 0) --entry.in_flight;
    if (entry.waiting.empty()) {
        // Forgotten when idle: a batch of many distinct hosts keeps no entry per finished host.
        if (entry.in_flight == 0) m_hosts.erase(found);
        return;
    }
    ++entry.in_flight;
    // Started from the loop: release() runs inside the finishing session's own callbacks.
    m_loop.post([this, start = std::move(entry.waiting.front())]() mutable { admit(std::move(start)); });
    entry.waiting.pop_front();
}

void ConnectionPacer::admit(Start start) {
    if (m_limits.per_second <= 0) {
        start();
        return;
    }
    const Loop::Clock::time_point now = m_loop.now();
    if (m_paced.empty() && (!m_next_allowed || now >= *m_next_allowed)) {
        m_next_allowed = now + interval();
        start();
        return;
    }
    ++m_delayed;
    m_paced.push_back(std::move(start));
    if (!m_timer) arm_timer(now);
}

Loop::Clock::duration ConnectionPacer::interval() const {
    return std::chrono::duration_cast<Loop::Clock::duration>(std::chrono::duration<double>(1.0 / m_limits.per_second));
}

void ConnectionPacer::arm_timer(Loop::Clock::time_point now) {
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*m_next_allowed - now);
    m_timer = m_loop.add_timer(std::max(wait, std::chrono::milliseconds(1)), [this] { admit_due(); });
}

// The rate allows one more connection: the oldest paced session goes, and the timer is armed
// again for the next one.
void ConnectionPacer::admit_due() {
    m_timer.reset();
    if (m_paced.empty()) return;
    Start start = std::move(m_paced.front());
    m_paced.pop_front();
    const Loop::Clock::time_point now = m_loop.now();
    m_next_allowed = now + interval();
    if (!m_paced.empty()) arm_timer(now);
    start();
}

}  // namespace mtasts::net
