#pragma once
// Internal pieces of the evaluator, one per area of the report (records, policy, MX), and the
// certificate judgement shared by the policy host and the MX hosts.
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "mtasts/model/observation.hpp"
#include "mtasts/model/report.hpp"
#include "mtasts/rfc/cert_names.hpp"
#include "mtasts/rfc/policy.hpp"

namespace mtasts::check {

// The evaluator reads the model's observation vocabulary and names it unqualified.
using model::DnsFailure;
using model::MxAddressObservation;
using model::MxHostObservation;
using model::MxObservation;
using model::NetError;
using model::NetErrorKind;
using model::NetExchange;
using model::Observation;
using model::PolicyFetch;
using model::PolicyObservation;
using model::ProbeObservation;
using model::RuaDestinationObservation;
using model::TlsaObservation;
using model::TxtObservation;

// What a sender would do after reading the _mta-sts TXT RRset.
struct StsOutcome {
    bool observed = false;          // the RRset was looked at (or given)
    bool valid = false;             // exactly one valid record: senders go on to fetch the policy
    bool intended = false;          // some record tries to be MTA-STS (valid or not)
    bool lookup_failed = false;
};

// The policy as senders would (or would not) get it.
struct PolicyOutcome {
    std::optional<rfc::Policy> policy;  // parsed body, also when only diagnostic
    bool usable_by_senders = false;     // fetched cleanly and the body is usable
};

// Which certificate problems exist, judged against `now`; also fills name_match and days_left.
struct CertJudgement {
    bool trusted = false;
    rfc::NameMatch name = rfc::NameMatch::none;
    bool expired = false;            // or not yet valid
    bool not_yet_valid = false;
    bool expiring = false;           // within 14 days
    std::optional<std::int64_t> days_left;
};

inline constexpr std::int64_t k_expiry_warning_days = 14;

// Judges a certificate for `host` at `now` and records name_match/days_left into `cert`.
CertJudgement judge_certificate(model::CertFacts& cert, std::string_view host, std::int64_t now);

// Text like "expired 3 days ago (2026-01-01)" for a message.
std::string describe_expiry(const CertJudgement& judgement, const model::CertFacts& cert);

// Findings of the two TXT RRsets; fills report.sts_record / report.tlsrpt_record.
StsOutcome evaluate_sts_record(const Observation& observation, model::DomainReport& report);
void evaluate_tlsrpt_record(const Observation& observation, model::DomainReport& report);

// Findings of the policy host, its certificate, the HTTP answer and the body; fills report.policy.
PolicyOutcome evaluate_policy(const Observation& observation, const StsOutcome& sts, model::DomainReport& report);

// Findings of the MX RRset, coverage by the policy patterns, the SMTP probes and delivery.
void evaluate_mx(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                 model::DomainReport& report);

// Findings on the TLS versions and handshakes of one MX address whose main probe completed:
// version below 1.2, TLS 1.3 missing, SNI required, TLS 1.0/1.1 still accepted (docs/rfc-rules.md
// E8, E9); fills the matching facts. Silent when the main probe did not complete.
void judge_handshakes(const MxAddressObservation& address, const std::string& host, model::AddressProbe& facts,
                      model::Findings& findings);

// With --state: what senders holding earlier policies do now (RFC 8461 §3.1, §5.1, §8.1, §8.3),
// and the snapshot of this run's policy to remember; fills report.history.
void evaluate_history(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                      model::DomainReport& report);

// DANE findings of each MX host (TLSA records, DNSSEC, certificate match); fills the hosts'
// `dane` and each address's `dane_match` in report.mx (so it runs after evaluate_mx).
void evaluate_dane(const Observation& observation, model::DomainReport& report);

// Where real sender implementations (postfix-mta-sts-resolver, mailauth) depart from the RFC
// reading of this domain's data: sender.* findings and report.sender_differences. Runs after
// evaluate_mx (it reads each MX host's deliverability).
void evaluate_senders(const Observation& observation, const StsOutcome& sts, const PolicyOutcome& policy,
                      model::DomainReport& report);

// A hosted setup (RFC 8461 §8.2): fills report.hosted when mta-sts.D or _mta-sts.D is a CNAME,
// says which names point elsewhere, and makes the certificate and MX coverage
// findings name the provider that must fix them. Runs after evaluate_mx.
void evaluate_hosted(const Observation& observation, model::DomainReport& report);

// Whether a negotiated protocol is below TLS 1.2 (RFC 8461 §7.2, BCP 195).
bool is_old_tls(std::string_view version);

// Moves every finding of `from` to the end of `to`.
inline void append(model::Findings& to, model::Findings from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// Whether any finding is an error (a sender would refuse what they describe).
bool has_error(const model::Findings& findings);

// "TXT _mta-sts.example.com: SERVFAIL" as a dns.lookup-failed finding (local.failure when this
// host could not ask), listed in `area`, the report section of what the query was for.
model::Finding lookup_failed(const DnsFailure& failure, model::Area area);

}  // namespace mtasts::check
