#include "mtasts/net/dns.hpp"

#include "answer_memo.hpp"

#include <ares.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <resolv.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>

namespace mtasts::net {

namespace {

// RFC 1034 §3.6.2 allows chains; a resolver bounds them. 8 links is far beyond any real
// delegation (hosted MTA-STS uses one) and stops loops that a broken answer may contain.
constexpr std::size_t k_max_cname_links = 8;
// RFC 6891: a large EDNS buffer lets big TXT RRsets come over UDP; c-ares retries over TCP
// when an answer is still truncated (TC bit).
constexpr int k_edns_udp_size = 4096;

struct ChannelDeleter {
    void operator()(ares_channeldata* channel) const { ares_destroy(channel); }
};
using ChannelPtr = std::unique_ptr<ares_channeldata, ChannelDeleter>;

struct QueryBufferDeleter {
    void operator()(unsigned char* buffer) const { ares_free_string(buffer); }
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string without_trailing_dot(std::string name) {
    if (!name.empty() && name.back() == '.') {
        name.pop_back();
    }
    return name;
}

NetError dns_error(NetErrorKind kind, std::string detail) {
    return NetError{kind, std::move(detail)};
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

    std::map<std::string, std::string> cnames;  // owner (lower case) -> target
    std::vector<std::pair<std::string, ns_rr>> typed;
    const int count = ns_msg_count(msg, ns_s_an);
    for (int i = 0; i < count; ++i) {
        ns_rr rr;
        if (ns_parserr(&msg, ns_s_an, i, &rr) < 0) {
            return std::unexpected(dns_error(NetErrorKind::dns_other, "malformed record in answer"));
        }
        if (ns_rr_class(rr) != ns_c_in) {
            continue;
        }
        const std::string owner = lower(without_trailing_dot(ns_rr_name(rr)));
        if (ns_rr_type(rr) == ns_t_cname) {
            auto target = expand_name(msg, ns_rr_rdata(rr));
            if (!target) {
                return std::unexpected(target.error());
            }
            cnames.emplace(owner, *target);
        } else if (ns_rr_type(rr) == type) {
            typed.emplace_back(owner, rr);
        }
    }

    std::string current = lower(without_trailing_dot(name));
    std::set<std::string> seen{current};
    for (auto link = cnames.find(current); link != cnames.end(); link = cnames.find(current)) {
        parsed.meta.cname_chain.push_back(link->second);
        current = lower(link->second);
        if (!seen.insert(current).second) {
            return std::unexpected(dns_error(NetErrorKind::dns_cname_loop, "CNAME loop at " + link->second));
        }
        if (parsed.meta.cname_chain.size() > k_max_cname_links) {
            return std::unexpected(dns_error(NetErrorKind::dns_cname_loop, "CNAME chain longer than 8 links"));
        }
    }
    std::string via;
    if (!parsed.meta.cname_chain.empty()) {
        via = " (via CNAME " + parsed.meta.cname_chain.back() + ")";
    }
    switch (rcode) {
        case ns_r_noerror: break;
        case ns_r_nxdomain: return std::unexpected(dns_error(NetErrorKind::dns_nxdomain, "NXDOMAIN" + via));
        case ns_r_servfail: return std::unexpected(dns_error(NetErrorKind::dns_servfail, "SERVFAIL"));
        case ns_r_refused: return std::unexpected(dns_error(NetErrorKind::dns_refused, "REFUSED"));
        default: return std::unexpected(dns_error(NetErrorKind::dns_other, "rcode " + std::to_string(rcode)));
    }
    bool first = true;
    for (const auto& [owner, rr] : typed) {
        if (owner != current) {
            continue;
        }
        parsed.records.push_back(rr);
        parsed.meta.ttl = first ? ns_rr_ttl(rr) : std::min<std::uint32_t>(parsed.meta.ttl, ns_rr_ttl(rr));
        first = false;
    }
    if (parsed.records.empty()) {
        return std::unexpected(dns_error(NetErrorKind::dns_nodata, "NOERROR, no records" + via));
    }
    return parsed;
}

NetError status_error(int status) {
    switch (status) {
        case ARES_ESERVFAIL: return dns_error(NetErrorKind::dns_servfail, "SERVFAIL");
        case ARES_EREFUSED: return dns_error(NetErrorKind::dns_refused, "REFUSED");
        case ARES_ETIMEOUT: return dns_error(NetErrorKind::dns_timeout, "no answer before the timeout");
        case ARES_ENOTFOUND: return dns_error(NetErrorKind::dns_nxdomain, "NXDOMAIN");
        case ARES_ENODATA: return dns_error(NetErrorKind::dns_nodata, "NOERROR, no records");
        default: return dns_error(NetErrorKind::dns_other, ares_strerror(status));
    }
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

}  // namespace

struct Resolver::Impl {
    AnswerMemo<TxtAnswer> txt_memo;
    AnswerMemo<MxAnswer> mx_memo;
    AnswerMemo<AddressAnswer> a_memo;
    AnswerMemo<AddressAnswer> aaaa_memo;
    AnswerMemo<TlsaAnswer> tlsa_memo;

    Loop& loop;
    ResolverConfig config;
    ChannelPtr channel;
    std::optional<Loop::TimerId> timer;
    bool destroying = false;

    struct Query {
        Impl* impl;
        std::string name;
        int type;
        std::function<void(std::expected<ParsedAnswer, NetError>)> done;
    };

    Impl(Loop& the_loop, ResolverConfig the_config) : loop(the_loop), config(std::move(the_config)) {}

    static void on_sock_state(void* data, ares_socket_t fd, int readable, int writable) {
        auto* self = static_cast<Impl*>(data);
        if (self->destroying) {
            self->loop.unwatch(fd);
            return;
        }
        self->loop.watch(fd, readable != 0, writable != 0, [self, fd](bool can_read, bool can_write) {
            ares_process_fd(self->channel.get(), can_read ? fd : ARES_SOCKET_BAD, can_write ? fd : ARES_SOCKET_BAD);
            self->rearm_timer();
        });
    }

    // One timer, re-armed from ares_timeout() after every action (c-ares retries and timeouts
    // happen only when ares_process_fd is called).
    void rearm_timer() {
        if (timer) {
            loop.cancel_timer(*timer);
            timer.reset();
        }
        timeval tv{};
        if (ares_timeout(channel.get(), nullptr, &tv) == nullptr) {
            return;
        }
        const auto delay = std::chrono::milliseconds(tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000);
        timer = loop.add_timer(delay, [this] {
            timer.reset();
            ares_process_fd(channel.get(), ARES_SOCKET_BAD, ARES_SOCKET_BAD);
            rearm_timer();
        });
    }

    static void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* buffer, int length) {
        std::unique_ptr<Query> query(static_cast<Query*>(arg));
        Impl* self = query->impl;
        if (status == ARES_EDESTRUCTION) {
            self->loop.release();
            return;
        }
        std::expected<ParsedAnswer, NetError> result = status == ARES_SUCCESS
                                                           ? parse_answer(query->name, query->type, buffer, length)
                                                           : std::unexpected(status_error(status));
        query->done(std::move(result));
        self->loop.release();
    }

    void send(const std::string& name, int type, std::function<void(std::expected<ParsedAnswer, NetError>)> done) {
        loop.hold();
        unsigned char* raw = nullptr;
        int length = 0;
        const int made = ares_create_query(name.c_str(), ns_c_in, type, 0, 1, &raw, &length, k_edns_udp_size);
        std::unique_ptr<unsigned char, QueryBufferDeleter> buffer(raw);
        if (made != ARES_SUCCESS) {
            loop.post([this, done = std::move(done), made] {
                done(std::unexpected(
                    dns_error(NetErrorKind::dns_other, std::string("bad query name: ") + ares_strerror(made))));
                loop.release();
            });
            return;
        }
        // RFC 6840 §5.7: set AD in the query so that a validating resolver reports validation.
        constexpr int k_flags_byte = 3;
        constexpr unsigned char k_ad_bit = 0x20;
        buffer.get()[k_flags_byte] |= k_ad_bit;
        auto* query = new Query{this, name, type, std::move(done)};
        ares_send(channel.get(), buffer.get(), length, &Impl::on_answer, query);
        rearm_timer();
    }
};

namespace {

// One UDP socket carries every query of a batch run: answers to hundreds of queries arrive in
// a burst, and the default receive buffer (about 200 KiB) drops some, each drop costing a
// retry timeout. Ask for 8 MiB; SO_RCVBUFFORCE passes rmem_max when we may (root), else the
// kernel's own cap applies.
int enlarge_receive_buffer(ares_socket_t socket, int type, void* /*data*/) {
    if (type == SOCK_DGRAM) {
        const int size = 8 * 1024 * 1024;
        if (setsockopt(socket, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        }
    }
    return ARES_SUCCESS;
}

}  // namespace

Resolver::Resolver(Loop& loop, ResolverConfig config) : m_impl(std::make_unique<Impl>(loop, std::move(config))) {
    static std::once_flag init_once;
    std::call_once(init_once, [] { ares_library_init(ARES_LIB_INIT_ALL); });

    ares_options options{};
    int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS | ARES_OPT_EDNSPSZ;
    options.sock_state_cb = &Impl::on_sock_state;
    options.sock_state_cb_data = m_impl.get();
    options.timeout = static_cast<int>(m_impl->config.timeout.count());
    options.tries = std::max(1, m_impl->config.tries);
    // NOCHECKRESP: c-ares 1.18 turns a SERVFAIL or REFUSED from the last server into "could not
    // contact DNS servers"; we want the rcode itself, so the answer comes to parse_answer.
    options.flags = ARES_FLAG_EDNS | ARES_FLAG_NOCHECKRESP;
    options.ednspsz = k_edns_udp_size;
    ares_channel raw = nullptr;
    const int status = ares_init_options(&raw, &options, mask);
    if (status != ARES_SUCCESS) {
        throw std::runtime_error(std::string("c-ares initialisation failed: ") + ares_strerror(status));
    }
    m_impl->channel.reset(raw);
    ares_set_socket_callback(raw, &enlarge_receive_buffer, nullptr);
    if (!m_impl->config.servers.empty()) {
        std::string csv;
        for (const std::string& server : m_impl->config.servers) {
            csv += (csv.empty() ? "" : ",") + server;
        }
        const int set = ares_set_servers_ports_csv(raw, csv.c_str());
        if (set != ARES_SUCCESS) {
            throw std::runtime_error("invalid resolver list '" + csv + "': " + ares_strerror(set));
        }
    }
}

Resolver::~Resolver() {
    m_impl->destroying = true;
    if (m_impl->timer) {
        m_impl->loop.cancel_timer(*m_impl->timer);
    }
    m_impl->channel.reset();
}

void Resolver::query_txt(const std::string& name, std::function<void(DnsResult<TxtAnswer>)> asker) {
    auto shared = m_impl->txt_memo.join(lower(without_trailing_dot(name)), std::move(asker), m_impl->loop);
    if (!shared) return;
    m_impl->send(name, ns_t_txt, [callback = std::move(*shared)](std::expected<ParsedAnswer, NetError> parsed) {
        callback(answer_of<TxtAnswer>(parsed, txt_rdata));
    });
}

void Resolver::query_mx(const std::string& name, std::function<void(DnsResult<MxAnswer>)> asker) {
    auto shared = m_impl->mx_memo.join(lower(without_trailing_dot(name)), std::move(asker), m_impl->loop);
    if (!shared) return;
    m_impl->send(name, ns_t_mx, [callback = std::move(*shared)](std::expected<ParsedAnswer, NetError> parsed) {
        if (!parsed) {
            callback(std::unexpected(parsed.error()));
            return;
        }
        MxAnswer answer{std::move(parsed->meta), {}, false};
        for (const ns_rr& rr : parsed->records) {
            constexpr std::size_t k_min_mx_rdata = 3;  // preference + root name
            if (ns_rr_rdlen(rr) < k_min_mx_rdata) {
                callback(std::unexpected(dns_error(NetErrorKind::dns_other, "malformed MX record")));
                return;
            }
            auto host = expand_name(parsed->msg, ns_rr_rdata(rr) + 2);
            if (!host) {
                callback(std::unexpected(host.error()));
                return;
            }
            // RFC 7505 §3: the null MX target "." expands to "" once its dot is removed.
            answer.records.push_back(MxRecord{static_cast<int>(ns_get16(ns_rr_rdata(rr))), *host});
        }
        std::sort(answer.records.begin(), answer.records.end(), [](const MxRecord& a, const MxRecord& b) {
            return a.preference != b.preference ? a.preference < b.preference : a.host < b.host;
        });
        answer.null_mx = answer.records.size() == 1 && answer.records.front().host.empty();
        callback(std::move(answer));
    });
}

void Resolver::query_addresses(const std::string& name, AddressFamily family,
                               std::function<void(DnsResult<AddressAnswer>)> asker) {
    const int type = family == AddressFamily::ipv4 ? ns_t_a : ns_t_aaaa;
    auto& memo = family == AddressFamily::ipv4 ? m_impl->a_memo : m_impl->aaaa_memo;
    auto shared = memo.join(lower(without_trailing_dot(name)), std::move(asker), m_impl->loop);
    if (!shared) return;
    m_impl->send(name, type, [callback = std::move(*shared), family](std::expected<ParsedAnswer, NetError> parsed) {
        if (!parsed) {
            callback(std::unexpected(parsed.error()));
            return;
        }
        AddressAnswer answer{std::move(parsed->meta), family, {}};
        const std::size_t expected_size = family == AddressFamily::ipv4 ? 4 : 16;
        for (const ns_rr& rr : parsed->records) {
            if (ns_rr_rdlen(rr) != expected_size) {
                callback(std::unexpected(dns_error(NetErrorKind::dns_other, "malformed address record")));
                return;
            }
            char text[INET6_ADDRSTRLEN];
            inet_ntop(family == AddressFamily::ipv4 ? AF_INET : AF_INET6, ns_rr_rdata(rr), text, sizeof text);
            answer.addresses.emplace_back(text);
        }
        callback(std::move(answer));
    });
}

void Resolver::query_tlsa(const std::string& name, std::function<void(DnsResult<TlsaAnswer>)> asker) {
    auto shared = m_impl->tlsa_memo.join(lower(without_trailing_dot(name)), std::move(asker), m_impl->loop);
    if (!shared) return;
    m_impl->send(name, ns_t_tlsa, [callback = std::move(*shared)](std::expected<ParsedAnswer, NetError> parsed) {
        callback(answer_of<TlsaAnswer>(parsed, tlsa_rdata));
    });
}

}  // namespace mtasts::net
