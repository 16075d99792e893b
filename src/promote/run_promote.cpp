// `mta-sts-check promote`: the reports first (offline, so a bad path stops the run at once),
// then the live check of the domain read as enforced, then the decision (man page, promote).
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "mtasts/base/printable.hpp"
#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/live/observe.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/promote/decide.hpp"
#include "mtasts/promote/options.hpp"
#include "mtasts/promote/render.hpp"
#include "mtasts/render/json.hpp"
#include "mtasts/report/collect.hpp"
#include "mtasts/report/inputs.hpp"

namespace mtasts::promote {
namespace {

// The reports of `domain` in `window`, read as `report` reads them (de-duplicated by
// report-id). Every input must be readable: a lost report could hide the failure that matters.
report::Summary read_reports(const PromoteOptions& options, const Window& window) {
    report::Collector collector(report_filter(options.domain, window));
    std::size_t unreadable = 0;
    const auto note = [&](const report::FileEntry& entry) {
        if (!entry.error) return;
        ++unreadable;
        std::cerr << "mta-sts-check: promote: " << base::printable(entry.path) << ": " << base::printable(*entry.error)
                  << '\n';
    };
    const auto problems = report::walk_inputs(
        options.reports, [&](const std::string& path, bool named) { note(collector.add_input(path, named)); });
    for (const report::WalkProblem& problem : problems) note(collector.add_missing(problem.path, problem.reason));
    if (unreadable > 0) {
        throw model::UsageError("promote: " + std::to_string(unreadable) +
                                " input(s) could not be read as reports: every report counts, so nothing was decided");
    }
    return collector.summary();
}

// The domain's observation from the live check.
model::Observation observe(const PromoteOptions& options) {
    check::CheckOptions check = options.check;
    check.domains = {options.domain};
    std::optional<model::Observation> observed;
    check::live::observe_domains(
        check, [&](std::size_t, model::Observation observation, std::int64_t) { observed = std::move(observation); });
    if (!observed) throw std::logic_error("promote: the live check returned no observation");
    return std::move(*observed);
}

}  // namespace

int run_promote(const PromoteOptions& options) {
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    const Window window = window_before(now, options.days);
    const report::Summary reports = read_reports(options, window);
    const LiveFacts live = live_facts(check::evaluate_as_enforced(observe(options)));
    const Decision decision = decide(live, reports, window, now);
    if (options.check.output.format == render::Format::json) {
        std::cout << render::dump_json(decision_to_json(live, decision), true) << '\n';
    } else {
        render_text(std::cout, live, decision, render::use_color(options.check.output.color, STDOUT_FILENO));
    }
    std::cout.flush();
    return decision.outcome == Outcome::not_ready ? model::k_exit_misconfigured : model::k_exit_ok;
}

}  // namespace mtasts::promote
