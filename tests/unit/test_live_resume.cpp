// --resume (include/mtasts/check/live/resume.hpp): which lines of an earlier -o FILE count as
// finished domains, what a torn last line and a line of another file do, and the stand-in
// findings that give a resumed run the exit status of an uninterrupted one.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "mtasts/base/unique_fd.hpp"
#include "mtasts/check/live/resume.hpp"
#include "mtasts/model/usage_error.hpp"

using namespace mtasts;
using namespace mtasts::check::live;

namespace {

const std::string k_fail_line =
    R"({"domain":"Fail.Example.","verdict":"fail","elapsed_ms":3,"findings":[)"
    R"({"id":"sts.record.missing","severity":"error","ignored":false},)"
    R"({"id":"tlsrpt.record.missing","severity":"warning","ignored":true},)"
    R"({"id":"mx.probe-skipped","severity":"info","ignored":false}]})";
const std::string k_pass_line = R"({"domain":"pass.example","verdict":"pass","findings":[]})";

// `content` in an unlinked temporary file, open for reading.
base::UniqueFd file_with(const std::string& content) {
    char name[] = "/tmp/mtasts-resume-XXXXXX";
    base::UniqueFd fd(::mkstemp(name));
    REQUIRE(fd.get() >= 0);
    ::unlink(name);
    REQUIRE(::write(fd.get(), content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    return fd;
}

}  // namespace

TEST_CASE("a result line gives the normalised domain, its verdict and the severities that count", "[resume]") {
    const auto finished = parse_result_line(k_fail_line);
    REQUIRE(finished);
    CHECK(finished->domain == "fail.example");
    CHECK(finished->verdict == model::Verdict::fail);
    // The ignored warning does not count; info counts (and never fails a run).
    CHECK(finished->counted == std::vector<model::Severity>{model::Severity::error, model::Severity::info});
    const auto findings = finished->counted_findings();
    CHECK(model::fails_at(findings, model::FailOn::error));
    CHECK_FALSE(model::fails_at(parse_result_line(k_pass_line)->counted_findings(), model::FailOn::warning));
}

TEST_CASE("a line that is not a result line says why", "[resume]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"example.com", "not a JSON object"},
        {"[1,2]", "not a JSON object"},
        {R"({"verdict":"pass","findings":[]})", "no \"domain\" string"},
        {R"({"domain":"-bad-.example","verdict":"pass","findings":[]})", "not a domain name"},
        {R"({"domain":"a.example","verdict":"fine","findings":[]})", "\"verdict\""},
        {R"({"domain":"a.example","findings":[]})", "\"verdict\""},
        {R"({"domain":"a.example","verdict":"pass"})", "\"findings\" is not an array"},
        {R"({"domain":"a.example","verdict":"pass","findings":[{"id":"x"}]})", "\"severity\""},
        {R"({"domain":"a.example","verdict":"pass","findings":[{"severity":"fatal"}]})", "\"severity\""},
    };
    for (const auto& [line, why] : cases) {
        INFO(line);
        const auto finished = parse_result_line(line);
        REQUIRE_FALSE(finished);
        CHECK_THAT(finished.error(), Catch::Contains(why));
    }
}

TEST_CASE("read_result_file takes the whole lines and measures the torn one", "[resume]") {
    const std::string whole = k_fail_line + "\n\n" + k_pass_line + "\n";
    SECTION("every line whole") {
        const auto point = read_result_file(file_with(whole).get(), "results.jsonl");
        REQUIRE(point.finished.size() == 2);
        CHECK(point.finished[1].domain == "pass.example");
        CHECK(point.whole_bytes == whole.size());
        CHECK(point.torn_bytes == 0);
    }
    SECTION("a torn last line is not a finished domain") {
        const std::string torn = R"({"domain":"late.example","verd)";
        const auto point = read_result_file(file_with(whole + torn).get(), "results.jsonl");
        CHECK(point.finished.size() == 2);
        CHECK(point.whole_bytes == whole.size());
        CHECK(point.torn_bytes == torn.size());
    }
    SECTION("an empty file") {
        const auto point = read_result_file(file_with("").get(), "results.jsonl");
        CHECK(point.finished.empty());
        CHECK(point.whole_bytes == 0);
    }
    SECTION("lines longer than one read") {
        std::string many;
        for (int i = 0; i < 3000; ++i) many += R"({"domain":"d)" + std::to_string(i) + R"(.example","verdict":"warn","findings":[]})" "\n";
        const auto point = read_result_file(file_with(many).get(), "results.jsonl");
        CHECK(point.finished.size() == 3000);
        CHECK(point.finished.back().domain == "d2999.example");
        CHECK(point.whole_bytes == many.size());
    }
}

TEST_CASE("a whole line that is not a result line stops the resume, naming FILE:LINE", "[resume]") {
    const std::string content = k_pass_line + "\nexample.com\n" + k_fail_line + "\n";
    CHECK_THROWS_WITH(read_result_file(file_with(content).get(), "list.txt"),
                      Catch::StartsWith("list.txt:2: not a result line of -o (not a JSON object)"));
}
