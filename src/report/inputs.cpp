// Input discovery and dispatch by content: gzip, JSON, single message or mbox.
#include "mtasts/report/inputs.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "mtasts/report/gzip.hpp"
#include "mtasts/rfc/tlsrpt_report.hpp"

namespace mtasts::report {
namespace {

namespace fs = std::filesystem;

std::string base_name(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// An RFC 5322 header line: a field name of printable ASCII without ':' or space, then ':'.
bool starts_with_header(std::string_view head) {
    const auto colon = head.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 76) return false;
    return std::all_of(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(colon),
                       [](char c) { return c > 32 && c < 127; });
}

// Turns one payload (gzip or JSON) into a report text.
void payload(std::string_view bytes, FoundReport base, const ReportVisitor& visit, InputOutcome& outcome) {
    if (is_gzip(bytes)) {
        auto text = gunzip(bytes, rfc::k_max_report_bytes);
        if (!text) {
            outcome.error = (base.origin.empty() ? "" : base.origin + ": ") + text.error();
            return;
        }
        base.json = std::move(*text);
    } else {
        base.json.assign(bytes);
    }
    visit(std::move(base));
}

void message(MailExtract&& mail, const std::string& where, bool in_mailbox, const ReportVisitor& visit,
             InputOutcome& outcome) {
    const std::string prefix = where.empty() ? "" : where + ": ";
    if (mail.error) {
        outcome.error = prefix + *mail.error;
        return;
    }
    if (mail.attachments.empty()) {
        // A mailbox (mbox, or a message file in a folder such as a Maildir) holds other mail
        // too; a message the user named on its own must be a report.
        if (in_mailbox) {
            outcome.warnings.push_back(prefix + "no TLS-RPT report attached (skipped)");
        } else {
            outcome.error = "e-mail without a TLS-RPT report attachment";
        }
        return;
    }
    for (auto& attachment : mail.attachments) {
        FoundReport found;
        found.origin =
            prefix + "attachment " + (attachment.file_name.empty() ? attachment.content_type : attachment.file_name);
        found.file_name = attachment.file_name;
        found.mail = mail.info;
        payload(attachment.bytes, std::move(found), visit, outcome);
    }
}

// Whether `path` (canonical) lies inside the folder `root` (canonical) the user named.
bool inside(const fs::path& root, const fs::path& path) {
    const auto [root_end, unused] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return root_end == root.end();
}

// Collects the files of one folder and its subfolders. A subfolder that cannot be read is a
// problem (a report there would be lost silently otherwise); links are followed only to files
// inside the named folder, so a link planted in a mail folder cannot make the run read
// /etc/shadow or a device; hidden entries and Maildir tmp/ (mail still being delivered) are skipped.
void walk_folder(const fs::path& root, const fs::path& folder, std::vector<std::string>& files,
                 std::vector<WalkProblem>& problems) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
        problems.push_back({folder.string(), "cannot read folder: " + ec.message()});
        return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            problems.push_back({folder.string(), "cannot read folder: " + ec.message()});
            return;
        }
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        if (name.starts_with(".")) continue;
        const auto link = it->symlink_status(ec);
        if (!ec && fs::is_symlink(link)) {
            const fs::path target = fs::canonical(path, ec);
            if (!ec && inside(root, target) && fs::is_regular_file(target, ec)) files.push_back(path.string());
            continue;
        }
        if (!ec && fs::is_directory(link)) {
            if (name == "tmp" && fs::exists(folder / "cur", ec)) continue;
            walk_folder(root, path, files, problems);
        } else if (!ec && fs::is_regular_file(link)) {
            files.push_back(path.string());
        }
    }
}

}  // namespace

InputKind sniff(std::string_view head) {
    if (is_gzip(head)) return InputKind::gzip;
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return InputKind::unknown;
    if (head[first] == '{' || head[first] == '[') return InputKind::json;
    if (head.starts_with("From ")) return InputKind::mbox;
    if (starts_with_header(head)) return InputKind::mail;
    return InputKind::unknown;
}

InputOutcome read_input_bytes(std::string_view bytes, std::string_view name, const ReportVisitor& visit,
                              bool in_folder) {
    InputOutcome outcome;
    switch (sniff(bytes.substr(0, 4096))) {
        case InputKind::gzip:
        case InputKind::json: {
            FoundReport found;
            found.file_name = base_name(name);
            payload(bytes, std::move(found), visit, outcome);
            break;
        }
        case InputKind::mail: message(extract_from_message(bytes), "", in_folder, visit, outcome); break;
        case InputKind::mbox:
            for_each_mbox_message(bytes, [&](std::size_t index, MailExtract&& mail) {
                message(std::move(mail), "message " + std::to_string(index), true, visit, outcome);
            });
            break;
        case InputKind::unknown:
            outcome.unknown_kind = true;
            outcome.error = "not a report: neither JSON, gzip nor an e-mail message";
            break;
    }
    return outcome;
}

InputOutcome read_input_file(const std::string& path, const ReportVisitor& visit, bool in_folder) {
    InputOutcome outcome;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        outcome.error = std::string("cannot open: ") + std::strerror(errno);
        return outcome;
    }
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (sniff(head) == InputKind::mbox) {
        // An mbox may be large: GMime reads it as a stream, one message at a time.
        in.close();
        auto error = for_each_mbox_file_message(path, [&](std::size_t index, MailExtract&& mail) {
            message(std::move(mail), "message " + std::to_string(index), true, visit, outcome);
        });
        if (error) outcome.error = *error;
        return outcome;
    }
    std::string bytes = std::move(head);
    std::string chunk(64 * 1024, '\0');
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > k_max_compressed_bytes) {
            outcome.error = "larger than " + std::to_string(k_max_compressed_bytes) + " bytes (refused)";
            return outcome;
        }
    }
    if (in.bad()) {
        outcome.error = "read error";
        return outcome;
    }
    return read_input_bytes(bytes, path, visit, in_folder);
}

std::vector<WalkProblem> walk_inputs(const std::vector<std::string>& inputs,
                                     const std::function<void(const std::string&, bool)>& visit) {
    std::vector<WalkProblem> problems;
    for (const auto& input : inputs) {
        if (input == "-") {
            visit(input, true);
            continue;
        }
        std::error_code ec;
        const auto status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            problems.push_back({input, ec && ec != std::errc::no_such_file_or_directory
                                           ? "cannot read it: " + ec.message()
                                           : "no such file or folder"});
            continue;
        }
        if (!fs::is_directory(status)) {
            visit(input, true);
            continue;
        }
        const fs::path root = fs::canonical(input, ec);
        if (ec) {
            problems.push_back({input, "cannot read folder: " + ec.message()});
            continue;
        }
        std::vector<std::string> files;
        walk_folder(root, fs::path(input), files, problems);
        // Name order makes the output the same on every file system.
        std::sort(files.begin(), files.end());
        for (const auto& file : files) visit(file, false);
    }
    return problems;
}

}  // namespace mtasts::report
