#pragma once
// E-mail delivery of TLS-RPT reports (RFC 8460 §5.3), through GMime: the report attachments of
// one message or of every message in an mbox, with the headers the RFC asks senders to set.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::report {

// Largest message accepted (mox uses the same 15 MB per message; RFC 8460 §7).
inline constexpr std::size_t k_max_message_bytes = 15 * 1024 * 1024;
// Deepest nesting of multiparts and attached messages followed.
inline constexpr int k_max_mime_depth = 8;

// The RFC 8460 §5.3 headers of the message that carried a report.
struct MailInfo {
    std::optional<std::string> report_domain;  // TLS-Report-Domain
    std::optional<std::string> submitter;      // TLS-Report-Submitter
    std::string subject;
};

// One MIME leaf that holds (or claims to hold) a report, transfer encoding removed.
struct Attachment {
    std::string file_name;     // Content-Disposition/Content-Type name, may be empty
    std::string content_type;  // e.g. "application/tlsrpt+gzip"
    std::string bytes;         // gzip or JSON, as sent
};

// What one message yields. `error` is set when the message could not be parsed.
struct MailExtract {
    std::vector<Attachment> attachments;
    MailInfo info;
    std::optional<std::string> error;
};

// Parses one RFC 5322 message and returns its report attachments: parts of type
// application/tlsrpt+gzip, application/tlsrpt+json (also bare application/tlsrpt), or any part
// named *.json / *.json.gz / *.gz, found in nested multiparts and attached messages.
MailExtract extract_from_message(std::string_view bytes);

// Calls `visit` for each message of an mbox held in `bytes`; `index` counts from 1.
void for_each_mbox_message(std::string_view bytes, const std::function<void(std::size_t index, MailExtract&&)>& visit);

// Same for an mbox file, read as a stream; returns an error when the file cannot be opened.
std::optional<std::string> for_each_mbox_file_message(
    const std::string& path, const std::function<void(std::size_t index, MailExtract&&)>& visit);

}  // namespace mtasts::report
