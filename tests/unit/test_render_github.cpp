// GitHub Actions workflow commands: one command line per finding, the level from --fail-on, and
// escaping that the runner undoes exactly (actions/runner src/Runner.Common/ActionCommand.cs),
// so that wire bytes can neither end a command early nor start a new one.
#include <catch2/catch.hpp>
#include <sstream>
#include <vector>

#include "mtasts/render/document.hpp"
#include "test_render_fixtures.hpp"

using mtasts::model::FailOn;
using mtasts::render::RunContext;

namespace {

std::string github(const mtasts::model::DomainReport& report, RunContext context = {}) {
    std::ostringstream out;
    mtasts::render::render_github(out, report, context);
    return out.str();
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// The runner's UnescapeData / UnescapeProperty: each mapping in turn, "%25" last.
std::string unescape(std::string text, bool property) {
    text = replace_all(text, "%0D", "\r");
    text = replace_all(text, "%0A", "\n");
    if (property) {
        text = replace_all(text, "%3A", ":");
        text = replace_all(text, "%2C", ",");
    }
    return replace_all(text, "%25", "%");
}

struct Command {
    std::string name;
    std::string title;
    std::string data;
};

// TryParseV2: "::name props::data", props split at ',' into key=value pairs.
Command parse(const std::string& line) {
    REQUIRE(line.starts_with("::"));
    const std::size_t end = line.find("::", 2);
    REQUIRE(end != std::string::npos);
    const std::string info = line.substr(2, end - 2);
    Command command;
    command.name = info.substr(0, info.find(' '));
    const std::size_t title = info.find("title=");
    if (title != std::string::npos) command.title = unescape(info.substr(title + 6, info.find(',', title) - title - 6), true);
    command.data = unescape(line.substr(end + 2), false);
    return command;
}

}  // namespace

TEST_CASE("github: a group per domain, one command per finding", "[render][github]") {
    const auto lines = render_fixtures::lines_of(github(render_fixtures::fail_mixed()));
    REQUIRE(lines.size() == render_fixtures::fail_mixed().findings.size() + 2);
    CHECK(lines.front() == "::group::example.net: fail");
    CHECK(lines.back() == "::endgroup::");
    CHECK(parse(lines[2]).name == "error");
    CHECK(parse(lines[2]).title == "mx.not-covered");
}

TEST_CASE("github: the level follows --fail-on, info and ignored findings are notices", "[render][github]") {
    const auto report = render_fixtures::fail_mixed();
    const auto at_error = render_fixtures::lines_of(github(report, RunContext{FailOn::error, {}}));
    const auto at_warning = render_fixtures::lines_of(github(report, RunContext{FailOn::warning, {}}));
    const auto never = render_fixtures::lines_of(github(report, RunContext{FailOn::never, {}}));
    CHECK(parse(at_error[1]).name == "warning");    // policy.max-age-short
    CHECK(parse(at_warning[1]).name == "error");
    CHECK(parse(never[2]).name == "warning");       // an error that does not fail the run
    CHECK(parse(at_error[5]).name == "notice");     // policy.line-endings (info)
    CHECK(parse(at_warning[6]).name == "notice");   // tlsrpt.record.missing, ignored
    CHECK(parse(at_warning[6]).data.ends_with("\nSeverity: warning, ignored with --ignore (not counted in the verdict); see RFC 8460 §3"));
    CHECK(parse(never[2]).data.ends_with("\nSeverity: error; see RFC 8461 §4.1"));
}

TEST_CASE("github: hostile messages stay inside their command and decode to the original", "[render][github]") {
    const auto report = render_fixtures::hostile();
    const std::string text = github(report);
    const auto lines = render_fixtures::lines_of(text);
    REQUIRE(lines.size() == report.findings.size() + 2);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    const Command command = parse(lines[1]);
    CHECK(command.name == "error");
    CHECK(command.title == "mx.smtp-error");
    // Percent signs, CR and LF come back as they were; the terminal escape is shown, not sent.
    CHECK(command.data.find("100% bad\r\n::error title=x::injected\\x01\\x1b[31m\xEF\xBF\xBD\xEF\xBF\xBD") !=
          std::string::npos);
    CHECK(command.data.find("[192.0.2.66:25, port\r\n::error::injected]") != std::string::npos);
    CHECK(command.data.find("Fix: Fix the server's greeting: <it> & \"quotes\" 50%") != std::string::npos);
}

TEST_CASE("github: a lint finding with a line points into the policy file", "[render][github]") {
    const auto lines = render_fixtures::lines_of(github(render_fixtures::hostile(), RunContext{FailOn::error, "pol,icy:1.txt"}));
    CHECK(lines[2].starts_with("::error title=policy.invalid,file=pol%2Cicy%3A1.txt,line=2,col=5::"));
}

TEST_CASE("golden github commands of the fail fixture", "[render][github][golden]") {
    render_fixtures::check_golden("fail.github", github(render_fixtures::fail_mixed()));
}
