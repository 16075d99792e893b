#pragma once
// Ownership of one POSIX file descriptor: closed on every path out of its scope.
#include <unistd.h>

#include <utility>

namespace mtasts::base {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset();
            m_fd = other.release();
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    // The descriptor, or -1 when none is owned.
    int get() const { return m_fd; }
    // Gives the descriptor up without closing it.
    int release() { return std::exchange(m_fd, -1); }
    // Closes the descriptor now (if any).
    void reset() {
        if (m_fd >= 0) ::close(release());
    }
    // Closes now and says whether close() succeeded: it reports deferred write errors (NFS).
    bool close_checked() { return m_fd < 0 || ::close(release()) == 0; }

private:
    int m_fd = -1;
};

}  // namespace mtasts::base
