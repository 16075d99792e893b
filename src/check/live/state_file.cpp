// The state file on disk: one run at a time (flock on FILE.lock; FILE itself is replaced by
// rename, so a lock on it would be held on a file that is no longer there), read whole at the
// start, replaced atomically at the end, so that a crash leaves the old file or the new one.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>

#include "mtasts/base/unique_fd.hpp"
#include "mtasts/check/live/state_file.hpp"
#include "mtasts/model/usage_error.hpp"

namespace mtasts::check::live {
namespace {

// A state file is a few KiB per domain; anything far larger is not one.
constexpr std::size_t k_max_state_bytes = 64 * 1024 * 1024;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw model::UsageError("state file " + path + ": " + what);
}

std::string system_error(const std::string& action) { return action + ": " + std::strerror(errno); }

using base::UniqueFd;

// How a file that is not a regular file is named in a refusal.
std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "is a directory, not a state file";
    if (S_ISFIFO(mode)) return "is a FIFO, not a regular file";
    if (S_ISCHR(mode)) return "is a character device, not a regular file";
    if (S_ISBLK(mode)) return "is a block device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

// The path to read and replace: `path` itself, or the file a symbolic link names. Anything that
// is not a regular file is refused before a lock file is made next to it or it is opened, so a
// FIFO cannot block the run and /dev/zero gets no /dev/zero.lock.
std::string checked_path(const std::string& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) return path;
        fail(path, system_error("cannot stat it"));
    }
    if (S_ISLNK(info.st_mode)) {
        // A link is followed to a state file only: its target is parsed before anything is
        // written, and the target (never the link) is what gets replaced.
        std::unique_ptr<char, decltype(&std::free)> target(::realpath(path.c_str(), nullptr), &std::free);
        if (!target) fail(path, system_error("is a symbolic link that cannot be followed"));
        if (::stat(target.get(), &info) != 0) fail(path, system_error("cannot stat its target"));
        if (!S_ISREG(info.st_mode)) fail(path, "is a symbolic link to " + std::string(target.get()) + ", which " + kind_of(info.st_mode));
        return target.get();
    }
    if (!S_ISREG(info.st_mode)) fail(path, kind_of(info.st_mode));
    return path;
}

// The whole file; nullopt when it does not exist.
std::optional<std::string> read_whole(const std::string& path) {
    // O_NOFOLLOW and O_NONBLOCK: a link or FIFO swapped in after checked_path() is refused, not followed or waited on.
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        fail(path, system_error("cannot open it"));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) fail(path, system_error("cannot stat it"));
    if (!S_ISREG(info.st_mode)) fail(path, kind_of(info.st_mode));
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path, system_error("cannot read it"));
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > k_max_state_bytes) fail(path, "larger than 64 MiB, not a state file");
    }
    return text;
}

// Writes all of `text`; false with errno set when the file system refuses (full, quota, EFBIG).
bool write_whole(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// A new file next to `path`, made with O_EXCL (mkstemp): no file or link planted under a
// predictable name can stand in for it. Its name is stored in `name`.
UniqueFd create_temporary(const std::string& path, std::string& name) {
    std::string pattern = path + ".tmp.XXXXXX";
    UniqueFd fd(::mkostemp(pattern.data(), O_CLOEXEC));
    if (fd.get() < 0) fail(path, system_error("cannot create a temporary file in " + directory_of(path)));
    name = pattern;
    return fd;
}

// The mode a new state file gets: the old file's, or what open(0666) would give under the umask.
mode_t mode_for(const std::string& path) {
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0) return existing.st_mode & 07777;
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

// Fails now, before anything is checked, when the directory cannot take the new file (read-only,
// full, no permission): a run must not end in a write error after its verdict is known.
void check_writable(const std::string& path) {
    std::string name;
    UniqueFd fd = create_temporary(path, name);
    const bool written = write_whole(fd.get(), "\n") && ::fsync(fd.get()) == 0;
    const int saved = errno;
    fd.reset();
    ::unlink(name.c_str());
    errno = saved;
    if (!written) fail(path, system_error("cannot write in " + directory_of(path)));
}

}  // namespace

StateFile::StateFile(std::string path) : m_path(checked_path(path)) {
    const std::string lock_path = m_path + ".lock";
    // O_NOFOLLOW: a link planted as FILE.lock must not make this run create or lock another file.
    UniqueFd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0666));
    if (lock.get() < 0) fail(path, system_error("cannot create its lock file " + lock_path));
    struct stat info {};
    if (::fstat(lock.get(), &info) != 0 || !S_ISREG(info.st_mode)) fail(path, "its lock file " + lock_path + " is not a regular file");
    // Waits for a concurrent run: both would otherwise start from the same file and the second
    // rename would drop what the first one learnt.
    while (::flock(lock.get(), LOCK_EX) != 0) {
        if (errno != EINTR) fail(path, system_error("cannot lock " + lock_path));
    }
    try {
        const std::optional<std::string> text = read_whole(m_path);
        if (text) m_domains = parse_state(*text);
    } catch (const std::invalid_argument& error) {
        fail(path, error.what());
    }
    check_writable(m_path);
    m_lock = std::move(lock);
}

model::DomainHistory StateFile::history(std::string_view domain) const {
    const auto it = m_domains.find(domain);
    return it == m_domains.end() ? model::DomainHistory{} : it->second;
}

void StateFile::set_history(const std::string& domain, model::DomainHistory history) {
    if (history.snapshots.empty()) m_domains.erase(domain);
    else m_domains.insert_or_assign(domain, std::move(history));
}

void StateFile::save() const {
    const std::string text = serialize_state(m_domains);
    std::string temporary;
    UniqueFd fd = create_temporary(m_path, temporary);
    try {
        // The replacement keeps the permissions the user gave the file.
        if (::fchmod(fd.get(), mode_for(m_path)) != 0) fail(m_path, system_error("cannot set the mode of " + temporary));
        if (!write_whole(fd.get(), text)) fail(m_path, system_error("cannot write " + temporary));
        if (::fsync(fd.get()) != 0) fail(m_path, system_error("cannot sync " + temporary));
        if (!fd.close_checked()) fail(m_path, system_error("cannot write " + temporary));
        // rename() replaces a link planted at m_path since the start instead of writing through it.
        if (::rename(temporary.c_str(), m_path.c_str()) != 0) fail(m_path, system_error("cannot replace it with " + temporary));
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    // The rename is durable only once the directory entry is on disk.
    UniqueFd directory(::open(directory_of(m_path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.get() >= 0) ::fsync(directory.get());
}

}  // namespace mtasts::check::live
