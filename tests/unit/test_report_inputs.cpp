// Inputs of `report`: content sniffing, gzip caps, MIME extraction, mbox and folder walks.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mtasts/report/gzip.hpp"
#include "mtasts/report/inputs.hpp"
#include "mtasts/report/mime.hpp"
#include "mail_setup.hpp"

using namespace mtasts::report;

namespace {

const std::string k_own = std::string(MTASTS_DATA_DIR) + "/tlsrpt/own";
const std::string k_real = std::string(MTASTS_DATA_DIR) + "/tlsrpt/real";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// gzip with zlib directly, independent of the code under test.
std::string gzip_of(const std::string& text) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&stream, text.size()) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::vector<FoundReport> collect(const std::string& path, InputOutcome& outcome) {
    std::vector<FoundReport> found;
    outcome = read_input_file(path, [&](FoundReport&& r) { found.push_back(std::move(r)); });
    return found;
}

}  // namespace

TEST_CASE("inputs are recognised by content, not by name", "[inputs]") {
    CHECK(sniff("\x1f\x8b\x08") == InputKind::gzip);
    CHECK(sniff("  \n{\"a\":1}") == InputKind::json);
    CHECK(sniff("\xEF\xBB\xBF{}") == InputKind::json);
    CHECK(sniff("From a@b Mon Jan  5 00:00:00 2026\n") == InputKind::mbox);
    CHECK(sniff("Return-Path: <a@b>\n") == InputKind::mail);
    CHECK(sniff("hello, world\n") == InputKind::unknown);
    CHECK(sniff("") == InputKind::unknown);
}

TEST_CASE("gzip: round trip, concatenated members, truncation, bomb", "[inputs]") {
    const std::string text = R"({"policies":[]})";
    auto once = gunzip(gzip_of(text), 1000);
    REQUIRE(once);
    CHECK(*once == text);
    auto twice = gunzip(gzip_of("ab") + gzip_of("cd"), 1000);
    REQUIRE(twice);
    CHECK(*twice == "abcd");
    const std::string whole = gzip_of(text);
    CHECK_FALSE(gunzip(whole.substr(0, whole.size() - 10), 1000));
    // 30 MB of zeros compress to about 30 KB: refused past the cap, without a crash.
    const std::string bomb = gzip_of(std::string(30 * 1024 * 1024, '0'));
    CHECK(bomb.size() < 100 * 1024);
    const auto refused = gunzip(bomb, 20 * 1024 * 1024);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("more than") != std::string::npos);
}

TEST_CASE("a gzip bomb under a report name is a per-file error", "[inputs]") {
    const std::string bomb = gzip_of(std::string(25 * 1024 * 1024, ' '));
    std::vector<FoundReport> found;
    const auto outcome =
        read_input_bytes(bomb, "bomb.json.gz", [&](FoundReport&& r) { found.push_back(std::move(r)); });
    CHECK(found.empty());
    REQUIRE(outcome.error);
}

TEST_CASE("H13: gzip named .json and JSON named .json.gz are both read", "[inputs]") {
    InputOutcome outcome;
    auto gz = collect(k_own + "/good/gzipped-but-named.json", outcome);
    CHECK_FALSE(outcome.error);
    REQUIRE(gz.size() == 1);
    CHECK(gz[0].json.find("own-gz") != std::string::npos);
    auto plain = collect(k_own + "/good/plain-but-named.json.gz", outcome);
    CHECK_FALSE(outcome.error);
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].json.find("own-plain") != std::string::npos);
}

TEST_CASE("e-mail: base64 gzip attachment of a real Google report", "[inputs]") {
    const auto mail = extract_from_message(slurp(k_real + "/mox__example.eml"));
    CHECK_FALSE(mail.error);
    REQUIRE(mail.attachments.size() == 1);
    CHECK(mail.attachments[0].content_type == "application/tlsrpt+gzip");
    CHECK(is_gzip(mail.attachments[0].bytes));
    REQUIRE(mail.info.report_domain);
    CHECK(*mail.info.report_domain == "test.xmox.nl");
    REQUIRE(mail.info.submitter);
    CHECK(*mail.info.submitter == "google.com");
}

TEST_CASE("e-mail: report in a nested multipart as octet-stream named *.json.gz", "[inputs]") {
    InputOutcome outcome;
    auto found = collect(k_own + "/good/nested.eml", outcome);
    CHECK_FALSE(outcome.error);
    REQUIRE(found.size() == 1);
    CHECK(found[0].json.find("own-nested") != std::string::npos);
    CHECK(found[0].file_name == "reporter.example!own.example!1767484800!1767571199.json.gz");
    REQUIRE(found[0].mail);
    CHECK(found[0].mail->report_domain == "own.example");
}

TEST_CASE("e-mail without a report is an error, in an mbox only a warning", "[inputs]") {
    InputOutcome outcome;
    CHECK(collect(k_own + "/broken/no-report.eml", outcome).empty());
    CHECK(outcome.error);
    auto found = collect(k_own + "/good/reports.mbox", outcome);
    CHECK_FALSE(outcome.error);
    REQUIRE(found.size() == 1);
    CHECK(found[0].json.find("own-mbox") != std::string::npos);
    REQUIRE(outcome.warnings.size() == 1);
    CHECK(outcome.warnings[0].find("message 2") != std::string::npos);
}

TEST_CASE("mbox read from memory gives the same messages", "[inputs]") {
    std::vector<std::size_t> seen;
    for_each_mbox_message(slurp(k_own + "/good/reports.mbox"), [&](std::size_t index, MailExtract&& mail) {
        seen.push_back(index * 10 + mail.attachments.size());
    });
    CHECK(seen == std::vector<std::size_t>{11, 20});
}

TEST_CASE("deeply nested MIME is refused", "[inputs]") {
    std::string message = "From: a@b\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n";
    for (int i = 0; i < 12; ++i) {
        message += "--b" + std::to_string(i) + "\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i + 1) +
                   "\"\n\n";
    }
    message += "--b12\nContent-Type: application/tlsrpt+json\n\n{}\n";
    const auto mail = extract_from_message(message);
    REQUIRE(mail.error);
    CHECK(mail.error->find("nested") != std::string::npos);
}

TEST_CASE("folders are walked in name order, Maildir tmp/ and hidden entries skipped", "[inputs]") {
    std::vector<std::string> files;
    std::vector<bool> named;
    const auto missing = walk_inputs({k_own + "/good/Maildir", k_own + "/good/nested.eml", k_own + "/nope"},
                                     [&](const std::string& path, bool is_named) {
                                         files.push_back(path.substr(k_own.size()));
                                         named.push_back(is_named);
                                     });
    CHECK(files == std::vector<std::string>{"/good/Maildir/cur/1767657600.1.host:2,S",
                                            "/good/Maildir/new/1767657600.2.host", "/good/nested.eml"});
    CHECK(named == std::vector<bool>{false, false, true});
    REQUIRE(missing.size() == 1);
    CHECK(missing[0].path == k_own + "/nope");
    CHECK(missing[0].reason == "no such file or folder");
}

TEST_CASE("a file that is not a report is reported as such", "[inputs]") {
    InputOutcome outcome;
    CHECK(collect(k_own + "/broken/not-a-report.txt", outcome).empty());
    CHECK(outcome.unknown_kind);
    CHECK(outcome.error);
    CHECK(collect(k_own + "/does-not-exist.json", outcome).empty());
    CHECK(outcome.error);
}
