// `mta-sts-check generate`: the I/O around the pure plan (propose.cpp): the live check's lookups
// (check/live/observe.hpp) when the MX hosts or the served policy are needed, the state file of
// --state (read only), the files of --out, and the report on stdout.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <iostream>

#include "mtasts/base/printable.hpp"
#include "mtasts/base/unique_fd.hpp"
#include "mtasts/check/history.hpp"
#include "mtasts/check/live/observe.hpp"
#include "mtasts/check/live/state_file.hpp"
#include "mtasts/generate/diff.hpp"
#include "mtasts/generate/options.hpp"
#include "mtasts/generate/output.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/render/json.hpp"

namespace mtasts::generate {
namespace {

using model::UsageError;

// --out must take files before anything is looked up; a missing last folder is made.
void prepare_out_dir(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
        throw UsageError("--out " + dir + ": cannot create the folder: " + std::strerror(errno));
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) throw UsageError("--out " + dir + ": not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        throw UsageError("--out " + dir + ": cannot write there: " + std::strerror(errno));
}

// Writes `text` to `path`, replacing a regular file but never following a link planted there.
void write_file(const std::string& path, const std::string& text) {
    base::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0644));
    if (fd.get() < 0) throw UsageError(path + ": cannot write: " + std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw UsageError(path + ": cannot write: " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd.release()) != 0) throw UsageError(path + ": cannot write: " + std::strerror(errno));
}

// The live check's observation of the domain, without SMTP probes: MX hosts and policy fetch.
model::Observation observe(const GenerateOptions& options) {
    check::CheckOptions lookup = options.lookup;
    lookup.domains = {options.request.domain};
    lookup.smtp = false;
    lookup.jobs = 1;
    model::Observation observed;
    check::live::observe_domains(
        lookup, [&](std::size_t, model::Observation observation, std::int64_t) { observed = std::move(observation); });
    return observed;
}

int inconclusive(const std::string& domain, const std::string& reason, const std::string& advice) {
    std::cerr << "mta-sts-check: cannot generate for " << domain << ": " << base::printable(reason) << "; " << advice
              << "\n";
    return model::k_exit_incomplete;
}

// The policies of the state file that senders may still apply now (RFC 8461 §3.2).
std::vector<model::PolicySnapshot> still_cached(const check::live::StateFile& state, const std::string& domain,
                                                std::int64_t now) {
    std::vector<model::PolicySnapshot> cached;
    for (const model::PolicySnapshot& snapshot : state.history(domain).snapshots)
        if (check::still_cached(snapshot, now)) cached.push_back(snapshot);
    return cached;
}

void print(const GenerateOptions& options, const Outcome& outcome) {
    if (options.format == render::Format::json)
        std::cout << render::dump_json(render_json(outcome), true) << "\n";
    else
        std::cout << base::printable_lines(render_text(outcome));
    std::cout.flush();
}

}  // namespace

int run_generate(GenerateOptions options) {
    const Request& request = options.request;
    Outcome outcome;
    outcome.now = static_cast<std::int64_t>(std::time(nullptr));
    std::optional<check::live::StateFile> state;
    if (options.state_file) state.emplace(*options.state_file);
    if (options.out_dir) prepare_out_dir(*options.out_dir);
    outcome.mx_hosts = given_mx_hosts(request.mx);

    std::optional<model::Observation> observation;
    if (options.from_live || outcome.mx_hosts.empty()) observation = observe(options);
    if (outcome.mx_hosts.empty()) {
        LiveMx live = live_mx_hosts(*observation);
        if (live.inconclusive)
            return inconclusive(request.domain, *live.inconclusive, "try again, or give the MX hosts with --mx");
        outcome.mx_hosts = std::move(live.hosts);
        outcome.mx_live = true;
    }
    if (options.from_live) {
        Served served = served_policy(*observation);
        if (served.inconclusive) return inconclusive(request.domain, *served.inconclusive, "try again");
        outcome.plan = plan_change(request, served, outcome.mx_hosts, outcome.now);
        Change change{served.url, served.body, served.id, {}, std::nullopt};
        const std::string proposed = make_artefacts(outcome.plan).front().text;
        change.diff = unified_diff(served.body, proposed, served.url + " (served)", "mta-sts.txt (proposed)");
        if (state) change.cached = still_cached(*state, request.domain, outcome.now);
        outcome.change = std::move(change);
    } else {
        outcome.plan = plan_new(request, outcome.mx_hosts, outcome.now);
    }
    outcome.artefacts = make_artefacts(outcome.plan);
    const bool nothing_to_write = outcome.change && outcome.change->diff.empty();
    if (options.out_dir && !nothing_to_write) {
        for (const Artefact& artefact : outcome.artefacts) {
            outcome.written.push_back(*options.out_dir + "/" + artefact.file);
            write_file(outcome.written.back(), artefact.text);
        }
    }
    print(options, outcome);
    return model::k_exit_ok;
}

}  // namespace mtasts::generate
