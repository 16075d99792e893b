// The Resolver's answers as the evaluator's observations: net fills model's types directly.
#include "mtasts/net/dns.hpp"

namespace mtasts::net {

void Resolver::observe_txt(const std::string& name, std::function<void(model::TxtObservation)> callback) {
    query_txt(name, [name, callback = std::move(callback)](const DnsResult<TxtAnswer>& result) {
        model::TxtObservation txt;
        txt.name = name;
        if (result) {
            txt.records = result->records;
            txt.cname_chain = result->meta.cname_chain;
            txt.ttl = result->meta.ttl;
        } else {
            txt.failure = model::dns_failure("TXT " + name, result.error());
        }
        callback(std::move(txt));
    });
}

void Resolver::observe_tlsa(const std::string& name, std::function<void(model::TlsaObservation)> callback) {
    query_tlsa(name, [name, callback = std::move(callback)](const DnsResult<TlsaAnswer>& result) {
        model::TlsaObservation tlsa;
        tlsa.name = name;
        if (result) {
            tlsa.records = result->records;
            tlsa.secure = result->meta.authenticated;
        } else {
            tlsa.failure = model::dns_failure("TLSA " + name, result.error());
        }
        callback(std::move(tlsa));
    });
}

}  // namespace mtasts::net
