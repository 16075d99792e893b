#pragma once
// Verdict of a domain and exit status of a run, derived from findings (man page,
// VERDICT and EXIT STATUS).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "mtasts/model/finding.hpp"

namespace mtasts::model {

enum class Verdict { pass, warn, fail, incomplete };

// The level at and above which a finding makes the run fail (`--fail-on`).
enum class FailOn { error, warning, never };

// Exit status values (man page, EXIT STATUS).
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_misconfigured = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_incomplete = 3;

// "pass" | "warn" | "fail" | "incomplete".
std::string_view to_string(Verdict verdict);

// Parses "pass" | "warn" | "fail" | "incomplete" (the JSON verdict); nullopt for anything else.
std::optional<Verdict> verdict_from_string(std::string_view text);

// How many domains ended with each verdict (a batch run's closing line, summarize's counts).
struct VerdictTally {
    std::uint64_t pass = 0;
    std::uint64_t warn = 0;
    std::uint64_t fail = 0;
    std::uint64_t incomplete = 0;

    // Counts one domain's verdict.
    void add(Verdict verdict);
    // The domains counted with `verdict`.
    std::uint64_t of(Verdict verdict) const;
    // Domains counted so far.
    std::uint64_t total() const { return pass + warn + fail + incomplete; }
};

// Parses the `--fail-on` value; nullopt for anything else.
std::optional<FailOn> fail_on_from_string(std::string_view text);

// Marks findings whose id is in `ignored_ids` as ignored (they stay listed).
void apply_ignores(Findings& findings, const std::set<std::string, std::less<>>& ignored_ids);

// First that applies: fail (error), incomplete (inconclusive), warn (warning), pass.
// Ignored findings do not count.
Verdict verdict_of(const Findings& findings);

// Whether a domain's findings reach the --fail-on level (ignored findings do not count).
bool fails_at(const Findings& findings, FailOn fail_on);

// Exit status of a run, accumulated domain by domain as results stream out: 1 if any domain
// fails at the --fail-on level, else 3 if any is incomplete, else 0.
class RunStatus {
public:
    explicit RunStatus(FailOn fail_on) : m_fail_on(fail_on) {}
    // Counts one domain's findings; `nothing_checked` (DomainReport) counts as incomplete.
    void add(const Findings& findings, bool nothing_checked = false);
    // The exit status for everything added so far.
    int exit_code() const;

private:
    FailOn m_fail_on;
    bool m_any_failed = false;
    bool m_any_incomplete = false;
};

}  // namespace mtasts::model
