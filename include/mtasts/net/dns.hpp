#pragma once
// DNS lookups on the loop, through c-ares (one channel per Resolver). Every answer is parsed
// from the raw DNS message, so the caller also gets the CNAME chain and the AD bit.
// A failed lookup is a NetError with a dns_* kind (see error.hpp): NXDOMAIN and NODATA mean
// "no such record" (with the CNAME chain that led there: a dangling CNAME); SERVFAIL, REFUSED
// and timeout mean "could not find out".
// Within one Resolver (one run) a question is sent once: callers asking the same name and type
// share the answer in flight or stored (many domains of a batch share their MX hosts).
// observe_txt and observe_tlsa give the evaluator's own types (include/mtasts/model/observation.hpp).
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mtasts/base/ip_address.hpp"
#include "mtasts/model/observation.hpp"
#include "mtasts/net/error.hpp"
#include "mtasts/net/loop.hpp"

namespace mtasts::net {

struct ResolverConfig {
    // The servers to ask (--resolver); empty = those of /etc/resolv.conf.
    std::vector<base::IpEndpoint> servers;
    // First try of one query. c-ares doubles it on every further round over the servers, so
    // with one server and tries = 2 an unanswered query fails after timeout + 2 x timeout.
    std::chrono::milliseconds timeout{5000};
    int tries = 2;  // rounds over the servers before dns_timeout
};

// What every successful answer also tells.
struct DnsAnswerMeta {
    std::string name;                      // the name asked, as given
    std::vector<std::string> cname_chain;  // CNAME targets followed, in order, no trailing dot
    bool authenticated = false;            // AD bit of the answer (the resolver validated it)
    std::uint32_t ttl = 0;                 // smallest TTL of the records returned
};

// A TXT RRset. RFC 8461 §3.1 / RFC 8460 §3: a record's character-strings are joined with
// nothing between; every record of the RRset is kept, in the order received.
struct TxtAnswer {
    DnsAnswerMeta meta;
    std::vector<std::string> records;
};

struct MxRecord {
    int preference = 0;
    std::string host;  // without the trailing dot; "" for the null MX target "."
};

// An MX RRset. null_mx is true when the RRset is the single record "0 ." (RFC 7505 §3);
// a "." target among other records is reported in records with host "".
struct MxAnswer {
    DnsAnswerMeta meta;
    std::vector<MxRecord> records;  // sorted by preference, then host
    bool null_mx = false;
};

// Which RRset query_addresses asks for: A (ipv4) or AAAA (ipv6).
using AddressFamily = base::IpFamily;

// An A or AAAA RRset; every address is of the family asked.
struct AddressAnswer {
    DnsAnswerMeta meta;
    AddressFamily family = AddressFamily::ipv4;
    std::vector<base::IpAddress> addresses;
};

// A TLSA RRset (RFC 6698 §2), e.g. of "_25._tcp.mx.example.com". meta.authenticated says
// whether the resolver validated it with DNSSEC: DANE uses only validated records (RFC 7672 §2.2).
struct TlsaAnswer {
    DnsAnswerMeta meta;
    std::vector<model::TlsaRecord> records;  // in the order received
};

template <typename T>
using DnsResult = std::expected<T, NetError>;

class Resolver {
public:
    // Throws std::runtime_error when c-ares cannot be set up (bad server list): a tool failure.
    Resolver(Loop& loop, ResolverConfig config);
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    // TXT RRset of `name` (e.g. "_mta-sts.example.com").
    void query_txt(const std::string& name, std::function<void(DnsResult<TxtAnswer>)> callback);
    // MX RRset of `name`.
    void query_mx(const std::string& name, std::function<void(DnsResult<MxAnswer>)> callback);
    // A (ipv4) or AAAA (ipv6) RRset of `name`.
    void query_addresses(const std::string& name, AddressFamily family,
                         std::function<void(DnsResult<AddressAnswer>)> callback);

    // TLSA RRset of `name` (e.g. "_25._tcp.mx.example.com").
    void query_tlsa(const std::string& name, std::function<void(DnsResult<TlsaAnswer>)> callback);

    // The TXT RRset of `name` as the evaluator reads it: records, CNAME chain and TTL, empty for
    // NXDOMAIN and NODATA, or the failure (model::dns_failure).
    void observe_txt(const std::string& name, std::function<void(model::TxtObservation)> callback);
    // The TLSA RRset of `name` as the evaluator reads it: records and the AD bit, or the failure.
    void observe_tlsa(const std::string& name, std::function<void(model::TlsaObservation)> callback);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace mtasts::net
