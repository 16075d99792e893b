#pragma once
// Results shared within one run: many domains of a batch ask the same question (the same MX
// host's addresses, the same SMTP session), so each is answered once. The first asker of a key
// produces the result and hands it to settle(); later askers wait for it while it is in flight
// or get the stored one. A stored result is delivered through `defer` (an event loop's post),
// so a callback never runs inside join(). Not thread-safe: one loop's thread only.
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace mtasts::base {

// Key: any type with operator< (a struct with a defaulted operator<=> will do).
template <typename Key, typename Result>
class Memo {
public:
    using Callback = std::function<void(const Result&)>;
    // Runs a task later, outside the caller's stack.
    using Defer = std::function<void(std::function<void()>)>;

    // Past `max_entries` keys, the settled results are dropped (asked again if needed), so a
    // huge batch cannot grow memory without bound; results in flight are always kept.
    explicit Memo(Defer defer, std::size_t max_entries = std::numeric_limits<std::size_t>::max())
        : m_defer(std::move(defer)), m_max_entries(max_entries) {}

    // Registers `callback` for the result of `key`. True when the caller is the first to ask:
    // it must produce the result and give it to settle(key, ...). False when the result is
    // in flight (the callback waits for settle) or stored (the callback is deferred).
    bool join(const Key& key, Callback callback) {
        auto [it, inserted] = m_entries.try_emplace(key);
        Entry& entry = it->second;
        if (!inserted && entry.result) {
            m_defer([result = entry.result, callback = std::move(callback)] { callback(*result); });
            return false;
        }
        entry.waiting.push_back(std::move(callback));
        if (!inserted) return false;
        if (m_entries.size() > m_max_entries) drop_settled();
        return true;
    }

    // Stores the result of `key` and calls its waiting callbacks with it, in the order they
    // asked. A key nobody joined is ignored.
    void settle(const Key& key, Result result) {
        auto it = m_entries.find(key);
        if (it == m_entries.end()) return;
        const auto stored = std::make_shared<const Result>(std::move(result));
        std::vector<Callback> waiting = std::exchange(it->second.waiting, {});
        it->second.result = stored;
        // Callbacks may ask new questions (growing the map or dropping settled entries, this
        // one included): only the local copies are used from here on.
        for (Callback& callback : waiting) callback(*stored);
    }

    // Keys known, settled or in flight.
    std::size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        std::shared_ptr<const Result> result;  // null while in flight
        std::vector<Callback> waiting;
    };

    void drop_settled() {
        std::erase_if(m_entries, [](const auto& item) { return item.second.result != nullptr; });
    }

    Defer m_defer;
    std::size_t m_max_entries;
    std::map<Key, Entry, std::less<>> m_entries;
};

}  // namespace mtasts::base
