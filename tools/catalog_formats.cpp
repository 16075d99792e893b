// Each file's syntax for the finding lists; see catalog_formats.hpp.
#include "catalog_formats.hpp"

#include <array>
#include <cctype>
#include <optional>

namespace mtasts::tools {
namespace {

using model::CatalogEntry;
using model::Topic;

constexpr std::string_view k_section_sign = "\xC2\xA7";  // "§"

// `text` with every occurrence of `from` replaced by `to`.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, start)) {
        out.append(text.substr(start, at - start)).append(to);
        start = at + from.size();
    }
    out.append(text.substr(start));
    return out;
}

// What the man page and docs say about when it fires: the title, then the details if any.
std::string meaning(const CatalogEntry& entry) {
    std::string text(entry.title);
    if (!entry.details.empty()) text.append("; ").append(entry.details);
    return text;
}

bool is_option_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

// Text for a roff line: option dashes (-4, --no-smtp) as \-, the section sign as \(sc, a
// backslash as \e, and a leading dot or quote made literal.
std::string roff(std::string_view text) {
    std::string out;
    bool in_option = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '"';
        if (c == '-' && word_start && i + 1 < text.size() && is_option_char(text[i + 1])) in_option = true;
        if (!is_option_char(c)) in_option = false;
        if (c == '-' && in_option)
            out += "\\-";
        else if (c == '\\')
            out += "\\e";
        else if (text.substr(i, k_section_sign.size()) == k_section_sign) {
            out += "\\(sc";
            i += k_section_sign.size() - 1;
        } else {
            out += c;
        }
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
    return out;
}

// A table cell of docs/findings.md: "—" when empty; '|', '*' and '<' escaped so that GitHub
// shows them as written.
std::string cell(std::string_view text) {
    if (text.empty()) return "—";
    std::string out;
    for (const char c : text) {
        if (c == '|' || c == '*' || c == '<') out += '\\';
        out += c;
    }
    return out;
}

// The title for a shell's menu: ASCII only.
std::string ascii_title(const CatalogEntry& entry) {
    return replace_all(entry.title, k_section_sign, "section ");
}

// ".TP", the id in bold with its default severity, and what it means as one sentence.
std::string man_entry(const CatalogEntry& entry) {
    std::string sentence = meaning(entry);
    if (!sentence.empty()) sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
    if (!sentence.ends_with('.')) sentence += '.';
    return ".TP\n\\fB" + replace_all(entry.id, "-", "\\-") + "\\fR (" + std::string(model::to_string(entry.severity)) +
           ")\n" + roff(sentence) + "\n";
}

// "| `id` | severity | meaning | RFC | result type | how to fix |".
std::string markdown_row(const CatalogEntry& entry) {
    const std::string type = entry.tlsrpt_result_type.empty() ? "—" : "`" + std::string(entry.tlsrpt_result_type) + "`";
    return "| `" + std::string(entry.id) + "` | " + std::string(model::to_string(entry.severity)) + " | " +
           cell(meaning(entry)) + " | " + cell(entry.rfc) + " | " + type + " | " + cell(entry.hint) + " |\n";
}

// The lines `line` writes for each catalog entry of `topic`, or of every topic.
template <typename Line>
std::string lines_for(Line line, std::optional<Topic> topic = std::nullopt) {
    std::string out;
    for (const CatalogEntry& entry : model::catalog()) {
        if (!topic || entry.topic == *topic) out += line(entry);
    }
    return out;
}

constexpr std::array k_topics = {Topic::dns_lookups, Topic::this_host,     Topic::sts_record,  Topic::policy_fetch,
                                 Topic::policy_file, Topic::history,       Topic::mx_hosts,    Topic::dane,
                                 Topic::delivery,    Topic::tlsrpt_record, Topic::real_senders};

}  // namespace

std::string_view topic_name(Topic topic) {
    switch (topic) {
        case Topic::dns_lookups: return "dns-lookups";
        case Topic::this_host: return "this-host";
        case Topic::sts_record: return "sts-record";
        case Topic::policy_fetch: return "policy-fetch";
        case Topic::policy_file: return "policy-file";
        case Topic::history: return "history";
        case Topic::mx_hosts: return "mx-hosts";
        case Topic::dane: return "dane";
        case Topic::delivery: return "delivery";
        case Topic::tlsrpt_record: return "tlsrpt-record";
        case Topic::real_senders: return "real-senders";
    }
    return "unknown";
}

std::span<const Topic> all_topics() {
    return k_topics;
}

std::string man_entries(Topic topic) {
    return lines_for(man_entry, topic);
}

std::string markdown_table(Topic topic) {
    return "\n| id | severity | meaning | RFC | result type | how to fix |\n|---|---|---|---|---|---|\n" +
           lines_for(markdown_row, topic) + "\n";
}

std::string bash_ids() {
    return lines_for([](const CatalogEntry& entry) { return "    " + std::string(entry.id) + "\n"; });
}

std::string zsh_ids() {
    return lines_for([](const CatalogEntry& entry) {
        // _describe splits at the first unescaped ':'; the item is one single-quoted word.
        const std::string description = "(" + std::string(model::to_string(entry.severity)) + ") " + ascii_title(entry);
        const std::string item = std::string(entry.id) + ":" + replace_all(description, ":", "\\:");
        return "    '" + replace_all(item, "'", "'\\''") + "'\n";
    });
}

std::string fish_ids() {
    return lines_for([](const CatalogEntry& entry) {
        // "id\t'description'": fish splits the candidate at the tab; \' inside single quotes.
        const std::string description = std::string(model::to_string(entry.severity)) + ": " + ascii_title(entry);
        return "    " + std::string(entry.id) + "\\t'" + replace_all(description, "'", "\\'") + "' \\\n";
    });
}

}  // namespace mtasts::tools
