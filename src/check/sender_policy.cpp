// The policy as a whole: whether a modelled implementation holds a policy where the RFC 8461
// reading holds none (or the reverse), another mode, max_age or id; and which of its known
// departures explains it (docs/findings.md, "Real senders").
#include <algorithm>
#include <charconv>
#include <cmath>

#include "sender_compare.hpp"

namespace mtasts::check::senders {
namespace {

bool has_finding(const CompareContext& context, std::string_view id) {
    return std::ranges::any_of(context.report.findings, [id](const model::Finding& f) { return f.id == id; });
}

// The first error the RFC reading found in an area ("policy.", "sts.record."), for the why.
std::string first_error(const CompareContext& context, std::string_view prefix) {
    for (const model::Finding& f : context.report.findings) {
        if (f.severity == model::Severity::error && f.id.starts_with(prefix)) return f.message;
    }
    return "";
}

std::string number(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

bool bare_line_break(std::string_view body) {
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if ((c == '\r' && (i + 1 == body.size() || body[i + 1] != '\n')) || c == '\x0b' || c == '\x0c' || (c >= '\x1c' && c <= '\x1e'))
            return true;
    }
    return false;
}

struct Cause {
    model::FindingId id;
    std::string why;
};

// Why the record stage differs: the id's characters or length, or the rest of the grammar.
Cause record_cause(const CompareContext& context, std::string_view implementation) {
    const bool postfix = implementation == k_postfix_resolver;
    const std::string id_error = first_error(context, "sts.record.id-invalid");
    if (!context.sts_valid && !id_error.empty() && first_error(context, "sts.record.") == id_error)
        return {"sender.id-unchecked", std::string(postfix ? "resolver.py only checks that an id field exists"
                                                           : "resolvePolicy takes any non-empty id value") +
                                           "; RFC 8461 §3.1 requires 1 to 32 letters and digits and makes the record invalid: " +
                                           id_error};
    const std::string how = postfix ? "resolver.py keeps records that start with \"v=STSv1\" and parse_mta_sts_record strips "
                                      "each field and splits it at '=' without checking the grammar"
                                    : "resolvePolicy keeps records matching /^v=STSv1\\b/i and reads them as DKIM tag lists: any "
                                      "case for field names, spaces around '=', comments";
    if (context.sts_valid) return {"sender.record-lenient", how + "; so it finds no usable record where RFC 8461 §3.1 finds one"};
    return {"sender.record-lenient", how + "; RFC 8461 §3.1 makes the record invalid: " + first_error(context, "sts.record.")};
}

// Why the fetch or the body stage differs, in the order the implementation reads them.
Cause policy_cause(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy) {
    const bool postfix = implementation == k_postfix_resolver;
    const std::optional<HttpAnswer>& answer = context.answer;
    if (!postfix && answer && answer->status != 200)
        return {"sender.http-status-lenient", "fetchPolicy accepts any 2xx status; RFC 8461 §3.3 accepts only 200 (here " +
                                                  std::to_string(answer->status) + ")"};
    if (!postfix && has_finding(context, "policy.content-type"))
        return {"sender.content-type-unchecked", "fetchPolicy never looks at the Content-Type; RFC 8461 §3.2 wants text/plain: " +
                                                     first_error(context, "policy.content-type")};
    if (!postfix && answer && answer->too_large)
        return {"sender.size-unchecked", "fetchPolicy reads the whole body, however large, and parses it (judged here on the first "
                                         "64 KiB the checker read); RFC 8461 §3.3 lets senders stop at 64 KiB"};
    const bool undecodable = policy.rejected_because.find("charset") != std::string::npos ||
                             policy.rejected_because.find("ASCII") != std::string::npos ||
                             policy.rejected_because.find("UTF-8") != std::string::npos;
    if (postfix && !policy.found && undecodable)
        return {"sender.charset-strict", "resolver.py decodes the body with the Content-Type charset, ASCII when none is given, and "
                                         "gives up on a byte it cannot decode (" + policy.rejected_because +
                                             "); RFC 8461 §3.2 allows UTF-8 in extension values"};
    if (postfix && bare_line_break(context.answer ? context.answer->body : std::string()))
        return {"sender.line-breaks", "parse_mta_sts_policy splits lines with str.splitlines(), which also ends a line at a bare CR "
                                      "(or VT, FF, \\x1c-\\x1e); RFC 8461 §3.2 ends lines only with LF or CRLF: " +
                                          first_error(context, "policy.")};
    if (!postfix && policy.found && bare_line_break(context.answer ? context.answer->body : std::string()))
        return {"sender.policy-lenient", "parsePolicy splits lines only at LF (/\\r?\\n/), so a bare CR stays inside the value "
                                         "it follows; RFC 8461 §3.2 makes the policy invalid: " + first_error(context, "policy.")};
    if (has_finding(context, "policy.duplicate-key"))
        return {"sender.duplicate-field", std::string(postfix ? "parse_mta_sts_policy keeps fields in a dict, so the last copy of a "
                                                                "repeated field wins"
                                                              : "parsePolicy assigns each line in turn, so the last copy of a "
                                                                "repeated field wins") +
                                              "; RFC 8461 §3.2 keeps the first and ignores the rest"};
    return {"sender.policy-lenient", std::string(postfix ? "parse_mta_sts_policy skips lines it has no use for (indented, blank, "
                                                           "no known key) and int() reads max_age forms like +86400 or 86_400"
                                                         : "parsePolicy trims and lower-cases keys and values, skips lines without "
                                                           "':' and reads max_age with Number()") +
                                         (policy.found ? "; RFC 8461 §3.2 makes the policy invalid: " + first_error(context, "policy.")
                                                       : "; it rejects what RFC 8461 §3.2 accepts: " + policy.rejected_because)};
}

Departure policy_row(std::string_view implementation, Cause cause, bool mail_differs, std::string rfc, std::string impl) {
    Departure departure{cause.id, mail_differs, {}};
    departure.row.implementation = std::string(implementation);
    departure.row.rfc_outcome = std::move(rfc);
    departure.row.implementation_outcome = std::move(impl);
    departure.row.why = std::move(cause.why);
    return departure;
}

// A repeated field: the mode or max_age both readings hold, or the record id.
std::vector<Departure> duplicate_rows(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy) {
    std::vector<Departure> rows;
    const bool postfix = implementation == k_postfix_resolver;
    const std::string who = postfix ? "parse_mta_sts_record and parse_mta_sts_policy keep fields in a dict"
                                    : "parse-dkim-headers.js and parsePolicy assign each field in turn";
    const Cause cause{"sender.duplicate-field", who + ", so the last copy of a repeated field wins; RFC 8461 §3.2 keeps the first"};
    if (effective_mode(policy, implementation) != effective_mode(context.rfc, ""))
        rows.push_back(policy_row(implementation, cause, mail_outcome_differs(context, implementation, policy), describe(context.rfc),
                                  describe(policy)));
    else if (policy.max_age != context.rfc.max_age)
        rows.push_back(policy_row(implementation, cause, false, "max_age " + number(context.rfc.max_age.value_or(0)),
                                  "max_age " + number(policy.max_age.value_or(0))));
    if (policy.id && context.rfc.id && policy.id != context.rfc.id)
        rows.push_back(policy_row(implementation, cause, false, "id " + *context.rfc.id, "id " + *policy.id));
    return rows;
}

}  // namespace

std::string effective_mode(const SenderPolicy& policy, std::string_view implementation) {
    if (!policy.found || policy.mode == "none") return "";
    // responder.py answers NOTFOUND for testing (strict_testing is off by default): Postfix then
    // sends as without a policy, which is also what RFC 8461 §5 testing means for delivery.
    if (implementation == k_postfix_resolver && policy.mode == "testing") return "testing";
    return policy.mode;
}

std::string describe(const SenderPolicy& policy) {
    if (!policy.found) return "no policy (" + policy.rejected_because + ")";
    std::string text = "mode " + policy.mode;
    if (policy.max_age) text += ", max_age " + number(*policy.max_age);
    if (!policy.mx.empty()) {
        text += ", mx";
        for (const std::string& mx : policy.mx) text += " " + mx;
    }
    return text;
}

std::vector<Departure> policy_departures(const CompareContext& context, std::string_view implementation, const SenderPolicy& policy) {
    const bool same_found = policy.found == context.rfc.found;
    if (same_found && context.rfc.found) return duplicate_rows(context, implementation, policy);
    if (same_found) return {};
    // Only one side holds a policy: a mode none policy is no policy for delivery (RFC 8461 §5),
    // but it still differs in what senders cache, so it is told as acceptance only.
    const std::vector<std::string>& records = context.records;
    const bool implementation_record = implementation == k_postfix_resolver ? postfix_resolver_record_id(records).has_value()
                                                                            : mailauth_record_id(records).has_value();
    const bool record_differs = implementation_record != context.sts_valid;
    const Cause cause = record_differs ? record_cause(context, implementation) : policy_cause(context, implementation, policy);
    return {policy_row(implementation, cause, mail_outcome_differs(context, implementation, policy), describe(context.rfc),
                       describe(policy))};
}

}  // namespace mtasts::check::senders
