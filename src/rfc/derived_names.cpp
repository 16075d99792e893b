#include "mtasts/rfc/derived_names.hpp"

namespace mtasts::rfc {

std::string sts_record_name(std::string_view domain) {
    return "_mta-sts." + std::string(domain);
}

std::string tlsrpt_record_name(std::string_view domain) {
    return std::string(k_longest_record_prefix) + std::string(domain);
}

std::string policy_host(std::string_view domain) {
    return "mta-sts." + std::string(domain);
}

std::string policy_url(std::string_view domain, unsigned port) {
    const std::string authority = policy_host(domain) + (port == 443 ? "" : ":" + std::to_string(port));
    return "https://" + authority + "/.well-known/mta-sts.txt";
}

std::string tlsa_query_name(std::string_view mx_host) {
    return "_25._tcp." + std::string(mx_host);
}

}  // namespace mtasts::rfc
