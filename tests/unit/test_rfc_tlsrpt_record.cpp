#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/rfc/tlsrpt_record.hpp"

using mtasts::model::Severity;
using mtasts::rfc::evaluate_tlsrpt_rrset;
using mtasts::rfc::TlsRptRecordEvaluation;

namespace {

constexpr const char* k_name = "_smtp._tls.example.com";
using Uris = std::vector<std::string>;

struct Row {
    const char* rule;                // rule id of docs/rfc-rules.md
    std::vector<std::string> rrset;  // TXT records, each already joined from its strings
    std::vector<std::string> ids;    // expected finding ids, in any order
    std::optional<Uris> rua;         // URIs reporters would use; nullopt = no usable record
    std::string says = {};           // a phrase some finding's message must contain
};

std::vector<std::string> sorted_ids(const TlsRptRecordEvaluation& result) {
    std::vector<std::string> ids;
    for (const auto& finding : result.findings) ids.push_back(finding.id);
    std::ranges::sort(ids);
    return ids;
}

void check_rows(const std::vector<Row>& rows) {
    for (const auto& row : rows) {
        INFO(row.rule);
        const auto result = evaluate_tlsrpt_rrset(row.rrset, k_name);
        for (const auto& f : result.findings) INFO("message: " << f.message);
        auto expected = row.ids;
        std::ranges::sort(expected);
        CHECK(sorted_ids(result) == expected);
        if (row.rua) {
            REQUIRE(result.record.has_value());
            CHECK(result.record->rua == *row.rua);
        } else {
            CHECK_FALSE(result.record.has_value());
        }
        if (!row.says.empty()) {
            INFO("phrase: " << row.says);
            CHECK(std::ranges::any_of(result.findings,
                                      [&](const auto& f) { return f.message.find(row.says) != std::string::npos; }));
        }
    }
}

}  // namespace

TEST_CASE("G2/G4/G6/G11/G15: well-formed records") {
    check_rows({
        {"minimal", {"v=TLSRPTv1; rua=mailto:tlsrpt@example.com"}, {}, Uris{"mailto:tlsrpt@example.com"}},
        {"G11 no spaces, trailing ';'", {"v=TLSRPTv1;rua=mailto:a@example.com;"}, {}, Uris{"mailto:a@example.com"}},
        {"G4 strings joined without spaces",
         {std::string("v=TLSRPTv1; rua=mailto:tls") + "rpt@example.com"},
         {},
         Uris{"mailto:tlsrpt@example.com"}},
        {"G6 two URIs, spaces around the comma",
         {"v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.net/tlsrpt"},
         {},
         Uris{"mailto:a@example.com", "https://r.example.net/tlsrpt"}},
        {"G6 tab and no space around commas",
         {"v=TLSRPTv1; rua=mailto:a@example.com,mailto:b@example.org\t,\thttps://r.example.net"},
         {},
         Uris{"mailto:a@example.com", "mailto:b@example.org", "https://r.example.net"}},
        {"G6 two rua fields",
         {"v=TLSRPTv1; rua=mailto:a@example.com; rua=https://r.example.net/x"},
         {},
         Uris{"mailto:a@example.com", "https://r.example.net/x"}},
        {"G15 third-party destination",
         {"v=TLSRPTv1; rua=mailto:reports@vendor.example"},
         {},
         Uris{"mailto:reports@vendor.example"}},
        {"scheme is case-insensitive",
         {"v=TLSRPTv1; rua=MAILTO:a@example.com,HTTPS://R.example.net"},
         {},
         Uris{"MAILTO:a@example.com", "HTTPS://R.example.net"}},
        {"percent-encoded '!'", {"v=TLSRPTv1; rua=mailto:a%21b@example.com"}, {}, Uris{"mailto:a%21b@example.com"}},
        {"percent-encoded ',' ';' in a quoted local part",
         {"v=TLSRPTv1; rua=mailto:%22a%2Cb%3Bc%22@example.com"},
         {},
         Uris{"mailto:%22a%2Cb%3Bc%22@example.com"}},
        {"percent-encoded ',' unquoted is not an address",
         {"v=TLSRPTv1; rua=mailto:a%2Cb@example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "contains ','"},
        {"mailto with hfields",
         {"v=TLSRPTv1; rua=mailto:a@example.com?subject=tlsrpt"},
         {},
         Uris{"mailto:a@example.com?subject=tlsrpt"}},
        {"https with port, query, fragment",
         {"v=TLSRPTv1; rua=https://r.example.net:8443/p/a-th?x=1&y=2#f"},
         {},
         Uris{"https://r.example.net:8443/p/a-th?x=1&y=2#f"}},
        {"https to an IPv6 literal", {"v=TLSRPTv1; rua=https://[2001:db8::1]/r"}, {}, Uris{"https://[2001:db8::1]/r"}},
        {"https to an IPv4 literal", {"v=TLSRPTv1; rua=https://192.0.2.1/r"}, {}, Uris{"https://192.0.2.1/r"}},
        {"https with userinfo",
         {"v=TLSRPTv1; rua=https://user@r.example.net/"},
         {},
         Uris{"https://user@r.example.net/"}},
        {"A-label domain",
         {"v=TLSRPTv1; rua=mailto:a@xn--bcher-kva.example"},
         {},
         Uris{"mailto:a@xn--bcher-kva.example"}},
        {"quoted local part",
         {"v=TLSRPTv1; rua=mailto:%22a%20b%22@example.com"},
         {},
         Uris{"mailto:%22a%20b%22@example.com"}},
        {"SPF beside the record",
         {"v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com"},
         {},
         Uris{"mailto:a@example.com"}},
    });
}

TEST_CASE("G1/G3: record selection") {
    check_rows({
        {"empty RRset", {}, {"tlsrpt.record.missing"}, std::nullopt, "no TXT record at _smtp._tls.example.com"},
        {"only SPF", {"v=spf1 -all"}, {"tlsrpt.record.missing"}, std::nullopt, "'v=spf1 -all'"},
        {"G3 two records",
         {"v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"},
         {"tlsrpt.record.multiple"},
         std::nullopt,
         "2 TXT records"},
    });
    const std::vector<std::string> two = {"v=TLSRPTv1; rua=mailto:a@example.com",
                                          "v=TLSRPTv1; rua=mailto:b@example.com"};
    CHECK(evaluate_tlsrpt_rrset(two, k_name).rua == Uris{"mailto:a@example.com", "mailto:b@example.com"});
}

TEST_CASE("G2: near misses of the version are reported with a hint") {
    check_rows({
        {"G2 lower case",
         {"v=tlsrptv1; rua=mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "case-sensitive"},
        {"G2 other version",
         {"v=TLSRPTv2; rua=mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "only version"},
        {"no ';' after the version",
         {"v=TLSRPTv1 rua=mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "a space at column 11"},
        {"spaces around '='",
         {"v = TLSRPTv1; rua=mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "whitespace around '='"},
        {"version not first",
         {"rua=mailto:a@example.com; v=TLSRPTv1"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "first field"},
        {"literal quotes",
         {"\"v=TLSRPTv1; rua=mailto:a@example.com\""},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "quote character"},
        {"leading space",
         {" v=TLSRPTv1; rua=mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "whitespace at column 1"},
        {"near miss beside a valid record",
         {"v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv2; rua=https://x.example"},
         {"tlsrpt.record.invalid"},
         Uris{"mailto:a@example.com"},
         "only version"},
    });
    const std::vector<std::string> alone = {"v=tlsrptv1; rua=mailto:a@example.com"};
    const auto result = evaluate_tlsrpt_rrset(alone, k_name);
    CHECK(result.findings.at(0).severity == Severity::error);
    CHECK(result.rua == Uris{"mailto:a@example.com"});  // shown, though unusable
    const std::vector<std::string> beside = {"v=TLSRPTv1; rua=mailto:a@example.com",
                                             "v=TLSRPTv2; rua=https://x.example"};
    CHECK(evaluate_tlsrpt_rrset(beside, k_name).findings.at(0).severity == Severity::info);
}

TEST_CASE("G5/G10/G11: fields and delimiters") {
    check_rows({
        {"G5 no rua", {"v=TLSRPTv1;"}, {"tlsrpt.record.invalid"}, std::nullopt, "no rua field"},
        {"G5 version alone", {"v=TLSRPTv1"}, {"tlsrpt.record.invalid"}, std::nullopt, "no rua field"},
        {"G5 RUA upper case",
         {"v=TLSRPTv1; RUA=mailto:x@example.com"},
         {"tlsrpt.record.unknown-field", "tlsrpt.record.invalid"},
         std::nullopt,
         "case-sensitive"},
        {"G10 unknown field",
         {"v=TLSRPTv1; rua=mailto:a@example.com; foo=bar"},
         {"tlsrpt.record.unknown-field"},
         Uris{"mailto:a@example.com"},
         "'foo=bar' at column 39"},
        {"G10 malformed extension value",
         {"v=TLSRPTv1; rua=mailto:a@example.com; foo=bar baz"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "a space at column 46"},
        {"G10 malformed extension name",
         {"v=TLSRPTv1; rua=mailto:a@example.com; -foo=bar"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "starts with '-'"},
        {"second version field",
         {"v=TLSRPTv1; v=TLSRPTv1; rua=mailto:a@example.com"},
         {"tlsrpt.record.unknown-field"},
         Uris{"mailto:a@example.com"},
         "second version"},
        {"G11 empty field",
         {"v=TLSRPTv1; rua=mailto:a@example.com;;"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "empty field at column 38"},
        {"trailing space",
         {"v=TLSRPTv1; rua=mailto:a@example.com "},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "trailing whitespace at column 37"},
        {"space before '='",
         {"v=TLSRPTv1; rua =mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "whitespace before '='"},
        {"space before ';' after the version",
         {"v=TLSRPTv1 ; rua=mailto:a@example.com"},
         {"tlsrpt.record.invalid"},
         Uris{"mailto:a@example.com"},
         "literal reading"},
        {"G6 space after rua=",
         {"v=TLSRPTv1; rua= mailto:a@example.com"},
         {"tlsrpt.rua-whitespace"},
         Uris{"mailto:a@example.com"},
         "column 17"},
    });
    // Whitespace before '=' breaks the grammar: the record is unusable though its URI is fine.
    const std::vector<std::string> spaced = {"v=TLSRPTv1; rua =mailto:a@example.com"};
    const auto result = evaluate_tlsrpt_rrset(spaced, k_name);
    CHECK_FALSE(result.record.has_value());
    CHECK(result.rua == Uris{"mailto:a@example.com"});
    // Whitespace before the first ';' is only a warning (erratum-6285-like reading).
    const std::vector<std::string> before = {"v=TLSRPTv1 ; rua=mailto:a@example.com"};
    const auto warned = evaluate_tlsrpt_rrset(before, k_name);
    REQUIRE(warned.record.has_value());
    CHECK(warned.findings.at(0).severity == Severity::warning);
}

TEST_CASE("G6/G7/G8/G9: rua URIs") {
    check_rows({
        {"G7 http only",
         {"v=TLSRPTv1; rua=http://r.example.net/x"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "'http' is not supported"},
        {"G7 http beside mailto",
         {"v=TLSRPTv1; rua=http://r.example.net/x,mailto:a@example.com"},
         {"tlsrpt.rua-invalid"},
         Uris{"mailto:a@example.com"},
         "reporters send only to the other URIs"},
        {"G8 DMARC size suffix",
         {"v=TLSRPTv1; rua=mailto:a@example.com!10m"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "'!' at column 37"},
        {"G6 ';' between URIs",
         {"v=TLSRPTv1; rua=mailto:a@x.example;mailto:b@y.example"},
         {"tlsrpt.record.invalid"},
         std::nullopt,
         "separate URIs with ','"},
        {"G9 no scheme",
         {"v=TLSRPTv1; rua=tlsrpt@example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "no scheme: write mailto:tlsrpt@example.com"},
        {"comma inside a mailto list",
         {"v=TLSRPTv1; rua=mailto:a@example.com,b@example.com"},
         {"tlsrpt.rua-invalid"},
         Uris{"mailto:a@example.com"},
         "no scheme"},
        {"empty URI after a comma",
         {"v=TLSRPTv1; rua=mailto:a@example.com,"},
         {"tlsrpt.rua-invalid"},
         Uris{"mailto:a@example.com"},
         "empty URI at column 38"},
        {"empty rua", {"v=TLSRPTv1; rua="}, {"tlsrpt.rua-invalid"}, std::nullopt, "empty URI"},
        {"mailto without address", {"v=TLSRPTv1; rua=mailto:"}, {"tlsrpt.rua-invalid"}, std::nullopt, "no address"},
        {"mailto without '@'",
         {"v=TLSRPTv1; rua=mailto:tlsrpt.example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "no '@'"},
        {"mailto without local part",
         {"v=TLSRPTv1; rua=mailto:@example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "nothing before '@'"},
        {"mailto without domain", {"v=TLSRPTv1; rua=mailto:a@"}, {"tlsrpt.rua-invalid"}, std::nullopt, "no domain"},
        {"mailto single-label domain",
         {"v=TLSRPTv1; rua=mailto:a@localhost"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "two labels"},
        {"mailto domain with empty label",
         {"v=TLSRPTv1; rua=mailto:a@example..com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "label 2 is empty"},
        {"mailto address literal",
         {"v=TLSRPTv1; rua=mailto:a@[192.0.2.1]"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "address literal"},
        {"mailto double dot in local part",
         {"v=TLSRPTv1; rua=mailto:a..b@example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "doubled '.'"},
        {"mailto space inside",
         {"v=TLSRPTv1; rua=mailto:a b@example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "a space at column 25"},
        {"bad percent-escape",
         {"v=TLSRPTv1; rua=mailto:a%2@example.com"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "bad percent-escape '%2@'"},
        {"percent at the end",
         {"v=TLSRPTv1; rua=mailto:a@example.com%"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "bad percent-escape"},
        {"character that must be encoded",
         {"v=TLSRPTv1; rua=https://r.example.net/a<b>"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "'<' at column 40"},
        {"https without //",
         {"v=TLSRPTv1; rua=https:r.example.net/x"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "needs '//'"},
        {"https without host", {"v=TLSRPTv1; rua=https:///x"}, {"tlsrpt.rua-invalid"}, std::nullopt, "no host"},
        {"https with bad host",
         {"v=TLSRPTv1; rua=https://r_x.example.net/"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "not a valid host name"},
        {"https with bad port",
         {"v=TLSRPTv1; rua=https://r.example.net:99999/"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "port '99999'"},
        {"https with bad IPv6",
         {"v=TLSRPTv1; rua=https://[zz::1]/"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "not an IPv6 address"},
        {"'[' in a path",
         {"v=TLSRPTv1; rua=https://r.example.net/a[1]"},
         {"tlsrpt.rua-invalid"},
         std::nullopt,
         "only around an IPv6 host"},
        {"malformed beside a valid URI",
         {"v=TLSRPTv1; rua=mailto:a@example.com, mailto:b@example.com!10m"},
         {"tlsrpt.rua-invalid"},
         Uris{"mailto:a@example.com"},
         "strict reporters reject the whole record"},
    });
    const std::vector<std::string> mixed = {"v=TLSRPTv1; rua=mailto:a@example.com, mailto:b@example.com!10m"};
    const auto result = evaluate_tlsrpt_rrset(mixed, k_name);
    CHECK(result.rua == Uris{"mailto:a@example.com", "mailto:b@example.com!10m"});
    CHECK(result.findings.at(0).severity == Severity::error);
    const std::vector<std::string> http_beside = {"v=TLSRPTv1; rua=http://r.example.net/x,mailto:a@example.com"};
    CHECK(evaluate_tlsrpt_rrset(http_beside, k_name).findings.at(0).severity == Severity::warning);
}

TEST_CASE("G16 and hostile input: length, bytes, many fields") {
    SECTION("G16 a record over 255 octets says it must be split") {
        const std::string uri = "mailto:" + std::string(250, 'a') + "@example.com";
        const std::vector<std::string> rrset = {"v=TLSRPTv1; rua=" + uri};
        const auto result = evaluate_tlsrpt_rrset(rrset, k_name);
        CHECK(sorted_ids(result) == std::vector<std::string>{"tlsrpt.record.long"});
        CHECK(result.findings.at(0).message.find("285 octets") != std::string::npos);
        REQUIRE(result.record.has_value());
        CHECK(result.record->rua == Uris{uri});
    }
    SECTION("non-ASCII and control bytes") {
        check_rows({
            {"UTF-8 in the address",
             {"v=TLSRPTv1; rua=mailto:b\xc3\xbc"
              "cher@example.com"},
             {"tlsrpt.record.invalid", "tlsrpt.rua-invalid"},
             std::nullopt,
             "byte 0xc3"},
            {"NUL byte",
             {std::string("v=TLSRPTv1; rua=mailto:a@example.com\0", 37)},
             {"tlsrpt.record.invalid", "tlsrpt.rua-invalid"},
             std::nullopt,
             "byte 0x00"},
        });
    }
    SECTION("10,000 URIs and 10,000 unknown fields stay bounded") {
        std::string record = "v=TLSRPTv1; rua=mailto:a@example.com";
        for (int i = 0; i < 10000; ++i) record += ",ftp://x" + std::to_string(i);
        for (int i = 0; i < 10000; ++i) record += "; f" + std::to_string(i) + "=v";
        const std::vector<std::string> rrset = {record};
        const auto result = evaluate_tlsrpt_rrset(rrset, k_name);
        CHECK(result.findings.size() == 21);
        REQUIRE(result.record.has_value());
        CHECK(result.record->rua == Uris{"mailto:a@example.com"});
        CHECK(result.rua.size() == 10001);
    }
    SECTION("100 KB of commas") {
        const std::vector<std::string> rrset = {"v=TLSRPTv1; rua=mailto:a@example.com" + std::string(100000, ',')};
        const auto result = evaluate_tlsrpt_rrset(rrset, k_name);
        CHECK(result.findings.size() == 21);
        CHECK(result.findings.back().message.find("more problems") != std::string::npos);
        CHECK(result.findings.back().severity == Severity::error);
    }
}

TEST_CASE("each usable rua URI names where reports go: the mail domain or the https host (G13, G14)") {
    using mtasts::rfc::RuaDestination;
    const std::vector<std::string> rrset = {
        "v=TLSRPTv1; rua=mailto:tls%2Drpt@Example.COM.,https://user@Reports.Example.net:8443/tlsrpt?x=1,"
        "https://192.0.2.1/tlsrpt,https://[2001:db8::1]/tlsrpt,mailto:r@b%C3%BCcher.example,ftp://example.org/x"};
    const auto result = evaluate_tlsrpt_rrset(rrset, k_name);
    REQUIRE(result.record.has_value());
    CHECK(result.record->rua.size() == 5);  // ftp: is not usable
    const auto& destinations = result.record->destinations;
    REQUIRE(destinations.size() == 3);      // address literals need no lookup
    CHECK(destinations[0].kind == RuaDestination::Kind::mail);
    CHECK(destinations[0].host == "example.com");
    CHECK(destinations[0].uri == "mailto:tls%2Drpt@Example.COM.");
    CHECK(destinations[1].kind == RuaDestination::Kind::https);
    CHECK(destinations[1].host == "reports.example.net");
    CHECK(destinations[2].kind == RuaDestination::Kind::mail);
    CHECK(destinations[2].host == "xn--bcher-kva.example");
}
