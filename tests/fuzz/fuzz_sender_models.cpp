// libFuzzer target: the models of real sender implementations (postfix-mta-sts-resolver and
// mailauth), which read the same untrusted record and policy bytes as src/rfc. Nothing may crash;
// a policy a model holds must satisfy that implementation's own checks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/check/sender_models.hpp"

namespace senders = mtasts::check::senders;

namespace {

// The implementations' own checks on what they accept (resolver.py, parsePolicy).
void check_held(const senders::SenderPolicy& policy) {
    if (!policy.found) return;
    if (!policy.id || !policy.max_age || *policy.max_age < 0 || *policy.max_age > 31557600) std::abort();
    if (policy.mode != "enforce" && policy.mode != "testing" && policy.mode != "none") std::abort();
    if (policy.mode != "none" && policy.mx.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The first line is the TXT record, the rest the policy body.
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    const std::vector<std::string> records{std::string(input.substr(0, newline))};
    const std::string body(newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1));
    senders::HttpAnswer answer{200, "text/plain; charset=utf-8", body, false};
    const auto postfix = senders::postfix_resolver_policy(records, &answer);
    const auto mailauth = senders::mailauth_policy(records, &answer);
    check_held(postfix);
    check_held(mailauth);
    (void)senders::postfix_secure_match(senders::postfix_match_list(postfix.mx), mailauth.mx);
    for (const std::string& pattern : mailauth.mx) (void)senders::mailauth_mx_matches(pattern, postfix.mx);
    return 0;
}
