#include "mtasts/net/socket_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <limits>

namespace mtasts::net {

std::uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;  // the usual default soft limit
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return std::numeric_limits<std::uint32_t>::max();
    return static_cast<std::uint64_t>(limit.rlim_cur);
}

std::size_t socket_budget_for(std::uint64_t open_file_limit) {
    // The reserve grows with the limit (each resolver server may hold a UDP and a TCP socket,
    // libcurl keeps a wake-up pair, OpenSSL opens hashed CA files while verifying) but never
    // takes more than half of a small limit.
    const std::uint64_t reserve = std::min<std::uint64_t>(open_file_limit / 2, 32 + open_file_limit / 8);
    const std::uint64_t budget = open_file_limit - reserve;
    // Beyond this many connections at once the loop is the limit, not the descriptors.
    constexpr std::uint64_t k_most = 1u << 20;
    return static_cast<std::size_t>(std::clamp<std::uint64_t>(budget, 1, k_most));
}

SocketBudget::SocketBudget(Loop& loop, std::size_t slots) : m_loop(loop), m_slots(std::max<std::size_t>(slots, 1)) {}

void SocketBudget::acquire(std::function<void()> start) {
    if (m_in_use < m_slots && m_waiting.empty()) {
        ++m_in_use;
        start();
        return;
    }
    m_waiting.push_back(std::move(start));
}

void SocketBudget::release() {
    if (m_in_use > 0) --m_in_use;
    if (m_waiting.empty() || m_in_use >= m_slots) return;
    ++m_in_use;
    // Started from the loop: release() runs inside the finishing connection's own callbacks.
    m_loop.post(std::move(m_waiting.front()));
    m_waiting.pop_front();
}

}  // namespace mtasts::net
