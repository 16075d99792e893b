#include "mtasts/net/https.hpp"

#include <sys/socket.h>

#include <cerrno>

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <charconv>
#include <stdexcept>
#include <unordered_map>

#include "mtasts/net/error.hpp"
#include "mtasts/net/local_errors.hpp"
#include "mtasts/net/socket_budget.hpp"
#include "mtasts/net/tls_context.hpp"
#include "mtasts/net/tls_facts.hpp"
#include "mtasts/version.hpp"

namespace mtasts::net {

namespace {

// Header bytes accepted per transfer: a policy answer needs a few hundred; RFC 9110 sets no
// limit, so the cap is ours, and hitting it is named instead of passing as "Out of memory".
constexpr std::size_t k_max_header_bytes = 64 * 1024;

struct MultiDeleter {
    void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

struct PolicyFetcher::Impl {
    Loop& loop;
    HttpsConfig config;
    SocketBudget* budget = nullptr;  // nullptr: no limit on transfers at once
    TrustStore trust;
    std::unique_ptr<CURLM, MultiDeleter> multi;
    std::optional<Loop::TimerId> timer;

    struct Transfer {
        Impl* impl = nullptr;
        std::unique_ptr<CURL, EasyDeleter> easy;
        std::unique_ptr<curl_slist, SlistDeleter> connect_to;
        model::PolicyFetch result;
        std::size_t header_bytes = 0;  // of the responses so far, against k_max_header_bytes
        bool header_too_long = false;
        bool headers_done = false;     // the final response's blank line was seen
        int socket_errno = 0;          // errno of a failed socket(): libcurl 7.88 does not keep it
        char error_text[CURL_ERROR_SIZE] = {};
        Loop::Clock::time_point started;
        std::function<void(model::PolicyFetch)> callback;
    };
    std::unordered_map<Transfer*, std::unique_ptr<Transfer>> transfers;

    Impl(Loop& the_loop, HttpsConfig the_config, SocketBudget* the_budget)
        : loop(the_loop), config(std::move(the_config)), budget(the_budget), trust(config.ca_file) {}

    void socket_action(curl_socket_t fd, int flags) {
        int running = 0;
        curl_multi_socket_action(multi.get(), fd, flags, &running);
        drain();
    }

    // Opens the connection's socket as libcurl would, but keeps socket()'s errno: on EMFILE
    // libcurl says only "Couldn't connect", which would blame the policy host for this host's limit.
    static curl_socket_t on_open_socket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
        const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
        if (fd < 0) static_cast<Transfer*>(user)->socket_errno = errno;
        return fd < 0 ? CURL_SOCKET_BAD : fd;
    }

    static int on_socket(CURL* /*easy*/, curl_socket_t fd, int what, void* user, void* /*socket_data*/) {
        auto* self = static_cast<Impl*>(user);
        if (what == CURL_POLL_REMOVE) {
            self->loop.unwatch(fd);
            return 0;
        }
        const bool want_read = what == CURL_POLL_IN || what == CURL_POLL_INOUT;
        const bool want_write = what == CURL_POLL_OUT || what == CURL_POLL_INOUT;
        self->loop.watch(fd, want_read, want_write, [self, fd](bool readable, bool writable) {
            self->socket_action(fd, (readable ? CURL_CSELECT_IN : 0) | (writable ? CURL_CSELECT_OUT : 0));
        });
        return 0;
    }

    static int on_timer(CURLM* /*multi*/, long timeout_ms, void* user) {
        auto* self = static_cast<Impl*>(user);
        if (self->timer) {
            self->loop.cancel_timer(*self->timer);
            self->timer.reset();
        }
        if (timeout_ms >= 0) {
            // Not called from here: libcurl forbids re-entering the multi from its callbacks.
            self->timer = self->loop.add_timer(std::chrono::milliseconds(timeout_ms), [self] {
                self->timer.reset();
                self->socket_action(CURL_SOCKET_TIMEOUT, 0);
            });
        }
        return 0;
    }

    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* transfer = static_cast<Transfer*>(user);
        const std::size_t bytes = size * count;
        model::PolicyFetch& result = transfer->result;
        result.body_bytes += bytes;
        const std::size_t room = transfer->impl->config.max_body - result.body.size();
        // RFC 8461 §3.3: senders may cap the policy; the cap applies to the decoded body, which is
        // what this callback receives (libcurl undoes Content-Encoding before it).
        if (bytes > room) {
            result.body.append(data, room);
            result.too_large = true;
            return 0;
        }
        result.body.append(data, bytes);
        return bytes;
    }

    // Only counts the header bytes and notes where a header ends: the values are read with
    // curl_easy_header() once the transfer is over (read_headers).
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
        auto* transfer = static_cast<Transfer*>(user);
        const std::size_t bytes = size * count;
        const std::string_view line(data, bytes);
        // A server that never ends its header must not hold the transfer until the timeout.
        transfer->header_bytes += bytes;
        if (transfer->header_bytes > k_max_header_bytes) {
            transfer->header_too_long = true;
            return 0;
        }
        // A blank line ends a header; a status line starts another response (after a 1xx).
        if (line == "\r\n" || line == "\n") {
            transfer->headers_done = true;
        } else if (line.starts_with("HTTP/")) {
            transfer->headers_done = false;
        }
        return bytes;
    }

    // The first `name` header of the final response (1xx responses are not CURLH_HEADER),
    // without the white space around it; nullopt when absent.
    static std::optional<std::string> header(CURL* easy, const char* name) {
        curl_header* found = nullptr;
        if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &found) != CURLHE_OK) {
            return std::nullopt;
        }
        return std::string(found->value);
    }

    static void read_headers(Transfer& t) {
        CURL* easy = t.easy.get();
        t.result.content_type = header(easy, "Content-Type");
        t.result.location = header(easy, "Location");
        t.result.cache_control = header(easy, "Cache-Control");
        if (const auto age = header(easy, "Age")) {
            std::int64_t seconds = 0;
            const auto [end, ec] = std::from_chars(age->data(), age->data() + age->size(), seconds);
            if (ec == std::errc()) {
                t.result.age = seconds;
            }
        }
    }

    // Replaces OpenSSL's chain check for this connection: the chain is verified against our own
    // trust store and recorded, and the handshake goes on, so that an untrusted certificate
    // does not hide the policy, the status or the other facts.
    static int on_verify(X509_STORE_CTX* store_ctx, void* user) {
        auto* transfer = static_cast<Transfer*>(user);
        transfer->result.cert = cert_facts_from_chain(X509_STORE_CTX_get0_untrusted(store_ctx), transfer->impl->trust);
        auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx()));
        if (ssl != nullptr) {
            transfer->result.tls_version = tls_version_of(ssl);
        }
        return 1;
    }

    static CURLcode on_ssl_ctx(CURL* /*easy*/, void* ssl_ctx, void* user) {
        auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
        // A policy host that only speaks an old version is seen and reported (docs/rfc-rules.md
        // B17), not just refused.
        accept_old_servers(ctx);
        SSL_CTX_set_cert_verify_callback(ctx, &Impl::on_verify, user);
        return CURLE_OK;
    }

    // Starts the transfer once the socket budget has room (at once without a budget).
    void start(const std::string& url, const std::string& address, std::function<void(model::PolicyFetch)> callback) {
        // The hold travels with the callback: through the wait for a slot, into the transfer.
        callback = [hold = loop.hold(), callback = std::move(callback)](model::PolicyFetch fetched) {
            callback(std::move(fetched));
        };
        if (budget == nullptr) {
            begin(url, address, std::move(callback));
            return;
        }
        budget->acquire([this, url, address, callback = std::move(callback)]() mutable {
            begin(url, address, [this, callback = std::move(callback)](model::PolicyFetch fetched) {
                budget->release();
                callback(std::move(fetched));
            });
        });
    }

    void begin(const std::string& url, const std::string& address, std::function<void(model::PolicyFetch)> callback) {
        auto transfer = std::make_unique<Transfer>();
        Transfer* t = transfer.get();
        t->impl = this;
        t->callback = std::move(callback);
        t->started = loop.now();
        t->result.ip = address;
        // "::ADDRESS:": whatever the URL's host and port, connect to this address on that port.
        const std::string target = address.find(':') != std::string::npos ? "[" + address + "]" : address;
        t->connect_to.reset(curl_slist_append(nullptr, ("::" + target + ":").c_str()));
        t->easy.reset(curl_easy_init());
        if (!t->easy || !t->connect_to) {
            throw std::runtime_error("libcurl could not allocate a transfer");
        }
        CURL* easy = t->easy.get();
        const std::string user_agent = std::string(k_tool_name) + "/" + k_version;
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        // Connect to exactly this address, on a fresh connection, so every address is tested.
        curl_easy_setopt(easy, CURLOPT_CONNECT_TO, t->connect_to.get());
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
        curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
        // RFC 8461 §3.3: HTTPS only, redirects not followed, no HTTP cache.
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "https");
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        // Some hosts refuse browser-like clients; fetch like an MTA, not like a browser.
        curl_easy_setopt(easy, CURLOPT_USERAGENT, user_agent.c_str());
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(config.timeout.count()));
        // The certificate is verified by on_verify, which records the verdict instead of failing.
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
        // on_verify checks against the fetcher's one trust store: libcurl needs no CA bundle of
        // its own. (With VERIFYPEER off, 7.88 loads none anyway; these keep it so in any version.
        // The profile in bench/README.md shows where a fetch's CPU goes.)
        curl_easy_setopt(easy, CURLOPT_CAINFO, nullptr);
        curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
        curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &Impl::on_ssl_ctx);
        curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, t);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Impl::on_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, t);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Impl::on_header);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, t);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error_text);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, t);
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &Impl::on_open_socket);
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, t);
        transfers.emplace(t, std::move(transfer));
        curl_multi_add_handle(multi.get(), easy);
    }

    static NetError header_too_long() {
        return NetError{NetErrorKind::http_protocol,
                        "response header too long (more than " + std::to_string(k_max_header_bytes / 1024) + " KiB)"};
    }

    // Why the transfer gave no HTTP answer; nullopt for a body cut at the cap, which is one.
    std::optional<NetError> error_of(Transfer& t, CURLcode code) {
        const std::string text = t.error_text[0] != '\0' ? t.error_text : curl_easy_strerror(code);
        curl_off_t connect_us = 0;
        curl_easy_getinfo(t.easy.get(), CURLINFO_CONNECT_TIME_T, &connect_us);
        switch (code) {
            case CURLE_OUT_OF_MEMORY:
                // libcurl refuses one header line above its own cap (100 KiB) with this code.
                if (!t.headers_done) return header_too_long();
                return NetError{NetErrorKind::local_failure, "this host: " + text};  // really out of memory
            case CURLE_WRITE_ERROR:
                if (t.header_too_long) return header_too_long();
                if (t.result.too_large) return std::nullopt;
                return NetError{NetErrorKind::other, text};
            case CURLE_COULDNT_CONNECT: {
                // libcurl keeps the errno of socket()/connect(): EMFILE and the like are this
                // host's, not the policy host's.
                long os_errno = t.socket_errno;
                if (os_errno == 0) curl_easy_getinfo(t.easy.get(), CURLINFO_OS_ERRNO, &os_errno);
                if (auto cause = local_cause(static_cast<int>(os_errno), ErrnoOrigin::from_connection)) {
                    return NetError{NetErrorKind::local_failure, *cause};
                }
                return NetError{NetErrorKind::connect_refused, text};
            }
            case CURLE_OPERATION_TIMEDOUT:
                return NetError{connect_us == 0 ? NetErrorKind::connect_timeout : NetErrorKind::timeout, text};
            case CURLE_SSL_CONNECT_ERROR: return handshake_error(text);
            case CURLE_COULDNT_RESOLVE_HOST: return NetError{NetErrorKind::dns_other, text};
            default: return NetError{NetErrorKind::http_protocol, text};
        }
    }

    void finish(Transfer* t, CURLcode code) {
        const auto found = transfers.find(t);
        std::unique_ptr<Transfer> owned = std::move(found->second);
        transfers.erase(found);
        curl_multi_remove_handle(multi.get(), t->easy.get());
        if (code != CURLE_OK) {
            t->result.error = error_of(*t, code);
        }
        long status = 0;
        curl_easy_getinfo(t->easy.get(), CURLINFO_RESPONSE_CODE, &status);
        // A status without the whole answer (a timeout in the body) is no answer.
        if (status > 0 && !t->result.error) {
            t->result.status = static_cast<int>(status);
            read_headers(*t);
        }
        t->result.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(loop.now() - t->started).count();
        t->callback(std::move(t->result));
    }

    void drain() {
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi.get(), &left)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            Transfer* t = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &t);
            finish(t, message->data.result);
        }
    }
};

PolicyFetcher::PolicyFetcher(Loop& loop, HttpsConfig config, SocketBudget* budget)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), budget)) {
    // curl_global_init is done once by main (src/cli/main.cpp).
    m_impl->multi.reset(curl_multi_init());
    if (!m_impl->multi) {
        throw std::runtime_error("curl_multi_init failed");
    }
    CURLM* multi = m_impl->multi.get();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, m_impl.get());
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, m_impl.get());
}

PolicyFetcher::~PolicyFetcher() {
    if (m_impl->timer) {
        m_impl->loop.cancel_timer(*m_impl->timer);
    }
    for (auto& [t, owned] : m_impl->transfers) {
        curl_multi_remove_handle(m_impl->multi.get(), t->easy.get());
    }
}

void PolicyFetcher::fetch_one(const std::string& url, const std::string& address,
                              std::function<void(model::PolicyFetch)> callback) {
    m_impl->start(url, address, std::move(callback));
}

void PolicyFetcher::fetch(const std::string& url, const std::vector<std::string>& addresses,
                          std::function<void(std::vector<model::PolicyFetch>)> callback) {
    struct Join {
        std::vector<model::PolicyFetch> results;
        std::size_t remaining = 0;
        std::function<void(std::vector<model::PolicyFetch>)> callback;
    };
    auto join = std::make_shared<Join>();
    join->results.resize(addresses.size());
    join->remaining = addresses.size();
    join->callback = std::move(callback);
    if (addresses.empty()) {
        Loop& loop = m_impl->loop;
        loop.post([join, hold = loop.hold()] { join->callback({}); });
        return;
    }
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        m_impl->start(url, addresses[i], [join, i](model::PolicyFetch fetched) {
            join->results[i] = std::move(fetched);
            if (--join->remaining == 0) {
                join->callback(std::move(join->results));
            }
        });
    }
}

}  // namespace mtasts::net
