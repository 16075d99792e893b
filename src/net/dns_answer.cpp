#include "dns_answer.hpp"

#include <arpa/nameser.h>
#include <resolv.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>

#include "mtasts/base/text.hpp"

namespace mtasts::net {
namespace {

// RFC 1034 §3.6.2 allows chains; a resolver bounds them. 8 links is far beyond any real
// delegation (hosted MTA-STS uses one) and stops loops that a broken answer may contain.
constexpr std::size_t k_max_cname_links = 8;

std::string without_trailing_dot(std::string name) {
    if (!name.empty() && name.back() == '.') {
        name.pop_back();
    }
    return name;
}

// One parsed DNS message: the records of the asked type at the end of the CNAME chain.
// The records point into the raw answer, which lives only during the c-ares callback.
struct ParsedAnswer {
    DnsAnswerMeta meta;
    ns_msg msg;
    std::vector<ns_rr> records;
};

std::expected<std::string, NetError> expand_name(const ns_msg& msg, const unsigned char* at) {
    char buffer[NS_MAXDNAME];
    if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), at, buffer, sizeof buffer) < 0) {
        return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed name in answer"));
    }
    return without_trailing_dot(buffer);
}

// The answer section's class IN records: CNAMEs by owner (lower case), and those of `type`.
struct AnswerRecords {
    std::map<std::string, std::string> cnames;  // owner (lower case) -> target
    std::vector<std::pair<std::string, ns_rr>> typed;
};

std::expected<AnswerRecords, NetError> answer_records(ns_msg& msg, int type) {
    AnswerRecords records;
    const int count = ns_msg_count(msg, ns_s_an);
    for (int i = 0; i < count; ++i) {
        ns_rr rr;
        if (ns_parserr(&msg, ns_s_an, i, &rr) < 0) {
            return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed record in answer"));
        }
        if (ns_rr_class(rr) != ns_c_in) {
            continue;
        }
        const std::string owner = base::lower(without_trailing_dot(ns_rr_name(rr)));
        if (ns_rr_type(rr) == ns_t_cname) {
            auto target = expand_name(msg, ns_rr_rdata(rr));
            if (!target) {
                return std::unexpected(target.error());
            }
            records.cnames.emplace(owner, *target);
        } else if (ns_rr_type(rr) == type) {
            records.typed.emplace_back(owner, rr);
        }
    }
    return records;
}

// Follows the CNAMEs from `name` into `chain`; returns the last name (lower case), or a loop error.
std::expected<std::string, NetError> follow_cnames(const std::string& name, const std::map<std::string, std::string>& cnames,
                                                   std::vector<std::string>& chain) {
    std::string current = base::lower(without_trailing_dot(name));
    std::set<std::string> seen{current};
    for (auto link = cnames.find(current); link != cnames.end(); link = cnames.find(current)) {
        chain.push_back(link->second);
        current = base::lower(link->second);
        if (!seen.insert(current).second) {
            return std::unexpected(dns_error(NetErrorKind::dns_cname_loop, "CNAME loop at " + link->second));
        }
        if (chain.size() > k_max_cname_links) {
            return std::unexpected(dns_error(NetErrorKind::dns_cname_loop, "CNAME chain longer than 8 links"));
        }
    }
    return current;
}

// The error an rcode other than NOERROR means; `via` names the CNAME the answer came through.
std::optional<NetError> rcode_error(int rcode, const std::string& via) {
    switch (rcode) {
        case ns_r_noerror: return std::nullopt;
        case ns_r_nxdomain: return dns_error(NetErrorKind::dns_nxdomain, "NXDOMAIN" + via);
        case ns_r_servfail: return dns_error(NetErrorKind::dns_servfail, "SERVFAIL");
        case ns_r_refused: return dns_error(NetErrorKind::dns_refused, "REFUSED");
        default: return dns_error(NetErrorKind::dns_other, "rcode " + std::to_string(rcode));
    }
}

// Parses the raw answer with libresolv: rcode, AD bit, CNAME chain from the asked name, and the
// records of `type` owned by the chain's last name.
std::expected<ParsedAnswer, NetError> parse_answer(const std::string& name, int type, const unsigned char* buffer,
                                                   int length) {
    ns_msg msg;
    if (ns_initparse(buffer, length, &msg) < 0) {
        return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed DNS answer"));
    }
    ParsedAnswer parsed;
    parsed.msg = msg;
    parsed.meta.name = name;
    parsed.meta.authenticated = ns_msg_getflag(msg, ns_f_ad) != 0;
    const int rcode = ns_msg_getflag(msg, ns_f_rcode);

    auto records = answer_records(msg, type);
    if (!records) {
        return std::unexpected(records.error());
    }
    auto current = follow_cnames(name, records->cnames, parsed.meta.cname_chain);
    if (!current) {
        return std::unexpected(current.error());
    }
    std::string via;
    if (!parsed.meta.cname_chain.empty()) {
        via = " (via CNAME " + parsed.meta.cname_chain.back() + ")";
    }
    if (auto error = rcode_error(rcode, via)) {
        error->cname_chain = parsed.meta.cname_chain;  // NXDOMAIN at a CNAME's target: a dangling CNAME
        return std::unexpected(*error);
    }
    bool first = true;
    for (const auto& [owner, rr] : records->typed) {
        if (owner != *current) {
            continue;
        }
        parsed.records.push_back(rr);
        parsed.meta.ttl = first ? ns_rr_ttl(rr) : std::min<std::uint32_t>(parsed.meta.ttl, ns_rr_ttl(rr));
        first = false;
    }
    if (parsed.records.empty()) {
        NetError nodata = dns_error(NetErrorKind::dns_nodata, "NOERROR, no records" + via);
        nodata.cname_chain = parsed.meta.cname_chain;
        return std::unexpected(std::move(nodata));
    }
    return parsed;
}

std::expected<std::string, NetError> txt_rdata(const ns_rr& rr) {
    // RFC 1035 §3.3.14: one or more <character-string>s; RFC 8461 §3.1 joins them with nothing.
    std::string joined;
    const unsigned char* at = ns_rr_rdata(rr);
    const unsigned char* end = at + ns_rr_rdlen(rr);
    while (at < end) {
        const std::size_t size = *at++;
        if (static_cast<std::size_t>(end - at) < size) {
            return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed TXT record"));
        }
        joined.append(reinterpret_cast<const char*>(at), size);
        at += size;
    }
    return joined;
}

// RFC 6698 §2.1: usage, selector and matching type (one octet each), then the association data.
std::expected<model::TlsaRecord, NetError> tlsa_rdata(const ns_rr& rr) {
    constexpr std::size_t k_fixed_octets = 3;
    const std::size_t length = ns_rr_rdlen(rr);
    if (length < k_fixed_octets) {
        return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed TLSA record"));
    }
    const unsigned char* at = ns_rr_rdata(rr);
    return model::TlsaRecord{at[0], at[1], at[2], std::vector<std::uint8_t>(at + k_fixed_octets, at + length)};
}

// The answer made of every record of `parsed` as read by `rdata` (one record's value or why it
// is malformed); the first error discards the whole RRset (a malformed datum is rejected whole).
template <typename Answer, typename Rdata>
DnsResult<Answer> answer_of(std::expected<ParsedAnswer, NetError>& parsed, Rdata rdata) {
    if (!parsed) return std::unexpected(parsed.error());
    Answer answer{std::move(parsed->meta), {}};
    for (const ns_rr& rr : parsed->records) {
        auto value = rdata(rr);
        if (!value) return std::unexpected(value.error());
        answer.records.push_back(std::move(*value));
    }
    return answer;
}


DnsResult<MxAnswer> mx_answer_of(std::expected<ParsedAnswer, NetError>& parsed) {
    if (!parsed) return std::unexpected(parsed.error());
    MxAnswer answer{std::move(parsed->meta), {}, false};
    for (const ns_rr& rr : parsed->records) {
        constexpr std::size_t k_min_mx_rdata = 3;  // preference + root name
        if (ns_rr_rdlen(rr) < k_min_mx_rdata) return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed MX record"));
        auto host = expand_name(parsed->msg, ns_rr_rdata(rr) + 2);
        if (!host) return std::unexpected(host.error());
        // RFC 7505 §3: the null MX target "." expands to "" once its dot is removed.
        answer.records.push_back(MxRecord{static_cast<int>(ns_get16(ns_rr_rdata(rr))), *host});
    }
    std::sort(answer.records.begin(), answer.records.end(), [](const MxRecord& a, const MxRecord& b) {
        return a.preference != b.preference ? a.preference < b.preference : a.host < b.host;
    });
    answer.null_mx = answer.records.size() == 1 && answer.records.front().host.empty();
    return answer;
}

DnsResult<AddressAnswer> address_answer_of(std::expected<ParsedAnswer, NetError>& parsed, AddressFamily family) {
    if (!parsed) return std::unexpected(parsed.error());
    AddressAnswer answer{std::move(parsed->meta), family, {}};
    const std::size_t expected_size = family == AddressFamily::ipv4 ? 4 : 16;
    for (const ns_rr& rr : parsed->records) {
        if (ns_rr_rdlen(rr) != expected_size) return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed address record"));
        answer.addresses.push_back(*base::IpAddress::from_bytes(std::span(ns_rr_rdata(rr), expected_size)));
    }
    return answer;
}

}  // namespace

std::string question_key(std::string_view name) {
    return base::lower(without_trailing_dot(std::string(name)));
}

NetError dns_error(NetErrorKind kind, std::string detail) {
    return NetError{kind, std::move(detail)};
}

DnsResult<TxtAnswer> decode_txt_answer(const std::string& name, const unsigned char* buffer, int length) {
    auto parsed = parse_answer(name, ns_t_txt, buffer, length);
    return answer_of<TxtAnswer>(parsed, txt_rdata);
}

DnsResult<MxAnswer> decode_mx_answer(const std::string& name, const unsigned char* buffer, int length) {
    auto parsed = parse_answer(name, ns_t_mx, buffer, length);
    return mx_answer_of(parsed);
}

DnsResult<AddressAnswer> decode_address_answer(const std::string& name, AddressFamily family,
                                               const unsigned char* buffer, int length) {
    auto parsed = parse_answer(name, family == AddressFamily::ipv4 ? ns_t_a : ns_t_aaaa, buffer, length);
    return address_answer_of(parsed, family);
}

DnsResult<TlsaAnswer> decode_tlsa_answer(const std::string& name, const unsigned char* buffer, int length) {
    auto parsed = parse_answer(name, ns_t_tlsa, buffer, length);
    return answer_of<TlsaAnswer>(parsed, tlsa_rdata);
}

}  // namespace mtasts::net
