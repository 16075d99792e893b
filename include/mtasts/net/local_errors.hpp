#pragma once
// Which system errors come from the checker's own host rather than from the server it talks to.
// Running out of file descriptors, buffers or memory, or having no route or no address of a
// family, is a fact about where the checker runs: it must never become a finding about the
// checked domain (docs/ARCHITECTURE.md, "Three kinds of failure").
#include <optional>
#include <string>

namespace mtasts::net {

// Where an errno was reported: by socket()/connect() itself (the local stack decided at once)
// or later, from the connection (it may carry an ICMP answer from a router far away).
enum class ErrnoOrigin { immediate, from_connection };

// Human words naming the local cause of `error_number` ("too many open files (EMFILE)"), or
// nullopt when the error may come from the network or the server. ENETUNREACH and
// EHOSTUNREACH count as local only when immediate: then the local routing table refused.
std::optional<std::string> local_cause(int error_number, ErrnoOrigin origin);

}  // namespace mtasts::net
