// The observation of what the user gives instead of what DNS and HTTPS would answer (lint,
// and `generate` checking its own output).
#include "mtasts/check/given.hpp"

#include "mtasts/model/usage_error.hpp"
#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/names.hpp"

namespace mtasts::check {
namespace {

model::TxtObservation txt_given(std::string name, std::vector<std::string> records) {
    model::TxtObservation txt;
    txt.name = std::move(name);
    txt.records = std::move(records);
    return txt;
}

model::MxObservation mx_given(const std::vector<std::string>& hosts) {
    model::MxObservation mx;
    for (const std::string& host : hosts) {
        auto name = rfc::normalize_domain(host);
        if (!name) throw model::UsageError("bad --mx '" + host + "': " + name.error());
        model::MxHostObservation observed;
        observed.host = *name;
        observed.addresses_known = false;  // nothing is looked up
        mx.hosts.push_back(std::move(observed));
    }
    return mx;
}

}  // namespace

model::Observation given_observation(const GivenRecords& given, std::int64_t now) {
    model::Observation observation;
    observation.domain = given.domain;
    observation.now = now;
    // Without a domain the names read "DOMAIN", as in the man page.
    const std::string domain = given.domain.value_or("DOMAIN");
    if (!given.sts_records.empty()) observation.sts = txt_given(rfc::sts_record_name(domain), given.sts_records);
    if (!given.tlsrpt_records.empty())
        observation.tlsrpt = txt_given(rfc::tlsrpt_record_name(domain), given.tlsrpt_records);
    if (given.policy_body) {
        model::PolicyObservation policy;
        policy.host = rfc::policy_host(domain);
        policy.url = rfc::policy_url(domain);
        policy.given_body = given.policy_body;
        observation.policy = std::move(policy);
    }
    if (!given.mx_hosts.empty()) observation.mx = mx_given(given.mx_hosts);
    return observation;
}

}  // namespace mtasts::check
