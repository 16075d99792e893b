#include <catch2/catch.hpp>

#include "mtasts/model/catalog.hpp"
#include "mtasts/model/verdict.hpp"

using namespace mtasts::model;

namespace {
Findings of(std::initializer_list<FindingId> ids) {
    Findings findings;
    for (const FindingId id : ids) findings.push_back(make_finding(id, "subject", "message"));
    return findings;
}
}  // namespace

TEST_CASE("verdict takes the first that applies: fail, incomplete, warn, pass") {
    CHECK(verdict_of({}) == Verdict::pass);
    CHECK(verdict_of(of({"mx.implicit"})) == Verdict::pass);
    CHECK(verdict_of(of({"tlsrpt.record.missing", "mx.implicit"})) == Verdict::warn);
    CHECK(verdict_of(of({"tlsrpt.record.missing", "dns.lookup-failed"})) == Verdict::incomplete);
    CHECK(verdict_of(of({"dns.lookup-failed", "sts.record.missing"})) == Verdict::fail);
}

TEST_CASE("ignored findings stay listed but leave the verdict") {
    auto findings = of({"sts.record.missing", "tlsrpt.record.missing"});
    apply_ignores(findings, {"sts.record.missing"});
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].ignored);
    CHECK_FALSE(findings[1].ignored);
    CHECK(verdict_of(findings) == Verdict::warn);
}

TEST_CASE("exit status follows --fail-on and ranks failure above incomplete") {
    const auto warn_only = of({"tlsrpt.record.missing"});
    const auto error = of({"mx.not-covered"});
    const auto inconclusive = of({"mx.probe-inconclusive"});

    RunStatus by_error(FailOn::error);
    by_error.add(warn_only);
    CHECK(by_error.exit_code() == k_exit_ok);
    by_error.add(inconclusive);
    CHECK(by_error.exit_code() == k_exit_incomplete);
    by_error.add(error);
    CHECK(by_error.exit_code() == k_exit_misconfigured);

    RunStatus strict(FailOn::warning);
    strict.add(warn_only);
    CHECK(strict.exit_code() == k_exit_misconfigured);

    RunStatus never(FailOn::never);
    never.add(error);
    CHECK(never.exit_code() == k_exit_ok);
}

TEST_CASE("fail-on parses its three values only") {
    CHECK(fail_on_from_string("error") == FailOn::error);
    CHECK(fail_on_from_string("warning") == FailOn::warning);
    CHECK(fail_on_from_string("never") == FailOn::never);
    CHECK_FALSE(fail_on_from_string("Error").has_value());
}

TEST_CASE("verdict names read back as the JSON writes them") {
    for (const Verdict verdict : {Verdict::pass, Verdict::warn, Verdict::fail, Verdict::incomplete})
        CHECK(verdict_from_string(to_string(verdict)) == verdict);
    CHECK_FALSE(verdict_from_string("PASS"));
    CHECK_FALSE(verdict_from_string(""));
}

TEST_CASE("a verdict tally counts each verdict and the total") {
    VerdictTally tally;
    for (const Verdict verdict : {Verdict::pass, Verdict::fail, Verdict::fail, Verdict::incomplete}) tally.add(verdict);
    CHECK(tally.of(Verdict::pass) == 1);
    CHECK(tally.of(Verdict::warn) == 0);
    CHECK(tally.of(Verdict::fail) == 2);
    CHECK(tally.of(Verdict::incomplete) == 1);
    CHECK(tally.total() == 4);
}
