// generate's pure part: patterns (RFC 8461 §4.1), the plans and their checks, the texts it
// writes, read back by the project's parsers, and the diff.
#include <catch2/catch.hpp>

#include "mtasts/check/evaluate.hpp"
#include "mtasts/check/given.hpp"
#include "mtasts/generate/artefacts.hpp"
#include "mtasts/generate/diff.hpp"
#include "mtasts/generate/patterns.hpp"
#include "mtasts/generate/propose.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/rfc/policy.hpp"
#include "mtasts/rfc/sts_record.hpp"
#include "mtasts/rfc/tlsrpt_record.hpp"

using namespace mtasts;
using Hosts = std::vector<std::string>;

namespace {

constexpr std::int64_t k_now = 1'796'046'300;  // 2026-11-30T13:45:00Z

generate::Request request(std::optional<rfc::PolicyMode> mode = std::nullopt, bool wildcard = false) {
    generate::Request r;
    r.domain = "example.com";
    r.mode = mode;
    r.wildcard = wildcard;
    return r;
}

// The zone lines of a TXT record read back: the quoted strings joined (RFC 8461 §3.1).
std::string txt_of(const std::string& zone, const std::string& owner) {
    const std::size_t at = zone.find("\n" + owner + ". ");
    REQUIRE(at != std::string::npos);
    const std::string line = zone.substr(at + 1, zone.find('\n', at + 1) - at - 1);
    std::string text;
    bool inside = false;
    for (std::size_t i = line.find('"'); i < line.size(); ++i) {
        if (line[i] == '"')
            inside = !inside;
        else if (inside)
            text += line[i] == '\\' ? line[++i] : line[i];
    }
    return text;
}

}  // namespace

TEST_CASE("narrowest patterns: exact names, each once, and --wildcard folds hosts sharing a parent") {
    CHECK(generate::narrowest_patterns({"mx1.example.com", "mx2.example.com", "mx1.example.com"}, false) ==
          Hosts{"mx1.example.com", "mx2.example.com"});
    CHECK(generate::narrowest_patterns({"mx1.example.com", "mx2.example.com", "mail.other.net"}, true) ==
          Hosts{"*.example.com", "mail.other.net"});
    // One host under a parent stays exact; a wildcard matches one label only, so a.b.example.com
    // and mx.example.com do not share a pattern.
    CHECK(generate::narrowest_patterns({"a.b.example.com", "mx.example.com"}, true) ==
          Hosts{"a.b.example.com", "mx.example.com"});
    // Never "*.com" (policy.mx-wildcard-broad).
    CHECK(generate::narrowest_patterns({"example.com", "other.com"}, true) == Hosts{"example.com", "other.com"});
}

TEST_CASE("patterns for a changed MX set keep the used served patterns and add the uncovered hosts") {
    CHECK(generate::patterns_for_hosts({"mx1.example.com"}, {"mx1.example.com", "mx2.example.com"}, false) ==
          Hosts{"mx1.example.com", "mx2.example.com"});
    CHECK(generate::patterns_for_hosts({"*.example.com", "old.example.net"}, {"mx1.example.com", "new.example.org"},
                                       false) == Hosts{"*.example.com", "new.example.org"});
    CHECK(generate::patterns_for_hosts({"old.example.net"}, {"a.mail.example", "b.mail.example"}, true) ==
          Hosts{"*.mail.example"});
}

TEST_CASE("what generate writes passes lint without an error or a warning") {
    struct Case {
        std::optional<rfc::PolicyMode> mode;
        bool wildcard;
        Hosts hosts;
        std::vector<std::string> rua;
    };
    const Case cases[] = {
        {std::nullopt, false, {"mx1.example.com", "mx2.example.com"}, {}},
        {rfc::PolicyMode::enforce,
         false,
         {"mx.example.net"},
         {"mailto:tls@example.net", "https://r.example.org/tlsrpt"}},
        {rfc::PolicyMode::enforce, true, {"mx1.example.com", "mx2.example.com", "backup.example.org"}, {}},
        {rfc::PolicyMode::testing, true, {"a.example.com"}, {}},
    };
    for (const Case& c : cases) {
        generate::Request r = request(c.mode, c.wildcard);
        r.rua = c.rua;
        const generate::Plan plan = generate::plan_new(r, c.hosts, k_now);
        CHECK(plan.id == "20261130T134500");
        CHECK(generate::lint_problems(plan, c.hosts, k_now).empty());
        // The texts themselves, as lint reads them from files and records.
        const auto artefacts = generate::make_artefacts(plan);
        REQUIRE(artefacts.size() == 5);
        const std::string& zone = artefacts[1].text;
        check::GivenRecords given{plan.domain,
                                  artefacts[0].text,
                                  {txt_of(zone, "_mta-sts.example.com")},
                                  {txt_of(zone, "_smtp._tls.example.com")},
                                  c.hosts};
        const model::DomainReport report = check::evaluate(check::given_observation(given, k_now));
        for (const model::Finding& finding : report.findings) {
            INFO(finding.id << ": " << finding.message);
            CHECK((finding.severity == model::Severity::info));
        }
    }
}

TEST_CASE("the policy file: CRLF, version first, the defaults of each mode") {
    const generate::Plan testing = generate::plan_new(request(), {"mx.example.com"}, k_now);
    const std::string body = generate::make_artefacts(testing)[0].text;
    CHECK(body == "version: STSv1\r\nmode: testing\r\nmx: mx.example.com\r\nmax_age: 86400\r\n");
    CHECK(generate::plan_new(request(rfc::PolicyMode::enforce), {"mx.example.com"}, k_now).max_age == 604800);
    CHECK(testing.rua == std::vector<std::string>{"mailto:tlsrpt@example.com"});
}

TEST_CASE("bad input is a usage error naming it") {
    generate::Request r = request(rfc::PolicyMode::enforce);
    r.max_age = 604799;
    CHECK_THROWS_WITH(generate::plan_new(r, {"mx.example.com"}, k_now), Catch::Contains("below 604800"));
    r = request();
    r.max_age = 3600;
    CHECK_THROWS_WITH(generate::plan_new(r, {"mx.example.com"}, k_now), Catch::Contains("policy.max-age-short"));
    for (const std::string bad :
         {"tlsrpt@example.com", "mailto:a@b.example,mailto:c@d.example", "http://r.example/x", "mailto:a b@c"}) {
        r = request();
        r.rua = {bad};
        INFO(bad);
        CHECK_THROWS_AS(generate::plan_new(r, {"mx.example.com"}, k_now), model::UsageError);
    }
    CHECK_THROWS_WITH(generate::given_mx_hosts({"*.example.com"}), Catch::Contains("--wildcard"));
    CHECK_THROWS_WITH(generate::given_mx_hosts({"192.0.2.1"}), Catch::Contains("IP address"));
    CHECK(generate::given_mx_hosts({"MX1.Example.COM."}) == Hosts{"mx1.example.com"});
}

TEST_CASE("a long rua list is cut into TXT strings of at most 255 octets") {
    const std::string text(600, 'a');
    const std::string line = generate::txt_zone_line("_smtp._tls.example.com", text);
    CHECK(line == "_smtp._tls.example.com. 3600 IN TXT \"" + text.substr(0, 255) + "\" \"" + text.substr(255, 255) +
                      "\" \"" + text.substr(510) + "\"\n");
    CHECK(generate::txt_zone_line("x.example", "say \"hi\"") == "x.example. 3600 IN TXT \"say \\\"hi\\\"\"\n");
}

TEST_CASE("the web server configurations serve the policy path as text/plain on the policy host") {
    const auto artefacts = generate::make_artefacts(generate::plan_new(request(), {"mx.example.com"}, k_now));
    for (std::size_t i = 2; i < 5; ++i) {
        INFO(artefacts[i].file);
        CHECK_THAT(artefacts[i].text, Catch::Contains("mta-sts.example.com"));
        CHECK_THAT(artefacts[i].text, Catch::Contains("text/plain"));
        CHECK_THAT(artefacts[i].text,
                   !Catch::Contains("return 30") && !Catch::Contains("\n    Redirect") && !Catch::Contains("redir "));
    }
    CHECK(artefacts[2].file == "nginx.conf");
    CHECK(artefacts[3].file == "apache.conf");
    CHECK(artefacts[4].file == "Caddyfile");
}

TEST_CASE("a change keeps the served mode and max_age, drops stale patterns, and gets a new id") {
    generate::Served served;
    served.policy.mode = rfc::PolicyMode::enforce;
    served.policy.max_age = 1'209'600;
    served.policy.mx = {"mx1.example.com", "old.example.com"};
    served.rua = {"mailto:r@example.com"};
    served.id = "20261101T000000";
    const generate::Plan plan = generate::plan_change(request(), served, {"mx1.example.com", "mx2.example.com"}, k_now);
    CHECK(plan.mode == rfc::PolicyMode::enforce);
    CHECK(plan.max_age == 1'209'600);
    CHECK(plan.mx_patterns == Hosts{"mx1.example.com", "mx2.example.com"});
    CHECK(plan.rua == std::vector<std::string>{"mailto:r@example.com"});
    CHECK(plan.id == "20261130T134500");
}

TEST_CASE("a change within the second of the served id still gets an id of its own") {
    generate::Served served;
    served.policy.mode = rfc::PolicyMode::testing;
    served.policy.max_age = 86'400;
    served.policy.mx = {"mx1.example.com"};
    served.id = "20261130T134500";
    const Hosts hosts{"mx1.example.com", "mx2.example.com"};
    CHECK(generate::plan_change(request(), served, hosts, k_now).id == "20261130T1345002");
    served.id = "20261130T1345002";
    CHECK(generate::plan_change(request(), served, hosts, k_now).id == "20261130T134500");
}

TEST_CASE("the diff shows removed and added lines, ignoring CRLF against LF") {
    const std::string before =
        "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: old.example.com\nmax_age: 604800\n";
    const std::string after =
        "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: mx2.example.com\r\nmax_age: 604800\r\n";
    CHECK(generate::unified_diff(before, after, "served", "proposed") ==
          "--- served\n+++ proposed\n@@ -1,5 +1,5 @@\n version: STSv1\n mode: enforce\n mx: mx1.example.com\n"
          "-mx: old.example.com\n+mx: mx2.example.com\n max_age: 604800\n");
    CHECK(generate::unified_diff(before, before, "a", "b").empty());
    CHECK(generate::unified_diff("", "x\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
}

TEST_CASE("the live MX hosts by preference, and none, a null MX or a failed lookup say so") {
    model::Observation observation;
    observation.domain = "example.com";
    model::MxObservation& mx = observation.mx.emplace();
    mx.hosts = {{"mx2.example.com", 20, {}, true, std::nullopt}, {"mx1.example.com", 10, {}, true, std::nullopt}};
    const generate::LiveMx live = generate::live_mx_hosts(observation);
    CHECK(live.hosts == Hosts{"mx1.example.com", "mx2.example.com"});
    CHECK_FALSE(live.inconclusive);

    mx.implicit = true;
    CHECK_THROWS_WITH(generate::live_mx_hosts(observation), Catch::Contains("--mx"));
    mx.implicit = false;
    mx.null_mx = true;
    CHECK_THROWS_WITH(generate::live_mx_hosts(observation), Catch::Contains("null MX"));
    mx.null_mx = false;
    mx.failure = model::DnsFailure{"MX example.com", "SERVFAIL"};
    CHECK(generate::live_mx_hosts(observation).inconclusive.value_or("").find("SERVFAIL") != std::string::npos);
}

TEST_CASE("the served policy: the first 200 answer, or why there is none") {
    model::Observation observation;
    observation.domain = "example.com";
    observation.sts =
        model::TxtObservation{"_mta-sts.example.com", {"v=STSv1; id=old1"}, {}, std::nullopt, std::nullopt};
    model::PolicyObservation& policy = observation.policy.emplace();
    policy.host = "mta-sts.example.com";
    policy.url = "https://mta-sts.example.com/.well-known/mta-sts.txt";
    model::PolicyFetch failed;
    failed.ip = "192.0.2.1";
    failed.error = model::NetError{model::NetErrorKind::connect_refused, ""};
    model::PolicyFetch ok;
    ok.ip = "192.0.2.2";
    ok.status = 200;
    ok.body = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 604800\r\n";
    policy.fetches = {failed, ok};
    const generate::Served served = generate::served_policy(observation);
    CHECK(served.body == ok.body);
    CHECK(served.policy.mode == rfc::PolicyMode::enforce);
    CHECK(served.id == "old1");

    policy.fetches = {failed};
    CHECK(generate::served_policy(observation).inconclusive.value_or("").find("192.0.2.1") != std::string::npos);
    model::PolicyFetch missing;
    missing.status = 404;
    policy.fetches = {missing};
    CHECK_THROWS_WITH(generate::served_policy(observation), Catch::Contains("HTTP 404"));
    policy.fetches.clear();
    CHECK_THROWS_WITH(generate::served_policy(observation), Catch::Contains("no address"));
}
