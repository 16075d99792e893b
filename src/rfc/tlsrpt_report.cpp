// RFC 8460 §4 aggregate report parser. Tolerant where real reporters differ from the RFC,
// truthful about it: every deviation becomes a ReportProblem (levels: docs/rfc-rules.md, group H).
#include "mtasts/rfc/tlsrpt_report.hpp"

#include "report_json.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "mtasts/base/ip_address.hpp"
#include "mtasts/base/text.hpp"
#include "mtasts/base/time.hpp"

namespace mtasts::rfc {
namespace {

using nlohmann::json;

constexpr std::array k_result_types = std::to_array<ResultTypeInfo>({
    {"starttls-not-supported", "RFC 8460 §4.3.1", "the MX did not offer STARTTLS (or refused it)"},
    {"certificate-host-mismatch", "RFC 8460 §4.3.1", "the MX certificate does not name the MX host"},
    {"certificate-expired", "RFC 8460 §4.3.1", "the MX certificate has expired"},
    {"certificate-not-trusted", "RFC 8460 §4.3.1",
     "the MX certificate does not chain to a root the sender trusts (self-signed, missing intermediate)"},
    {"validation-failure", "RFC 8460 §4.3.1",
     "another failure validating the TLS session or the policy (e.g. MX not in the policy's mx list)"},
    {"tlsa-invalid", "RFC 8460 §4.3.2", "the DANE TLSA records were unusable or did not match"},
    {"dnssec-invalid", "RFC 8460 §4.3.2", "DNSSEC validation failed for the MX or TLSA records"},
    {"dane-required", "RFC 8460 §4.3.2", "the sender requires DANE and the domain does not offer it"},
    {"sts-policy-fetch-error", "RFC 8460 §4.3.3",
     "the sender could not fetch the MTA-STS policy (DNS, connect, HTTP status, size, content type)"},
    {"sts-policy-invalid", "RFC 8460 §4.3.3", "the MTA-STS policy was fetched but breaks the grammar"},
    {"sts-webpki-invalid", "RFC 8460 §4.3.3", "the certificate of mta-sts.DOMAIN failed validation"},
});

// I-JSON (RFC 7493 §2.2): integers beyond 2^53 lose precision in other parsers.
constexpr std::uint64_t k_max_safe_integer = (std::uint64_t{1} << 53) - 1;

// Problems listed per report (a real one has a handful).
constexpr std::size_t k_max_problems = 100;

// Collects problems for one report; `path` strings locate them.
class Parser {
public:
    std::vector<ReportProblem> problems;

    void add(ProblemLevel level, std::string where, std::string message) {
        // A hostile report can have millions of bad entries: the first ones are listed, the
        // rest counted, so that memory and output stay bounded.
        if (problems.size() < k_max_problems) {
            problems.push_back({level, std::move(where), std::move(message)});
        } else if (++m_unlisted == 1) {
            problems.push_back({ProblemLevel::info, "", "more problems in this report are not listed"});
        }
    }

    // A string member: absent (or null) -> nullopt with a warning when required; another type
    // -> nullopt and `wrong_type` set.
    std::optional<std::string> string_member(const json& object, const char* key, const std::string& where,
                                             bool warn_if_missing, bool& wrong_type) {
        wrong_type = false;
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) {
            if (warn_if_missing) add(ProblemLevel::warning, where, std::string("member \"") + key + "\" is missing");
            return std::nullopt;
        }
        if (!it->is_string()) {
            wrong_type = true;
            return std::nullopt;
        }
        return it->get<std::string>();
    }

    // RFC 8460 §4.2/§4.4: session counts are non-negative integers written as JSON numbers.
    std::optional<std::uint64_t> count_value(const json& value, const std::string& where, const char* key) {
        if (value.is_number_unsigned()) {
            const auto n = value.get<std::uint64_t>();
            if (n > k_max_safe_integer) {
                add(ProblemLevel::error, where, std::string("\"") + key + "\" is beyond the I-JSON safe integer range");
                return std::nullopt;
            }
            return n;
        }
        if (value.is_number_integer()) {
            add(ProblemLevel::error, where, std::string("\"") + key + "\" is negative");
            return std::nullopt;
        }
        if (value.is_number_float() && std::abs(value.get<double>()) >= 9.2e18) {
            // Beyond 64 bits (2^64, 10^400): the lexer read it as a double; only its entry goes.
            add(ProblemLevel::error, where, std::string("\"") + key + "\" is beyond the range of a 64-bit integer");
            return std::nullopt;
        }
        add(ProblemLevel::error, where,
            std::string("\"") + key + "\" is not an integer JSON number (got " + value.dump() + ")");
        return std::nullopt;
    }

    void check_ip(const std::string& ip, const std::string& where, const char* key) {
        // RFC 8460 §4.4: dotted decimal or RFC 5952 text; the RFC's own example is not canonical,
        // so any valid text is accepted and a non-canonical one is only noted.
        const auto address = base::IpAddress::parse(ip);
        if (!address) {
            add(ProblemLevel::warning, where, std::string("\"") + key + "\" is not an IP address: " + ip);
            return;
        }
        if (const std::string canonical = address->to_string(); base::lower(ip) != canonical) {
            add(ProblemLevel::info, where,
                std::string("\"") + key + "\" " + ip + " is not in canonical form (" + canonical + ")");
        }
    }

    // The string members of a failure detail: the RFC's example leaves out some that reporters
    // usually send, so a missing one is only warned about (docs/rfc-rules.md H6).
    void text_members(const json& value, const std::string& where, FailureDetail& out) {
        bool wrong = false;
        std::vector<std::string> missing;
        struct Member {
            const char* key;
            std::string* target;
            bool expected;
        };
        const std::array members{
            Member{"sending-mta-ip", &out.sending_mta_ip, true},
            Member{"receiving-mx-hostname", &out.receiving_mx_hostname, true},
            Member{"receiving-ip", &out.receiving_ip, true},
            Member{"receiving-mx-helo", &out.receiving_mx_helo, false},
            Member{"additional-information", &out.additional_information, false},
            Member{"failure-reason-code", &out.failure_reason_code, false},
        };
        for (const auto& member : members) {
            auto text = string_member(value, member.key, where, false, wrong);
            if (wrong) {
                add(ProblemLevel::warning, where, std::string("\"") + member.key + "\" is not a string: ignored");
            } else if (text) {
                *member.target = *text;
            } else if (member.expected) {
                missing.emplace_back(member.key);
            }
        }
        if (!missing.empty()) {
            std::string list;
            for (const auto& key : missing) list += (list.empty() ? "" : ", ") + key;
            add(ProblemLevel::warning, where, "optional-in-practice members missing: " + list);
        }
    }

    // RFC 8460 §4.4 names every member; others are noted and ignored.
    void note_unknown_detail_members(const json& value, const std::string& where) {
        static const std::set<std::string, std::less<>> k_known = {
            "result-type",  "sending-mta-ip",       "receiving-mx-hostname",  "receiving-mx-helo",
            "receiving-ip", "failed-session-count", "additional-information", "failure-reason-code"};
        for (const auto& [key, unused] : value.items()) {
            if (!k_known.contains(key)) add(ProblemLevel::info, where, "unknown member \"" + key + "\" ignored");
        }
    }

    std::optional<FailureDetail> detail(const json& value, const std::string& where) {
        if (!value.is_object()) {
            add(ProblemLevel::error, where, "failure detail is not an object: dropped");
            return std::nullopt;
        }
        FailureDetail out;
        bool wrong = false;
        // docs/rfc-rules.md H6: result-type and failed-session-count are required, the rest warned.
        auto type = string_member(value, "result-type", where, false, wrong);
        if (!type || type->empty()) {
            add(ProblemLevel::error, where, "\"result-type\" is missing or not a string: detail dropped");
            return std::nullopt;
        }
        out.result_type = *type;
        const auto count = value.find("failed-session-count");
        if (count == value.end()) {
            add(ProblemLevel::error, where, "\"failed-session-count\" is missing: detail dropped");
            return std::nullopt;
        }
        const auto n = count_value(*count, where, "failed-session-count");
        if (!n) return std::nullopt;
        out.failed_session_count = *n;
        if (find_result_type(out.result_type) == nullptr) {
            // §4.3: the registry grows; an unknown type is still counted (docs/rfc-rules.md H7).
            add(ProblemLevel::warning, where,
                "result type \"" + out.result_type + "\" is not defined by RFC 8460 §4.3 (counted)");
        }

        text_members(value, where, out);
        if (!out.sending_mta_ip.empty()) check_ip(out.sending_mta_ip, where, "sending-mta-ip");
        if (!out.receiving_ip.empty()) check_ip(out.receiving_ip, where, "receiving-ip");
        out.receiving_mx_hostname = base::lower(out.receiving_mx_hostname);
        if (!out.receiving_mx_hostname.empty() && out.receiving_mx_hostname.back() == '.')
            out.receiving_mx_hostname.pop_back();
        // RFC 8460 §4.3.1: reporters SHOULD give a reason code with these two types (docs/rfc-rules.md H8).
        if (out.failure_reason_code.empty() &&
            (out.result_type == "certificate-not-trusted" || out.result_type == "validation-failure")) {
            add(ProblemLevel::info, where,
                "no \"failure-reason-code\" for " + out.result_type + " (RFC 8460 §4.3.1 SHOULD)");
        }
        note_unknown_detail_members(value, where);
        return out;
    }

    // Reads policy-string or mx-host: an array of strings, or (erratum 6241) one string.
    std::vector<std::string> string_list(const json& object, const char* key, const std::string& where) {
        std::vector<std::string> out;
        const auto it = object.find(key);
        if (it == object.end() || it->is_null()) return out;
        if (it->is_string()) {
            add(ProblemLevel::info, where,
                std::string("\"") + key + "\" is a string, not an array (RFC 8460 erratum 6241): accepted");
            out.push_back(it->get<std::string>());
            return out;
        }
        if (!it->is_array()) {
            add(ProblemLevel::warning, where, std::string("\"") + key + "\" is neither an array nor a string: ignored");
            return out;
        }
        for (const auto& element : *it) {
            if (element.is_string()) {
                out.push_back(element.get<std::string>());
            } else {
                add(ProblemLevel::warning, where, std::string("a \"") + key + "\" element is not a string: ignored");
            }
        }
        return out;
    }

    // The summary's session counts; false when they are unusable, which drops the entry.
    bool summary_counts(const json& value, const std::string& where, PolicyResult& out) {
        const std::string swhere = where + ".summary";
        const auto summary = value.find("summary");
        if (summary == value.end() || !summary->is_object()) {
            add(ProblemLevel::warning, swhere, "\"summary\" is missing or not an object: counts taken as 0");
        } else {
            for (const auto& [key, target] : {std::pair{"total-successful-session-count", &out.successful},
                                              std::pair{"total-failure-session-count", &out.failed}}) {
                const auto it = summary->find(key);
                if (it == summary->end()) {
                    add(ProblemLevel::warning, swhere, std::string("\"") + key + "\" is missing: taken as 0");
                    continue;
                }
                const auto n = count_value(*it, swhere, key);
                if (!n) {
                    add(ProblemLevel::error, where, "policy entry dropped: its session counts are unusable");
                    return false;
                }
                *target = *n;
            }
        }
        return true;
    }

    // Each entry of failure-details that can be used, and how their sum compares with the summary.
    void failure_details(const json& value, const std::string& where, PolicyResult& out) {
        const auto details = value.find("failure-details");
        if (details == value.end() || details->is_null()) {
            // docs/rfc-rules.md H6: a missing array is an empty one.
            if (out.failed > 0) add(ProblemLevel::info, where, "no \"failure-details\" although failures were counted");
        } else if (!details->is_array()) {
            add(ProblemLevel::warning, where, "\"failure-details\" is not an array: ignored");
        } else {
            std::uint64_t detail_sum = 0;
            std::size_t index = 0;
            for (const auto& element : *details) {
                auto d = detail(element, where + ".failure-details[" + std::to_string(index++) + "]");
                if (d) {
                    detail_sum += d->failed_session_count;
                    out.failure_details.push_back(std::move(*d));
                }
            }
            // RFC 8460 §4 (docs/rfc-rules.md H9): one session may fail for several reasons, so the sums may differ.
            if (detail_sum != out.failed) {
                add(ProblemLevel::info, where,
                    "failure details sum to " + std::to_string(detail_sum) + " sessions, the summary says " +
                        std::to_string(out.failed) + " (RFC 8460 lets one session count under several types)");
            }
        }
    }

    std::optional<PolicyResult> policy(const json& value, const std::string& where) {
        if (!value.is_object()) {
            add(ProblemLevel::error, where, "policy entry is not an object: dropped");
            return std::nullopt;
        }
        PolicyResult out;
        const auto policy = value.find("policy");
        if (policy == value.end() || !policy->is_object()) {
            add(ProblemLevel::error, where, "\"policy\" is missing or not an object: entry dropped");
            return std::nullopt;
        }
        const std::string pwhere = where + ".policy";
        bool wrong = false;
        auto type = string_member(*policy, "policy-type", pwhere, false, wrong);
        // RFC 8460 §4.4: exactly three policy types; another means we cannot tell what was applied.
        if (!type || (*type != "sts" && *type != "tlsa" && *type != "no-policy-found")) {
            add(ProblemLevel::error, pwhere,
                type ? "policy-type \"" + *type + "\" is not sts, tlsa or no-policy-found: entry dropped"
                     : std::string("\"policy-type\" is missing or not a string: entry dropped"));
            return std::nullopt;
        }
        out.policy_type = *type;
        auto domain = string_member(*policy, "policy-domain", pwhere, true, wrong);
        if (wrong) add(ProblemLevel::warning, pwhere, "\"policy-domain\" is not a string: ignored");
        if (domain) {
            // §4.4: A-labels; a U-label is kept but noted (docs/rfc-rules.md H4).
            if (!base::is_ascii(*domain))
                add(ProblemLevel::warning, pwhere, "policy-domain is not in A-label form: " + *domain);
            out.policy_domain = base::lower(*domain);
            if (!out.policy_domain.empty() && out.policy_domain.back() == '.') out.policy_domain.pop_back();
        }
        out.policy_strings = string_list(*policy, "policy-string", pwhere);
        out.mx_hosts = string_list(*policy, "mx-host", pwhere);

        if (!summary_counts(value, where, out)) return std::nullopt;
        failure_details(value, where, out);
        return out;
    }

    std::optional<std::int64_t> datetime(const json& range, const char* key, const std::string& where) {
        bool wrong = false;
        auto text = string_member(range, key, where, true, wrong);
        if (wrong) add(ProblemLevel::warning, where, std::string("\"") + key + "\" is not a string");
        if (!text) return std::nullopt;
        bool zone_missing = false;
        auto seconds = base::parse_rfc3339(*text, &zone_missing);
        if (!seconds) {
            add(ProblemLevel::warning, where, std::string("\"") + key + "\" is not an RFC 3339 date-time: " + *text);
        } else if (zone_missing) {
            // docs/rfc-rules.md H10: Microsoft omits the offset; read as UTC, as mox does.
            add(ProblemLevel::warning, where,
                std::string("\"") + key + "\" has no time zone (" + *text + "): read as UTC");
        }
        return seconds;
    }

    std::optional<TlsRptReport> report(const json& root) {
        if (!root.is_object()) {
            add(ProblemLevel::error, "", "the report is not a JSON object");
            return std::nullopt;
        }
        TlsRptReport out;
        bool wrong = false;
        for (const auto& [key, target] :
             {std::pair{"organization-name", &out.organization_name}, std::pair{"contact-info", &out.contact_info},
              std::pair{"report-id", &out.report_id}}) {
            auto text = string_member(root, key, "", true, wrong);
            if (wrong) {
                // docs/rfc-rules.md H2: a wrong type is an error; the member is unusable but the sessions still are.
                add(ProblemLevel::error, "", std::string("\"") + key + "\" is not a string: ignored");
            } else if (text) {
                *target = *text;
            }
        }
        const auto range = root.find("date-range");
        if (range == root.end() || !range->is_object()) {
            add(ProblemLevel::warning, "date-range", "\"date-range\" is missing or not an object");
        } else {
            out.start = datetime(*range, "start-datetime", "date-range");
            out.end = datetime(*range, "end-datetime", "date-range");
            if (out.start && out.end) {
                const std::int64_t span = *out.end - *out.start;
                if (span < 0) {
                    add(ProblemLevel::warning, "date-range", "the range ends before it starts");
                } else if (span < 23 * 3600 || span > 25 * 3600) {
                    // RFC 8460 §4.1: a report SHOULD cover one UTC day (docs/rfc-rules.md H10).
                    add(ProblemLevel::info, "date-range",
                        "the range covers " + std::to_string(span / 3600) +
                            " hours, not one day (RFC 8460 §4.1 SHOULD)");
                }
            }
        }
        const auto policies = root.find("policies");
        if (policies == root.end()) {
            add(ProblemLevel::error, "policies", "\"policies\" is missing: not a report");
            return std::nullopt;
        }
        if (!policies->is_array()) {
            // RFC 8460 §4: policies MUST be an array, even with one entry (docs/rfc-rules.md H3).
            add(ProblemLevel::error, "policies", "\"policies\" is not an array (RFC 8460 §4 MUST)");
            return std::nullopt;
        }
        std::size_t index = 0;
        for (const auto& element : *policies) {
            auto p = policy(element, "policies[" + std::to_string(index++) + "]");
            if (p) out.policies.push_back(std::move(*p));
        }
        out.dropped_policies = policies->size() - out.policies.size();
        return out;
    }

private:
    std::size_t m_unlisted = 0;
};

}  // namespace

std::string_view to_string(ProblemLevel level) {
    switch (level) {
        case ProblemLevel::error: return "error";
        case ProblemLevel::warning: return "warning";
        case ProblemLevel::info: return "info";
    }
    return "info";
}

std::span<const ResultTypeInfo> result_types() {
    return k_result_types;
}

const ResultTypeInfo* find_result_type(std::string_view name) {
    const auto it = std::find_if(k_result_types.begin(), k_result_types.end(),
                                 [name](const ResultTypeInfo& info) { return info.name == name; });
    return it == k_result_types.end() ? nullptr : &*it;
}

ReportParse parse_tlsrpt_report(std::string_view json_text) {
    Parser parser;
    if (json_text.size() > k_max_report_bytes) {
        parser.add(ProblemLevel::error, "",
                   "the report is larger than " + std::to_string(k_max_report_bytes) + " bytes");
        return {std::nullopt, std::move(parser.problems)};
    }
    detail::ReportJson read = detail::read_report_json(json_text, k_max_json_depth);
    if (!read.root) {
        parser.add(ProblemLevel::error, "", read.error);
        return {std::nullopt, std::move(parser.problems)};
    }
    const json& root = *read.root;
    const std::size_t content_hash = std::hash<std::string>{}(root.dump(-1, ' ', false, json::error_handler_t::replace));
    auto report = parser.report(root);
    return {std::move(report), std::move(parser.problems), content_hash};
}

}  // namespace mtasts::rfc
