// The counts of summarize through the Collector (duplicates, invalid lines) and aggregate. Every
// expected number was added up by hand from the lines of tests/data/summarize (see its README
// and the comments), never copied from the program's output.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "mtasts/summarize/aggregate.hpp"
#include "mtasts/summarize/collect.hpp"

using namespace mtasts::summarize;
using mtasts::model::Verdict;
using mtasts::rfc::PublicSuffixList;

namespace {

const std::string k_data = std::string(MTASTS_DATA_DIR) + "/summarize/";

// Enough of the public suffix list for the fixtures: co.uk is a suffix of two labels.
const PublicSuffixList k_suffixes = PublicSuffixList::parse("com\nnet\nuk\nco.uk\n");

void add_file(Collector& collector, const std::string& name) {
    collector.begin_input(name);
    std::ifstream in(k_data + name, std::ios::binary);
    REQUIRE(in);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        collector.add_line(line);
    }
}

Summary summarize_files(const std::vector<std::string>& names) {
    Collector collector;
    for (const auto& name : names) add_file(collector, name);
    return collector.summarize(k_suffixes);
}

std::uint64_t finding_count(const Summary& summary, const std::string& id) {
    for (const auto& row : summary.findings)
        if (row.id == id) return row.domains;
    return 0;
}

const ProviderRow* provider(const Summary& summary, const std::string& name) {
    for (const auto& row : summary.providers)
        if (row.provider == name) return &row;
    return nullptr;
}

DomainLine domain(std::string name, Verdict verdict, std::vector<std::string> mx) {
    DomainLine line;
    line.domain = std::move(name);
    line.verdict = verdict;
    line.mx_hosts = std::move(mx);
    return line;
}

}  // namespace

// hand.jsonl, 8 domains: alpha pass enforce, beta warn testing (warning), gamma fail enforce
// (error, mx1 refused), delta incomplete enforce, epsilon pass none (its warning ignored), zeta
// fail without record (null MX), eta pass (the smallest line), theta incomplete enforce (warning).
TEST_CASE("summarize: hand.jsonl counted by hand") {
    const Summary s = summarize_files({"hand.jsonl"});
    CHECK(s.domains == 8);
    CHECK(s.duplicates == 0);
    CHECK(s.invalid_lines == 0);
    CHECK(s.verdicts.pass == 3);        // alpha, epsilon, eta
    CHECK(s.verdicts.warn == 1);        // beta
    CHECK(s.verdicts.fail == 2);        // gamma, zeta
    CHECK(s.verdicts.incomplete == 2);  // delta, theta
    CHECK(s.modes.enforce == 4);        // alpha, gamma, delta, theta
    CHECK(s.modes.testing == 1);
    CHECK(s.modes.none == 1);
    CHECK(s.modes.no_policy == 2);  // zeta (no record), eta (nothing)
    CHECK(s.publishing == 6);
    CHECK(s.misconfigured.count == 3);  // beta, gamma, theta (incomplete, but its warning counts)
    CHECK(s.misconfigured.of == 6);
    CHECK(s.losing_mail.count == 1);  // gamma
    CHECK(s.losing_mail.of == 6);
    // mx.probe-inconclusive twice, then the ids seen once by name; tlsrpt.record.missing only
    // for beta (epsilon's is ignored).
    REQUIRE(s.findings.size() == 7);
    CHECK(s.findings[0].id == "mx.probe-inconclusive");
    CHECK(s.findings[0].domains == 2);
    CHECK(s.findings[1].id == "mx.cert-expired");
    CHECK(finding_count(s, "tlsrpt.record.missing") == 1);
}

TEST_CASE("summarize: providers are registrable domains of the MX hosts, a domain once per provider") {
    const Summary s = summarize_files({"hand.jsonl"});
    // zeta (null MX) and eta (no mx key) have no MX host.
    REQUIRE(!s.providers.empty());
    CHECK(s.providers[0].provider == k_no_mx_provider);
    CHECK(s.providers[0].verdicts.total() == 2);
    CHECK(s.providers[0].verdicts.fail == 1);
    // alpha's two Google hosts count once; gamma counts for its own host and its backup.
    REQUIRE(provider(s, "google.com"));
    CHECK(provider(s, "google.com")->verdicts.total() == 1);
    REQUIRE(provider(s, "backup-provider.net"));
    CHECK(provider(s, "backup-provider.net")->verdicts.fail == 1);
    REQUIRE(provider(s, "gamma.example"));
    CHECK(provider(s, "outlook.com")->verdicts.warn == 1);
    // co.uk is a public suffix: the provider of mx.epsilon.example.co.uk is example.co.uk.
    REQUIRE(provider(s, "example.co.uk"));
    CHECK(s.providers.size() == 8);
}

// resumed.jsonl checks gamma again (now passing) and adds iota (pass, testing).
TEST_CASE("summarize: a domain read again counts once, with its last line") {
    const Summary s = summarize_files({"hand.jsonl", "resumed.jsonl"});
    CHECK(s.domains == 9);
    CHECK(s.duplicates == 1);
    CHECK(s.verdicts.pass == 5);
    CHECK(s.verdicts.fail == 1);
    CHECK(s.losing_mail.count == 0);
    CHECK(s.misconfigured.count == 2);
    CHECK(s.publishing == 7);
    CHECK(finding_count(s, "mx.cert-expired") == 0);
    REQUIRE(s.inputs.size() == 2);
    CHECK(s.inputs[1].path == "resumed.jsonl");
    CHECK(s.inputs[1].lines == 2);
}

// bad.jsonl: lines 1 (kappa) and 8 (xi) are reports; 2, 3, 4, 6 and 7 are not; 5 is blank.
TEST_CASE("summarize: invalid lines are counted per input and leave the others counted") {
    Collector collector;
    add_file(collector, "bad.jsonl");
    CHECK(collector.any_problem());
    const Summary s = collector.summarize(k_suffixes);
    CHECK(s.domains == 2);
    CHECK(s.invalid_lines == 5);
    CHECK(s.inputs[0].lines == 7);
    CHECK(s.losing_mail.count == 1);  // xi: enforce, its only MX refused
}

TEST_CASE("summarize: an empty input gives an empty summary") {
    Collector collector;
    add_file(collector, "empty.jsonl");
    CHECK_FALSE(collector.any_problem());
    const Summary s = collector.summarize(k_suffixes);
    CHECK(s.domains == 0);
    CHECK(s.publishing == 0);
    CHECK_FALSE(s.misconfigured.fraction());
    CHECK(s.providers.empty());
}

// lab-scan.jsonl: 30 lines of a real run of the binary against the bench lab (bench/batch.py
// --domains 150, see the README): 15 passing (10 at provider-a, 5 with their own MX host) and
// 15 failing, one of each broken kind of the mix or more.
TEST_CASE("summarize: a real scan of the bench lab counted by hand") {
    const Summary s = summarize_files({"lab-scan.jsonl"});
    CHECK(s.domains == 30);
    CHECK(s.verdicts.pass == 15);
    CHECK(s.verdicts.fail == 15);
    // Every domain but d000112 (sts-missing) publishes a record.
    CHECK(s.publishing == 29);
    CHECK(s.misconfigured.count == 14);
    // mx-not-covered (d000044, d000111), mx-cert-expired (d000037), mx-cert-name (d000109) and
    // the mute second MX hosts (d000015, d000136, d000141): an enforce policy and an MX refused.
    CHECK(s.losing_mail.count == 7);
    // No mode: sts-missing, policy-invalid twice ("enforcing"), policy-404, policy-unresolvable.
    CHECK(s.modes.no_policy == 5);
    CHECK(s.modes.enforce == 25);
    CHECK(finding_count(s, "mx.smtp-error") == 3);
    CHECK(finding_count(s, "delivery.blocked") == 2);
    REQUIRE(provider(s, "provider-a.test"));
    CHECK(provider(s, "provider-a.test")->verdicts.pass == 10);
    CHECK(provider(s, "provider-a.test")->verdicts.fail == 3);  // d000044, d000049, d000088
    CHECK(provider(s, "provider-b.test")->verdicts.fail == 4);  // d000005, d000027, d000105, d000015
    CHECK(s.providers[0].provider == "provider-a.test");
}

TEST_CASE("summarize: shares and provider names from plain domains") {
    const DomainLine lines[] = {domain("a.example", Verdict::pass, {"MX.Provider.COM"}),
                                domain("b.example", Verdict::fail, {"mx1.provider.com", "mx2.provider.com"}),
                                domain("c.example", Verdict::pass, {"co.uk"})};
    const Summary s = aggregate(lines, k_suffixes);
    // A host that is itself a public suffix is its own provider; any case names the same one.
    CHECK(providers_of(lines[2], k_suffixes) == std::vector<std::string>{"co.uk"});
    CHECK(providers_of(lines[1], k_suffixes) == std::vector<std::string>{"provider.com"});
    REQUIRE(s.providers.size() == 2);
    CHECK(s.providers[0].provider == "provider.com");
    CHECK(s.providers[0].verdicts.total() == 2);
    CHECK(s.publishing == 0);
    CHECK(s.modes.no_policy == 3);
    CHECK((Share{1, 3}.fraction().value() == Approx(1.0 / 3)));
}
