#pragma once
// Decoding raw DNS answers (RFC 1035 wire format) into the Resolver's answer types: rcode, AD
// bit, CNAME chain and the records of the asked type. Kept apart from the c-ares channel so
// that a hostile resolver's bytes can be fuzzed directly (tests/fuzz/fuzz_dns_answer.cpp).
#include <string>
#include <string_view>

#include "mtasts/net/dns.hpp"

namespace mtasts::net {

// The form in which a question is compared and shared: lower case, no trailing dot.
std::string question_key(std::string_view name);

// A NetError of a DNS kind with its detail.
NetError dns_error(NetErrorKind kind, std::string detail);

// Each decodes the raw answer `buffer` (`length` octets) to the question `name` of its type.
// Malformed data, NXDOMAIN, NODATA, SERVFAIL, REFUSED and CNAME loops are errors; an rcode
// error or NODATA carries the CNAME chain the answer followed (NetError::cname_chain).
DnsResult<TxtAnswer> decode_txt_answer(const std::string& name, const unsigned char* buffer, int length);
DnsResult<MxAnswer> decode_mx_answer(const std::string& name, const unsigned char* buffer, int length);
DnsResult<AddressAnswer> decode_address_answer(const std::string& name, AddressFamily family,
                                               const unsigned char* buffer, int length);
DnsResult<TlsaAnswer> decode_tlsa_answer(const std::string& name, const unsigned char* buffer, int length);

}  // namespace mtasts::net
