#pragma once
// The state file of --state: what earlier runs fetched, per domain, so that the evaluator can
// say what senders with a cached policy do (RFC 8461 §3.1, §3.2). Versioned JSON:
//   {"state_version": 1, "domains": {"example.com": {"snapshots": [
//       {"id", "body_sha256", "mode", "max_age", "mx": [...], "fetched_at"}]}}}
// (fetched_at in seconds since the epoch; unknown keys are ignored, so version 1 can grow).
// A file that cannot be read or is not such JSON is a tool failure: model::UsageError naming
// the file and the problem, thrown before anything is checked; the file is left as it was.
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "mtasts/base/unique_fd.hpp"
#include "mtasts/model/history.hpp"

namespace mtasts::check::live {

// Every domain's history, as stored.
using StateDomains = std::map<std::string, model::DomainHistory, std::less<>>;

inline constexpr int k_state_version = 1;

// Parses the text of a state file; throws std::invalid_argument saying what is wrong and where
// (e.g. "domains.example.com.snapshots[0].max_age: expected an integer from 0 to 31557600").
StateDomains parse_state(std::string_view text);

// The text of a state file holding `domains` (keys sorted, so that diffs stay small).
std::string serialize_state(const StateDomains& domains);

// A state file open for one run: FILE.lock is held with an exclusive flock from construction to
// destruction, so that concurrent runs take turns instead of losing each other's updates.
class StateFile {
public:
    // Locks FILE.lock (waiting for another run to finish) and reads FILE; a missing FILE is an
    // empty history. Refuses, before opening or locking anything, a FILE that is not a regular
    // file or a link to one, and then checks that its directory takes a new file. Throws
    // model::UsageError naming the file and the problem.
    explicit StateFile(std::string path);
    StateFile(const StateFile&) = delete;
    StateFile& operator=(const StateFile&) = delete;

    // The history of `domain`; empty for a domain not seen before.
    model::DomainHistory history(std::string_view domain) const;

    // Replaces the history of `domain` (an empty one removes the domain); written by save().
    void set_history(const std::string& domain, model::DomainHistory history);

    // Writes the file atomically (a new FILE.tmp.XXXXXX made by mkstemp in the same directory,
    // fsync, rename, fsync of the directory). Throws model::UsageError naming the file when it cannot.
    void save() const;

private:
    std::string m_path;
    base::UniqueFd m_lock;  // held open for the run: closing it releases the flock
    StateDomains m_domains;
};

}  // namespace mtasts::check::live
