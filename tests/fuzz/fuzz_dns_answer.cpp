// libFuzzer target: raw DNS answers as a hostile or broken resolver may send them (RFC 1035
// wire format). The first byte picks the question type, the rest is the message. Decoding must
// never crash, read out of bounds or loop, and what it accepts must be well-formed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "dns_answer.hpp"

namespace {

using namespace mtasts::net;

const std::string k_name = "example.com";
constexpr std::size_t k_max_cname_links = 8;

void check_meta(const DnsAnswerMeta& meta) {
    if (meta.cname_chain.size() > k_max_cname_links) std::abort();
}

void check_addresses(const AddressAnswer& answer) {
    for (const mtasts::base::IpAddress& address : answer.addresses) {
        if (address.family() != answer.family) std::abort();
        if (mtasts::base::IpAddress::parse(address.to_string()) != address) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const unsigned char* message = data + 1;
    const int length = static_cast<int>(size - 1);
    switch (data[0] % 5) {
        case 0:
            if (auto txt = decode_txt_answer(k_name, message, length)) {
                check_meta(txt->meta);
                std::size_t bytes = 0;
                for (const auto& record : txt->records) bytes += record.size();
                if (bytes > size) std::abort();  // strings are copied from the message, never made up
            }
            break;
        case 1:
            if (auto mx = decode_mx_answer(k_name, message, length)) {
                check_meta(mx->meta);
                if (mx->records.empty()) std::abort();  // no records is NODATA, an error
                if (mx->null_mx && (mx->records.size() != 1 || !mx->records.front().host.empty())) std::abort();
            }
            break;
        case 2:
        case 3: {
            const AddressFamily family = data[0] % 5 == 2 ? AddressFamily::ipv4 : AddressFamily::ipv6;
            if (auto addresses = decode_address_answer(k_name, family, message, length)) {
                check_meta(addresses->meta);
                check_addresses(*addresses);
            }
            break;
        }
        default:
            if (auto tlsa = decode_tlsa_answer(k_name, message, length)) {
                check_meta(tlsa->meta);
                for (const auto& record : tlsa->records)
                    if (record.data.size() > size) std::abort();
            }
            break;
    }
    return 0;
}
