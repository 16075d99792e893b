#include "mtasts/summarize/line_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mtasts::summarize {
namespace {

constexpr std::size_t k_buffer_size = 256 * 1024;

}  // namespace

LineReader::LineReader(int fd, std::size_t max_line) : m_fd(fd), m_max_line(max_line), m_buffer(k_buffer_size) {}

bool LineReader::refill() {
    while (true) {
        const ssize_t got = ::read(m_fd, m_buffer.data(), m_buffer.size());
        if (got > 0) {
            m_pos = 0;
            m_end = static_cast<std::size_t>(got);
            return true;
        }
        if (got == 0) return false;
        if (errno != EINTR) {
            m_errno = errno;
            return false;
        }
    }
}

LineReader::Status LineReader::finish(std::string& line, bool too_long) {
    ++m_line;
    if (too_long) return Status::too_long;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return Status::line;
}

LineReader::Status LineReader::next(std::string& line) {
    line.clear();
    bool started = false;
    bool too_long = false;
    while (true) {
        if (m_pos == m_end && !refill()) {
            if (m_errno != 0) return Status::error;
            return started ? finish(line, too_long) : Status::end;
        }
        started = true;
        const char* start = m_buffer.data() + m_pos;
        const auto* newline = static_cast<const char*>(std::memchr(start, '\n', m_end - m_pos));
        const std::size_t length = newline != nullptr ? static_cast<std::size_t>(newline - start) : m_end - m_pos;
        if (!too_long && line.size() + length > m_max_line) {
            too_long = true;
            std::string().swap(line);  // give the memory back now: the rest of the line is skipped
        }
        if (!too_long) line.append(start, length);
        m_pos += length + (newline != nullptr ? 1 : 0);
        if (newline != nullptr) return finish(line, too_long);
    }
}

}  // namespace mtasts::summarize
