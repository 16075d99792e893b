#pragma once
// DNS answers shared within one run: many domains of a batch name the same MX hosts, so the
// same question is asked once; later askers wait for the answer in flight or get the stored
// one. Bounded: past k_max_entries the settled answers are dropped. Internal to src/net.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mtasts/net/dns.hpp"
#include "mtasts/net/loop.hpp"

namespace mtasts::net {

template <typename T>
class AnswerMemo {
public:
    using Callback = std::function<void(DnsResult<T>)>;

    // Registers `callback` for the answer to `key`. Returns the function the caller must
    // give the answer to when it is the first to ask (it then sends the query); nullopt when
    // the answer is stored (delivered soon, on the loop) or already being fetched.
    std::optional<Callback> join(const std::string& key, Callback callback, Loop& loop) {
        auto [it, inserted] = m_entries.try_emplace(key);
        Entry& entry = it->second;
        if (!inserted) {
            if (entry.result) {
                loop.post([hold = loop.hold(), callback = std::move(callback), result = *entry.result] {
                    callback(result);
                });
            } else {
                entry.waiting.push_back(std::move(callback));
            }
            return std::nullopt;
        }
        entry.waiting.push_back(std::move(callback));
        if (m_entries.size() > k_max_entries) drop_settled();
        return Callback([this, key](DnsResult<T> result) { settle(key, std::move(result)); });
    }

private:
    static constexpr std::size_t k_max_entries = 20000;

    struct Entry {
        std::optional<DnsResult<T>> result;
        std::vector<Callback> waiting;
    };

    void settle(const std::string& key, DnsResult<T> result) {
        auto it = m_entries.find(key);
        if (it == m_entries.end()) return;
        std::vector<Callback> waiting = std::move(it->second.waiting);
        it->second.waiting.clear();
        it->second.result = result;
        // Callbacks may ask new questions (and grow the map): only local copies are used below.
        for (Callback& callback : waiting) callback(result);
    }

    void drop_settled() {
        std::erase_if(m_entries, [](const auto& item) { return item.second.result.has_value(); });
    }

    std::unordered_map<std::string, Entry> m_entries;
};

}  // namespace mtasts::net
