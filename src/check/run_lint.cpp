// `mta-sts-check lint`: the offline checks on what the user is about to publish. It fills the
// same model::Observation as the live check for the same evaluator, so findings, JSON and exit
// status are the same.
#include <unistd.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <iostream>

#include "mtasts/base/unique_fd.hpp"
#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/given.hpp"
#include "mtasts/check/print.hpp"
#include "mtasts/check/run.hpp"
#include "mtasts/model/usage_error.hpp"

namespace mtasts::check {
namespace {

// Enough to see that a file is too large for a policy (64 KiB) without reading a huge one.
constexpr std::size_t k_policy_read_cap = 1024 * 1024;

// Up to k_policy_read_cap + 1 bytes of `fd`, so that a longer file shows as longer. Reads with
// read(2): a closed stdin or a directory on stdin is an error, never an empty policy.
std::string read_capped(int fd, const std::string& what) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) throw model::UsageError("cannot read " + what + ": " + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) throw model::UsageError("cannot read " + what + ": " + std::strerror(EISDIR));
    std::string body(k_policy_read_cap + 1, '\0');
    std::size_t used = 0;
    while (used < body.size()) {
        const ssize_t n = ::read(fd, body.data() + used, body.size() - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw model::UsageError("cannot read " + what + ": " + std::strerror(errno));
        if (n == 0) break;
        used += static_cast<std::size_t>(n);
    }
    body.resize(used);
    return body;
}

std::string read_policy(const std::string& path) {
    if (path == "-") return read_capped(STDIN_FILENO, "stdin");
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) throw model::UsageError(path + ": cannot open policy file: " + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode))
        throw model::UsageError(path + ": is a directory, not a policy file");
    return read_capped(fd.get(), path);
}

}  // namespace

int run_lint(const LintOptions& options) {
    GivenRecords given{options.domain, std::nullopt, options.sts_records, options.tlsrpt_records, options.mx_hosts};
    std::optional<std::uint64_t> cut_at;
    if (options.policy_path) {
        given.policy_body = read_policy(*options.policy_path);
        if (given.policy_body->size() > k_policy_read_cap) {
            given.policy_body->resize(k_policy_read_cap);
            cut_at = k_policy_read_cap;
        }
    }
    model::Observation observation = given_observation(given, static_cast<std::int64_t>(std::time(nullptr)));
    if (observation.policy) observation.policy->given_body_cut_at = cut_at;

    const model::DomainReport report = evaluate(observation, options.output.ignored_ids);
    std::optional<std::string> policy_file;
    if (options.policy_path && *options.policy_path != "-") policy_file = options.policy_path;
    print_report(std::cout, report, options.output, render::use_color(options.output.color, STDOUT_FILENO), policy_file);

    model::RunStatus status(options.output.fail_on);
    status.add(report.findings);
    return status.exit_code();
}

}  // namespace mtasts::check
