// -o FILE: result lines written as domains finish (include/mtasts/check/live/result_file.hpp).
#include "mtasts/check/live/result_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "mtasts/base/printable.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/render/json.hpp"

namespace mtasts::check::live {
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& what) {
    throw model::UsageError("-o " + base::printable(path) + ": " + what);
}

std::string system_error(const std::string& action) {
    return action + ": " + std::strerror(errno);
}

// One run per file: a second run on the same FILE would interleave its lines with the first's.
void lock_for_the_run(int fd, const std::string& path) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return;
    if (errno == EWOULDBLOCK) refuse(path, "in use by another run of mta-sts-check");
    // A file system without locks (some network file systems) still takes the results.
}

}  // namespace

ResultFile::ResultFile(std::string path, bool resume) : m_path(std::move(path)) {
    if (resume) {
        open_for_resume();
        return;
    }
    // Not O_TRUNC: a file locked by another run must be refused before it is emptied.
    m_fd = base::UniqueFd(::open(m_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666));
    if (m_fd.get() < 0) refuse(m_path, system_error("cannot open it"));
    struct stat info {};
    if (::fstat(m_fd.get(), &info) != 0) refuse(m_path, system_error("cannot stat it"));
    if (!S_ISREG(info.st_mode)) return;  // a pipe or a device (-o /dev/stdout, -o >(gzip >f)) is written as it is
    lock_for_the_run(m_fd.get(), m_path);
    if (::ftruncate(m_fd.get(), 0) != 0) refuse(m_path, system_error("cannot empty it"));
}

void ResultFile::open_for_resume() {
    m_fd =
        base::UniqueFd(::open(m_path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0666));
    if (m_fd.get() < 0) refuse(m_path, system_error("cannot open it"));
    struct stat info {};
    if (::fstat(m_fd.get(), &info) != 0) refuse(m_path, system_error("cannot stat it"));
    if (!S_ISREG(info.st_mode)) refuse(m_path, "--resume needs a regular file, to read what an earlier run wrote");
    lock_for_the_run(m_fd.get(), m_path);
    m_resumed = read_result_file(m_fd.get(), m_path);
    if (m_resumed.torn_bytes > 0 && ::ftruncate(m_fd.get(), static_cast<off_t>(m_resumed.whole_bytes)) != 0)
        refuse(m_path, system_error("cannot cut away its torn last line"));
}

bool ResultFile::append(const model::DomainReport& report) {
    if (!m_error.empty()) return false;
    write_line(render::dump_json(render::domain_report_to_json(report), false) + "\n");
    return m_error.empty();
}

// One write(2) per line where the kernel takes it whole (it does for a regular file), so a
// killed run leaves whole lines and at most one torn last line.
void ResultFile::write_line(const std::string& line) {
    std::string_view rest = line;
    while (!rest.empty()) {
        const ssize_t n = ::write(m_fd.get(), rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            m_error = "-o " + base::printable(m_path) + ": " + system_error("cannot write");
            return;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace mtasts::check::live
