#pragma once
// The lines of a file or pipe through one fixed buffer, each at most a given length: a scan's
// JSONL can be gigabytes, and one line of a file that is no JSONL can be endless, so memory
// never grows past the cap. A read error is a status with its errno, never an exception.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mtasts::summarize {

// Longest line summarize reads: a domain report is a few KiB, a policy body in it 64 KiB at most.
inline constexpr std::size_t k_max_line = 16 * 1024 * 1024;

class LineReader {
public:
    enum class Status { line, too_long, end, error };

    // Reads `fd` (not owned) in lines of at most `max_line` bytes.
    LineReader(int fd, std::size_t max_line);

    // The next line, without its LF and a CR before it: `line`; too_long when it had more than
    // max_line bytes (all of them skipped, `line` empty); end; or error (see error_number()).
    Status next(std::string& line);

    // errno of the failed read after Status::error.
    int error_number() const { return m_errno; }

    // The number of the line last returned, from 1.
    std::uint64_t line_number() const { return m_line; }

private:
    // Fills the buffer; false at the end of the input or on an error.
    bool refill();
    // The status of a line that ended (at LF or at the end of the input).
    Status finish(std::string& line, bool too_long);

    int m_fd;
    std::size_t m_max_line;
    std::vector<char> m_buffer;
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
    int m_errno = 0;
    std::uint64_t m_line = 0;
};

}  // namespace mtasts::summarize
