// Delivery checks of RFC 8460 §5 (docs/rfc-rules.md H13, H15, H19): headers and file name vs the body.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "mtasts/report/explain.hpp"

using namespace mtasts::report;

namespace {

mtasts::rfc::TlsRptReport body() {
    mtasts::rfc::TlsRptReport report;
    report.contact_info = "tlsrpt@reporter.example";
    report.policies.push_back({"sts", "example.com", {}, {}, 1, 0, {}});
    return report;
}

bool mentions(const std::vector<std::string>& warnings, const std::string& fragment) {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const auto& w) { return w.find(fragment) != std::string::npos; });
}

}  // namespace

TEST_CASE("H15: e-mail headers", "[explain]") {
    FoundReport found;
    found.mail = MailInfo{"example.com", "reporter.example", ""};
    CHECK(delivery_warnings(found, body()).empty());
    found.mail = MailInfo{std::nullopt, "reporter.example", ""};
    CHECK(mentions(delivery_warnings(found, body()), "no TLS-Report-Domain"));
    found.mail = MailInfo{"example.com", std::nullopt, ""};
    CHECK(mentions(delivery_warnings(found, body()), "no TLS-Report-Submitter"));
    found.mail = MailInfo{"example.com", "other.example", ""};
    CHECK(mentions(delivery_warnings(found, body()), "not the domain of contact-info"));
    // Case and a trailing dot do not matter.
    found.mail = MailInfo{"EXAMPLE.com.", "Reporter.Example", ""};
    CHECK(delivery_warnings(found, body()).empty());
}

TEST_CASE("H19: header or file name naming another domain: the body wins, with a warning", "[explain]") {
    FoundReport found;
    found.mail = MailInfo{"example.net", "reporter.example", ""};
    CHECK(mentions(delivery_warnings(found, body()), "example.net is not a policy-domain"));
    FoundReport file;
    file.file_name = "reporter.example!example.net!1714521600!1714607999.json.gz";
    CHECK(mentions(delivery_warnings(file, body()), "names example.net"));
    file.file_name = "reporter.example!example.com!1714521600!1714607999!7.json.gz";
    CHECK(delivery_warnings(file, body()).empty());
    // H13: any other name is only metadata.
    file.file_name = "report.json";
    CHECK(delivery_warnings(file, body()).empty());
}
