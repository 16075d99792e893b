// The text and JSON of promote decisions (man page, PROMOTE): the publishing order, the reasons
// with their codes, and wire text escaped.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "mtasts/promote/render.hpp"

using namespace mtasts;

namespace {

promote::LiveFacts testing_facts() {
    promote::LiveFacts live;
    live.domain = "example.com";
    live.policy_applied = true;
    live.mode = "testing";
    live.id = "20260101";
    live.mx_patterns = {"mx1.example.com"};
    live.max_age = 604800;
    live.mx = {{"mx1.example.com", true, {}}};
    live.tlsrpt_record = true;
    return live;
}

std::string text_of(const promote::LiveFacts& live, const promote::Decision& decision) {
    std::ostringstream out;
    promote::render_text(out, live, decision, false);
    return out.str();
}

}  // namespace

TEST_CASE("ready: the policy file first, then the TXT record with the new id") {
    const promote::LiveFacts live = testing_facts();
    const promote::Window window = promote::window_before(1'790'000'000, 14);
    const promote::Decision decision = promote::decide(live, report::Summary{}, window, 1'790'000'000);
    // No report at all: not ready. The proposal is rendered from a ready decision made by hand.
    REQUIRE(decision.outcome == promote::Outcome::not_ready);
    promote::Decision ready = decision;
    ready.outcome = promote::Outcome::ready;
    ready.reasons.clear();
    ready.proposal = promote::Proposal{"version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 604800\r\n",
                                       604800,
                                       "20260921T141320",
                                       "v=STSv1; id=20260921T141320",
                                       {"first", "second"}};
    const std::string text = text_of(live, ready);
    CHECK(text.starts_with("example.com: ready to enforce\n"));
    const auto policy = text.find(
        "1. the policy file https://mta-sts.example.com/.well-known/mta-sts.txt:\n       version: STSv1\n"
        "       mode: enforce\n");
    const auto record =
        text.find("2. then the TXT record _mta-sts.example.com:\n       \"v=STSv1; id=20260921T141320\"\n");
    CHECK(policy != std::string::npos);
    CHECK(record != std::string::npos);
    CHECK(policy < record);
    CHECK(text.find('\r') == std::string::npos);

    const nlohmann::json json = promote::decision_to_json(live, ready);
    CHECK(json["status"] == "ready");
    CHECK(json["ready"] == true);
    CHECK(json["proposal"]["policy"] == ready.proposal->policy);
    CHECK(json["proposal"]["txt_record"] == "v=STSv1; id=20260921T141320");
    CHECK(json["reports"]["first_day"] == "2026-09-07");
    CHECK(json["reports"]["last_day"] == "2026-09-20");
}

TEST_CASE("not ready: each reason with its code, organisation names from reports escaped") {
    const promote::LiveFacts live = testing_facts();
    promote::Decision decision;
    decision.window = promote::window_before(1'790'000'000, 14);
    decision.reasons.push_back({"failed-sessions",
                                "3 session(s) to mx1.example.com failed (reported by Evil\x1b[2JCorp)",
                                "mx1.example.com",
                                "certificate-expired",
                                3,
                                {"Evil\x1b[2JCorp"},
                                {}});
    const std::string text = text_of(live, decision);
    CHECK(text.starts_with("example.com: not ready to enforce (1 reason(s))\n"));
    CHECK(text.find("[failed-sessions] 3 session(s)") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);

    const nlohmann::json json = promote::decision_to_json(live, decision);
    CHECK(json["status"] == "not-ready");
    CHECK(json["proposal"].is_null());
    CHECK(json["reasons"][0]["result_type"] == "certificate-expired");
    CHECK(json["reasons"][0]["organizations"][0] == "Evil\x1b[2JCorp");  // JSON escapes it itself
    CHECK(json["mx"][0]["deliverable_under_enforce"] == true);
}
