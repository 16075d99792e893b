// A SAX reader that builds only the members a TLS-RPT report uses. nlohmann's callback parser
// looks through the whole parent array each time a value ends, which is quadratic in the number
// of elements (20 MB of "{}," took minutes); its SAX parser is iterative and linear.
#include "report_json.hpp"

#include <cstddef>
#include <set>
#include <vector>

namespace mtasts::rfc::detail {
namespace {

using nlohmann::json;

// Every member name RFC 8460 §4 (and erratum 6241) gives a report, at any level.
bool known_member(std::string_view name) {
    static const std::set<std::string, std::less<>> k_names = {
        "organization-name", "date-range", "start-datetime", "end-datetime", "contact-info", "report-id",
        "policies", "policy", "policy-type", "policy-string", "policy-domain", "mx-host", "summary",
        "total-successful-session-count", "total-failure-session-count", "failure-details", "result-type",
        "sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo", "receiving-ip", "failed-session-count",
        "additional-information", "failure-reason-code"};
    return k_names.contains(name);
}

// nlohmann's SAX interface: values go into the open container, unknown members' values are
// skipped (their depth still counted, so the nesting cap holds inside them too).
class PrunedDom {
public:
    explicit PrunedDom(int max_depth) : m_max_depth(max_depth) {}

    json root;
    std::string error;
    std::optional<std::string> overflow_token;  // the number text of a 406 overflow
    std::size_t overflow_at = 0;                // and the byte offset where the lexer stopped

    bool null() { return value(json()); }
    bool boolean(bool v) { return value(json(v)); }
    bool number_integer(json::number_integer_t v) { return value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
    bool number_float(json::number_float_t v, const std::string& /*text*/) { return value(json(v)); }
    bool string(std::string& v) { return value(json(std::move(v))); }
    bool binary(json::binary_t& /*v*/) { return value(json()); }
    bool start_object(std::size_t /*size*/) {
        if (!open(json::object())) return false;
        if (m_skip_from == 0) m_keys.emplace_back();
        return true;
    }
    bool end_object() {
        if (m_skip_from == 0) m_keys.pop_back();
        close();
        return true;
    }
    bool start_array(std::size_t /*size*/) { return open(json::array()); }
    bool end_array() {
        close();
        return true;
    }
    bool key(std::string& name) {
        if (m_skip_from != 0) return true;
        if (!m_keys.back().insert(name).second) {
            error = "member \"" + name + "\" appears twice in one object (I-JSON, RFC 7493 §2.3)";
            return false;
        }
        m_key = std::move(name);
        return true;
    }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& ex) {
        if (ex.id == 406) {
            overflow_token = token;
            overflow_at = position;
        }
        if (error.empty()) error = "not valid JSON";
        return false;
    }

private:
    // Where the next value goes: nullptr when it is skipped.
    json* slot() {
        if (m_skip_from != 0) return nullptr;
        if (m_stack.empty()) return &root;
        json& top = *m_stack.back();
        if (top.is_array()) {
            top.push_back(json());
            return &top.back();
        }
        json& member = top[m_key];
        return known_member(m_key) ? &member : nullptr;
    }

    bool value(json&& v) {
        if (json* target = slot()) *target = std::move(v);
        return true;
    }

    bool open(json&& empty) {
        if (++m_depth > m_max_depth) {
            error = "JSON nested deeper than " + std::to_string(m_max_depth) + " levels";
            return false;
        }
        if (m_skip_from != 0) return true;
        json* target = slot();
        if (target == nullptr) {
            m_skip_from = m_depth;
            return true;
        }
        *target = std::move(empty);
        m_stack.push_back(target);
        return true;
    }

    void close() {
        if (m_skip_from == 0) m_stack.pop_back();
        else if (m_skip_from == m_depth) m_skip_from = 0;
        --m_depth;
    }

    int m_max_depth;
    int m_depth = 0;
    int m_skip_from = 0;  // depth of the skipped container being read, 0 when none
    std::vector<json*> m_stack;
    std::vector<std::set<std::string>> m_keys;
    std::string m_key;
};

// Overflowing numbers tolerated per report before it is refused: each costs one more pass.
constexpr int k_max_overflows = 8;

}  // namespace

ReportJson read_report_json(std::string_view text, int max_depth) {
    std::string patched;
    for (int attempt = 0; attempt <= k_max_overflows; ++attempt) {
        PrunedDom dom(max_depth);
        const bool ok = json::sax_parse(text.begin(), text.end(), &dom);
        if (ok) return {std::move(dom.root), {}};
        if (!dom.overflow_token) return {std::nullopt, dom.error};
        // nlohmann refuses a number beyond the double range outright; the whole report would be
        // lost for one count. Replaced by the largest double of its sign, it is refused as a
        // count later, and only its entry goes.
        const std::string& token = *dom.overflow_token;
        const auto at = text.rfind(token, dom.overflow_at);
        if (at == std::string_view::npos) return {std::nullopt, dom.error};
        patched = std::string(text.substr(0, at)) + (token.starts_with('-') ? "-1.0e308" : "1.0e308") +
                  std::string(text.substr(at + token.size()));
        text = patched;
    }
    return {std::nullopt, "more than " + std::to_string(k_max_overflows) + " numbers beyond the range of a double"};
}

}  // namespace mtasts::rfc::detail
