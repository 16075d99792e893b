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
#include "mtasts/check/print.hpp"
#include "mtasts/check/run.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/names.hpp"

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

model::TxtObservation txt_given(std::string name, std::vector<std::string> records) {
    model::TxtObservation txt;
    txt.name = std::move(name);
    txt.records = std::move(records);
    return txt;
}

model::MxObservation mx_given(const std::vector<std::string>& hosts) {
    model::MxObservation mx;
    for (const std::string& host : hosts) {
        auto name = rfc::normalize_domain(host);
        if (!name) throw model::UsageError("bad --mx '" + host + "': " + name.error());
        model::MxHostObservation observed;
        observed.host = *name;
        observed.addresses_known = false;  // lint makes no lookup
        mx.hosts.push_back(std::move(observed));
    }
    return mx;
}

}  // namespace

int run_lint(const LintOptions& options) {
    model::Observation observation;
    observation.domain = options.domain;
    observation.now = static_cast<std::int64_t>(std::time(nullptr));
    // Without --domain the names read "DOMAIN", as in the man page.
    const std::string domain = options.domain.value_or("DOMAIN");
    if (!options.sts_records.empty()) observation.sts = txt_given(rfc::sts_record_name(domain), options.sts_records);
    if (!options.tlsrpt_records.empty()) observation.tlsrpt = txt_given(rfc::tlsrpt_record_name(domain), options.tlsrpt_records);
    if (options.policy_path) {
        model::PolicyObservation policy;
        policy.host = rfc::policy_host(domain);
        policy.url = rfc::policy_url(domain);
        policy.given_body = read_policy(*options.policy_path);
        if (policy.given_body->size() > k_policy_read_cap) {
            policy.given_body->resize(k_policy_read_cap);
            policy.given_body_cut_at = k_policy_read_cap;
        }
        observation.policy = std::move(policy);
    }
    if (!options.mx_hosts.empty()) observation.mx = mx_given(options.mx_hosts);

    const model::DomainReport report = evaluate(observation, options.output.ignored_ids);
    std::optional<std::string> policy_file;
    if (options.policy_path && *options.policy_path != "-") policy_file = options.policy_path;
    print_report(std::cout, report, options.output, render::use_color(options.output.color, STDOUT_FILENO), policy_file);

    model::RunStatus status(options.output.fail_on);
    status.add(report.findings);
    return status.exit_code();
}

}  // namespace mtasts::check
