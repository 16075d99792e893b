// Writing a policy body and a new id (RFC 8461 §3.1, §3.2), read back by the project's parsers.
#include <catch2/catch.hpp>

#include "mtasts/rfc/policy.hpp"
#include "mtasts/rfc/policy_text.hpp"
#include "mtasts/rfc/sts_record.hpp"

using namespace mtasts;

TEST_CASE("a new id is the UTC time as 15 alphanumerics, later times sorting after") {
    CHECK(rfc::policy_id_at(1'790'000'000) == "20260921T141320");
    CHECK(rfc::policy_id_at(0) == "19700101T000000");
    CHECK(rfc::policy_id_at(1'790'000'001) > rfc::policy_id_at(1'790'000'000));
    // A change in the same second as the id it replaces still changes the id (RFC 8461 §3.1).
    CHECK(rfc::policy_id_at(1'790'000'000, "20260921T141320") == "20260921T1413202");
    CHECK(rfc::policy_id_at(1'790'000'000, "20260921T1413202") == "20260921T141320");
    CHECK(rfc::policy_id_at(1'790'000'000, "old") == "20260921T141320");
}

TEST_CASE("the id record and the enforce body parse back cleanly") {
    const std::string record = rfc::sts_record_text(rfc::policy_id_at(1'790'000'000));
    CHECK(record == "v=STSv1; id=20260921T141320");
    const std::vector<std::string> rrset{record};
    const rfc::StsRecordEvaluation sts = rfc::evaluate_sts_rrset(rrset, "_mta-sts.example.com");
    REQUIRE(sts.record);
    CHECK(sts.record->id == "20260921T141320");
    CHECK(sts.findings.empty());

    const std::string body =
        rfc::render_policy_body(rfc::PolicyMode::enforce, {"mx1.example.com", "*.example.net"}, rfc::k_max_age_week);
    CHECK(body == "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n");
    const rfc::PolicyEvaluation parsed = rfc::evaluate_policy_body(body);
    CHECK(parsed.usable);
    CHECK(parsed.findings.empty());
    CHECK(parsed.policy.mode == rfc::PolicyMode::enforce);
    CHECK(parsed.policy.max_age == 604800);
    CHECK(parsed.policy.mx == std::vector<std::string>{"mx1.example.com", "*.example.net"});
}
