// Certificate judgement shared by the policy host (RFC 8461 §3.3) and the MX hosts (§4.2).
#include "evaluate_parts.hpp"
#include "mtasts/base/time.hpp"

namespace mtasts::check {
namespace {

constexpr std::int64_t k_seconds_per_day = 86400;

}  // namespace

bool is_old_tls(std::string_view version) {
    return version == "TLSv1" || version == "TLSv1.1" || version.starts_with("SSL");
}

CertJudgement judge_certificate(model::CertFacts& cert, std::string_view host, std::int64_t now) {
    CertJudgement judgement;
    judgement.trusted = cert.trusted.value_or(false);
    judgement.name = rfc::match_host_to_sans(host, cert.san);
    cert.name_match = judgement.name != rfc::NameMatch::none;
    if (cert.not_before && now < *cert.not_before) {
        judgement.expired = true;
        judgement.not_yet_valid = true;
    }
    if (cert.not_after) {
        // Floor division, so that a certificate that expired an hour ago has -1 days left.
        const std::int64_t remaining = *cert.not_after - now;
        judgement.days_left = remaining >= 0 ? remaining / k_seconds_per_day : -((-remaining + k_seconds_per_day - 1) / k_seconds_per_day);
        cert.days_left = judgement.days_left;
        if (remaining < 0) judgement.expired = true;
        else if (*judgement.days_left < k_expiry_warning_days) judgement.expiring = true;
    }
    return judgement;
}

std::string describe_expiry(const CertJudgement& judgement, const model::CertFacts& cert) {
    if (judgement.not_yet_valid && cert.not_before) return "is not valid before " + base::format_date(*cert.not_before);
    if (!cert.not_after || !judgement.days_left) return "has no validity dates";
    const std::int64_t days = *judgement.days_left;
    const std::string date = base::format_date(*cert.not_after);
    if (days < 0) return "expired " + std::to_string(-days) + (days == -1 ? " day ago (" : " days ago (") + date + ")";
    if (days == 0) return "expires today (" + date + ")";
    return "expires in " + std::to_string(days) + (days == 1 ? " day (" : " days (") + date + ")";
}

}  // namespace mtasts::check
