#include "mtasts/net/dns.hpp"

#include "dns_answer.hpp"
#include "mtasts/base/memo.hpp"
#include "mtasts/net/local_errors.hpp"

#include <ares.h>
#include <arpa/nameser.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <span>
#include <stdexcept>

namespace mtasts::net {

namespace {

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

// An answer as it arrives: the raw message, or why there is none (c-ares status).
using RawAnswer = std::expected<std::span<const unsigned char>, NetError>;

// Runs `decode(data, size)` on a raw answer, or passes its error on.
template <typename Answer, typename Decode>
DnsResult<Answer> decoded(const RawAnswer& raw, Decode decode) {
    if (!raw) return std::unexpected(raw.error());
    return decode(raw->data(), static_cast<int>(raw->size()));
}

// Many domains of a batch name the same MX hosts: each question is sent once per run. Past
// this many questions the settled answers are dropped, so a huge batch stays bounded.
constexpr std::size_t k_max_shared_answers = 20000;

template <typename Answer>
using AnswerMemo = base::Memo<std::string, DnsResult<Answer>>;

// Delivers a shared answer from the loop, held so that run() waits for it.
std::function<void(std::function<void()>)> post_held(Loop& loop) {
    return [&loop](std::function<void()> task) { loop.post([hold = loop.hold(), task = std::move(task)] { task(); }); };
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
    // Why the last socket c-ares asked for could not be opened or connected here (EMFILE, no
    // route), or nullopt: c-ares itself only says "could not contact DNS servers".
    std::optional<std::string> local_socket_failure;

    struct Query {
        Impl* impl;
        std::function<void(RawAnswer)> done;
        Loop::Hold hold;  // until the answer was handed on (or the channel destroyed)
    };

    Impl(Loop& the_loop, ResolverConfig the_config)
        : txt_memo(post_held(the_loop), k_max_shared_answers),
          mx_memo(post_held(the_loop), k_max_shared_answers),
          a_memo(post_held(the_loop), k_max_shared_answers),
          aaaa_memo(post_held(the_loop), k_max_shared_answers),
          tlsa_memo(post_held(the_loop), k_max_shared_answers),
          loop(the_loop),
          config(std::move(the_config)) {}

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
            return;  // the resolver is going away: the query's hold ends with it
        }
        // The bytes live only during this callback: the query's own callback decodes them now.
        if (status == ARES_SUCCESS) {
            query->done(RawAnswer(std::span<const unsigned char>(buffer, static_cast<std::size_t>(length))));
        } else if (status == ARES_ECONNREFUSED && self->local_socket_failure) {
            // No server was reached because this host could not open a socket: not the domain's fault.
            query->done(RawAnswer(std::unexpected(NetError{NetErrorKind::local_failure, *self->local_socket_failure})));
        } else {
            query->done(RawAnswer(std::unexpected(status_error(status))));
        }
    }

    // Asks `name` of `type` unless the question is already shared in `memo`; `decode` turns
    // the raw answer into the asker's type.
    template <typename Answer, typename Decode>
    void ask(AnswerMemo<Answer>& memo, const std::string& name, int type,
             std::function<void(DnsResult<Answer>)> asker, Decode decode) {
        const std::string key = question_key(name);
        if (!memo.join(key, std::move(asker))) return;
        send(name, type, [&memo, key, decode](RawAnswer raw) { memo.settle(key, decoded<Answer>(raw, decode)); });
    }

    void send(const std::string& name, int type, std::function<void(RawAnswer)> done) {
        Loop::Hold hold = loop.hold();
        unsigned char* raw = nullptr;
        int length = 0;
        const int made = ares_create_query(name.c_str(), ns_c_in, type, 0, 1, &raw, &length, k_edns_udp_size);
        std::unique_ptr<unsigned char, QueryBufferDeleter> buffer(raw);
        if (made != ARES_SUCCESS) {
            loop.post([hold = std::move(hold), done = std::move(done), made] {
                done(std::unexpected(
                    dns_error(NetErrorKind::dns_other, std::string("bad query name: ") + ares_strerror(made))));
            });
            return;
        }
        // RFC 6840 §5.7: set AD in the query so that a validating resolver reports validation.
        constexpr int k_flags_byte = 3;
        constexpr unsigned char k_ad_bit = 0x20;
        buffer.get()[k_flags_byte] |= k_ad_bit;
        auto* query = new Query{this, std::move(done), std::move(hold)};
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

// c-ares's own socket calls, passed through, except that a failure of this host is remembered
// (c-ares would report it only as "could not contact DNS servers").
ares_socket_t open_socket(int family, int type, int protocol, void* data) {
    auto* failure = static_cast<std::optional<std::string>*>(data);
    // c-ares 1.18 leaves a socket from these functions as it gets it: it must be non-blocking
    // here, or a read with no answer waiting blocks the whole loop.
    const int fd = ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
        *failure = local_cause(errno, ErrnoOrigin::immediate);
        return ARES_SOCKET_BAD;
    }
    failure->reset();
    return fd;
}

int connect_socket(ares_socket_t fd, const sockaddr* address, ares_socklen_t length, void* data) {
    const int done = ::connect(fd, address, length);
    if (done != 0 && errno != EINPROGRESS) {
        const int error_number = errno;
        *static_cast<std::optional<std::string>*>(data) = local_cause(error_number, ErrnoOrigin::immediate);
        errno = error_number;
    }
    return done;
}

int close_socket(ares_socket_t fd, void* /*data*/) { return ::close(fd); }

ares_ssize_t receive_from(ares_socket_t fd, void* buffer, std::size_t length, int flags, sockaddr* from,
                          ares_socklen_t* from_length, void* /*data*/) {
    return ::recvfrom(fd, buffer, length, flags, from, from_length);
}

ares_ssize_t send_vector(ares_socket_t fd, const iovec* vector, int count, void* /*data*/) {
    return ::writev(fd, vector, count);
}

constexpr ares_socket_functions k_socket_functions{&open_socket, &close_socket, &connect_socket, &receive_from, &send_vector};

}  // namespace

Resolver::Resolver(Loop& loop, ResolverConfig config) : m_impl(std::make_unique<Impl>(loop, std::move(config))) {
    // ares_library_init is done once by main (src/cli/main.cpp).

    ares_options options{};
    int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS | ARES_OPT_EDNSPSZ;
    options.sock_state_cb = &Impl::on_sock_state;
    options.sock_state_cb_data = m_impl.get();
    options.timeout = static_cast<int>(m_impl->config.timeout.count());
    options.tries = std::max(1, m_impl->config.tries);
    // NOCHECKRESP: c-ares 1.18 turns a SERVFAIL or REFUSED from the last server into "could not
    // contact DNS servers"; we want the rcode itself, so the answer comes to the decoder.
    options.flags = ARES_FLAG_EDNS | ARES_FLAG_NOCHECKRESP;
    options.ednspsz = k_edns_udp_size;
    ares_channel raw = nullptr;
    const int status = ares_init_options(&raw, &options, mask);
    if (status != ARES_SUCCESS) {
        throw std::runtime_error(std::string("c-ares initialisation failed: ") + ares_strerror(status));
    }
    m_impl->channel.reset(raw);
    ares_set_socket_callback(raw, &enlarge_receive_buffer, nullptr);
    ares_set_socket_functions(raw, &k_socket_functions, &m_impl->local_socket_failure);
    if (!m_impl->config.servers.empty()) {
        std::string csv;
        for (const base::IpEndpoint& server : m_impl->config.servers) {
            csv += (csv.empty() ? "" : ",") + server.to_string();
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
    m_impl->ask(m_impl->txt_memo, name, ns_t_txt, std::move(asker),
                [name](const unsigned char* data, int size) { return decode_txt_answer(name, data, size); });
}

void Resolver::query_mx(const std::string& name, std::function<void(DnsResult<MxAnswer>)> asker) {
    m_impl->ask(m_impl->mx_memo, name, ns_t_mx, std::move(asker),
                [name](const unsigned char* data, int size) { return decode_mx_answer(name, data, size); });
}

void Resolver::query_addresses(const std::string& name, AddressFamily family,
                               std::function<void(DnsResult<AddressAnswer>)> asker) {
    const bool v4 = family == AddressFamily::ipv4;
    m_impl->ask(v4 ? m_impl->a_memo : m_impl->aaaa_memo, name, v4 ? ns_t_a : ns_t_aaaa, std::move(asker),
                [name, family](const unsigned char* data, int size) {
                    return decode_address_answer(name, family, data, size);
                });
}

void Resolver::query_tlsa(const std::string& name, std::function<void(DnsResult<TlsaAnswer>)> asker) {
    m_impl->ask(m_impl->tlsa_memo, name, ns_t_tlsa, std::move(asker),
                [name](const unsigned char* data, int size) { return decode_tlsa_answer(name, data, size); });
}

}  // namespace mtasts::net
