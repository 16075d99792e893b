#pragma once
// The decision of `promote`, pure: what the live check said (evaluated as if the policy were
// enforced) and what the TLS-RPT reports of the last days say, in; ready or not with every
// reason, and what to publish, out. No I/O, no clock: `now` is passed in.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/model/report.hpp"
#include "mtasts/report/aggregate.hpp"

namespace mtasts::promote {

// What switching a testing policy to enforce does to a session that failed with one RFC 8460
// §4.3 result type (the reasoning is at enforce_effect and in the man page, promote).
enum class EnforceEffect {
    bounce,      // the sender would refuse the MX: mail is deferred, then bounced
    falls_back,  // the sender applied no policy (could not fetch, authenticate or parse it)
    dane,        // DANE decided (RFC 7672), whatever the MTA-STS mode
};

// The effect of enforce on a failed session of `result_type`; a type RFC 8460 does not define
// counts as a bounce, since nothing says the sender delivered.
EnforceEffect enforce_effect(std::string_view result_type);

// The days whose reports are read: the `days` whole UTC days before the day of `now` (today's
// reports arrive tomorrow: RFC 8460 §4.1, a report covers a day and is sent after it).
struct Window {
    std::int64_t start = 0;  // midnight UTC, `days` days before today
    std::int64_t end = 0;    // midnight UTC today (excluded)
    unsigned days = 0;
};

// The window of `days` days before the UTC day of `now`.
Window window_before(std::int64_t now, unsigned days);

// The filter that keeps the reports of `domain` whose period overlaps `window`.
report::Filter report_filter(const std::string& domain, const Window& window);

// One MX host as the live check judged it with the policy read as enforce.
struct MxVerdict {
    std::string host;
    std::optional<bool> deliverable;    // nullopt: could not be judged (no answer, no probe)
    std::vector<std::string> problems;  // the messages of the errors about the host
};

// What promote reads of the live check (a report of check::evaluate_as_enforced).
struct LiveFacts {
    std::string domain;
    bool policy_applied = false;               // senders accept the served record and policy
    std::vector<std::string> policy_problems;  // why they do not: record and policy errors
    std::optional<std::string> mode;           // the served mode as written
    std::optional<std::string> id;             // the _mta-sts id now
    std::vector<std::string> mx_patterns;      // the served policy's mx lines
    std::optional<std::int64_t> max_age;
    std::vector<MxVerdict> mx;
    bool tlsrpt_record = false;  // a valid record at _smtp._tls.D
    std::vector<std::string> tlsrpt_problems;
};

// The facts promote needs from a report the evaluator made with the policy read as enforce.
LiveFacts live_facts(const model::DomainReport& enforced);

enum class Outcome { ready, not_ready, already_enforced };

// "ready" | "not-ready" | "already-enforced".
std::string_view to_string(Outcome outcome);

// One reason not to enforce yet. `code` names the kind (man page, promote): no-policy,
// mode-not-testing, no-mx, mx-not-deliverable, mx-undecided, tlsrpt-missing, failed-sessions,
// no-reports, silent-days.
struct Reason {
    std::string code;
    std::string message;
    std::optional<std::string> mx = std::nullopt;           // the MX host it is about
    std::optional<std::string> result_type = std::nullopt;  // failed-sessions: the RFC 8460 result type
    std::uint64_t sessions = 0;                             // failed-sessions: how many failed
    std::vector<std::string> organizations = {};            // failed-sessions: the senders that would lose mail
    std::vector<std::string> days = {};                     // silent-days: the days without a report (YYYY-MM-DD)
};

// What to publish when ready, and in which order (RFC 8461 §8.1: the policy first, then the id).
struct Proposal {
    std::string policy;  // the enforce body, CRLF lines
    std::int64_t max_age = 0;
    std::string id;          // new, from the UTC time
    std::string txt_record;  // "v=STSv1; id=..."
    std::vector<std::string> steps;
};

// The reports of the window, in short.
struct ReportCounts {
    std::uint64_t reports = 0;
    std::uint64_t successful = 0;  // sessions, every policy type of the domain
    std::uint64_t failed = 0;
    std::vector<std::string> days_reported;  // days of the window with at least one report
};

struct Decision {
    Outcome outcome = Outcome::not_ready;
    Window window;
    ReportCounts counts;
    std::vector<Reason> reasons;     // empty when ready
    std::vector<std::string> notes;  // what does not block but should be known
    std::optional<Proposal> proposal;
};

// Decides whether `live` (with its MX hosts judged under enforce) and `reports` (summed with
// report_filter(domain, window)) allow switching to enforce at `now`.
Decision decide(const LiveFacts& live, const report::Summary& reports, const Window& window, std::int64_t now);

}  // namespace mtasts::promote
