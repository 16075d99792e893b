// The state file on disk: one run at a time (flock on FILE.lock; FILE itself is replaced by
// rename, so a lock on it would be held on a file that is no longer there), read whole at the
// start, replaced atomically at the end, so that a crash leaves the old file or the new one.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <utility>

#include "mtasts/check/live/state_file.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/net/unique_fd.hpp"

namespace mtasts::check::live {
namespace {

// A state file is a few KiB per domain; anything far larger is not one.
constexpr std::size_t k_max_state_bytes = 64 * 1024 * 1024;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw model::UsageError("state file " + path + ": " + what);
}

std::string system_error(const std::string& action) { return action + ": " + std::strerror(errno); }

using net::UniqueFd;

// The whole file; nullopt when it does not exist.
std::optional<std::string> read_whole(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        fail(path, system_error("cannot open it"));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) fail(path, system_error("cannot stat it"));
    if (S_ISDIR(info.st_mode)) fail(path, "is a directory, not a state file");
    if (!S_ISREG(info.st_mode)) fail(path, "is not a regular file");
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

void write_whole(int fd, std::string_view text, const std::string& path) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path, system_error("cannot write it"));
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

StateFile::StateFile(std::string path) : m_path(std::move(path)) {
    // Checked before the lock file is made, so that a mistyped directory leaves no DIR.lock behind.
    struct stat info {};
    if (::stat(m_path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) fail(m_path, "is a directory, not a state file");
    const std::string lock_path = m_path + ".lock";
    UniqueFd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
    if (lock.get() < 0) fail(m_path, system_error("cannot create its lock file " + lock_path));
    // Waits for a concurrent run: both would otherwise start from the same file and the second
    // rename would drop what the first one learnt.
    while (::flock(lock.get(), LOCK_EX) != 0) {
        if (errno != EINTR) fail(m_path, system_error("cannot lock " + lock_path));
    }
    try {
        const std::optional<std::string> text = read_whole(m_path);
        if (text) m_domains = parse_state(*text);
    } catch (const std::invalid_argument& error) {
        fail(m_path, error.what());
    }
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
    const std::string temporary = m_path + ".tmp";
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (fd.get() < 0) fail(m_path, system_error("cannot create " + temporary));
    try {
        // The replacement keeps the permissions the user gave the file.
        struct stat existing {};
        if (::stat(m_path.c_str(), &existing) == 0 && ::fchmod(fd.get(), existing.st_mode & 07777) != 0)
            fail(m_path, system_error("cannot set the mode of " + temporary));
        write_whole(fd.get(), text, temporary);
        if (::fsync(fd.get()) != 0) fail(m_path, system_error("cannot sync " + temporary));
        if (!fd.close_checked()) fail(m_path, system_error("cannot write " + temporary));
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
