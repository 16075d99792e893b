#pragma once
// Finding report texts in what the user names: report files (JSON or gzip, whatever the file
// name says), e-mail messages, mbox files and folders (Maildir included), or stdin.
// Each found report is handed to a visitor at once, so memory does not grow with the inputs.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/report/mime.hpp"

namespace mtasts::report {

// Largest report file or gzip attachment read (RFC 8460 §7: untrusted input).
inline constexpr std::size_t k_max_compressed_bytes = 15 * 1024 * 1024;

enum class InputKind { gzip, json, mbox, mail, unknown };

// Decides what `head` (the first bytes of an input) is, by content alone (RFC 8460 §6.5).
InputKind sniff(std::string_view head);

// One report text found in an input.
struct FoundReport {
    std::string json;              // decompressed report text
    std::string origin;            // where inside the input, e.g. "message 3, attachment x.json.gz"
    std::string file_name;         // the report's own file name (attachment or file), may be empty
    std::optional<MailInfo> mail;  // headers of the message that carried it
};

using ReportVisitor = std::function<void(FoundReport&&)>;

// What reading one input gave besides its reports.
struct InputOutcome {
    std::vector<std::string> warnings;
    std::optional<std::string> error;  // unreadable or not a report
    bool unknown_kind = false;         // neither JSON, gzip nor mail (error is set too)
};

// Reads one input held in memory (stdin, tests). `name` is used for messages and file-name checks (docs/rfc-rules.md H13).
// `in_folder`: the input is one file of a walked folder (a Maildir), where an e-mail without a
// report is other mail, skipped with a warning as in an mbox; a named e-mail must be a report.
InputOutcome read_input_bytes(std::string_view bytes, std::string_view name, const ReportVisitor& visit,
                              bool in_folder = false);

// Reads one file from disk; an error says why it could not be opened (strerror).
InputOutcome read_input_file(const std::string& path, const ReportVisitor& visit, bool in_folder = false);

// An input, or a folder inside one, that could not be read, and why.
struct WalkProblem {
    std::string path;
    std::string reason;  // "no such file or folder", "cannot read folder: Permission denied"
};

// Expands the command-line inputs into files: files as given, folders walked recursively in
// name order (hidden entries and Maildir tmp/ skipped; links followed only to files inside the
// named folder). `visit(path, named)` gets each file; `named` is true for a file the user
// named. Returns the inputs and subfolders that do not exist or cannot be read.
std::vector<WalkProblem> walk_inputs(const std::vector<std::string>& inputs,
                                     const std::function<void(const std::string& path, bool named)>& visit);

}  // namespace mtasts::report
