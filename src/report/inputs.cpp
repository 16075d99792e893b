// Input discovery and dispatch by content: gzip, JSON, single message or mbox.
#include "mtasts/report/inputs.hpp"

#include <algorithm>
#include <cctype>
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

void message(MailExtract&& mail, const std::string& where, bool in_mbox, const ReportVisitor& visit,
             InputOutcome& outcome) {
    const std::string prefix = where.empty() ? "" : where + ": ";
    if (mail.error) {
        outcome.error = prefix + *mail.error;
        return;
    }
    if (mail.attachments.empty()) {
        // A mailbox holds other mail too; a message given on its own must be a report.
        if (in_mbox) {
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

InputOutcome read_input_bytes(std::string_view bytes, std::string_view name, const ReportVisitor& visit) {
    InputOutcome outcome;
    switch (sniff(bytes.substr(0, 4096))) {
        case InputKind::gzip:
        case InputKind::json: {
            FoundReport found;
            found.file_name = base_name(name);
            payload(bytes, std::move(found), visit, outcome);
            break;
        }
        case InputKind::mail: message(extract_from_message(bytes), "", false, visit, outcome); break;
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

InputOutcome read_input_file(const std::string& path, const ReportVisitor& visit) {
    InputOutcome outcome;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        outcome.error = "cannot open";
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
    return read_input_bytes(bytes, path, visit);
}

std::vector<std::string> walk_inputs(const std::vector<std::string>& inputs,
                                     const std::function<void(const std::string&, bool)>& visit) {
    std::vector<std::string> missing;
    for (const auto& input : inputs) {
        if (input == "-") {
            visit(input, true);
            continue;
        }
        std::error_code ec;
        const auto status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            missing.push_back(input);
            continue;
        }
        if (!fs::is_directory(status)) {
            visit(input, true);
            continue;
        }
        std::vector<std::string> files;
        fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
        if (ec) {
            missing.push_back(input);
            continue;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            const auto name = it->path().filename().string();
            const bool is_dir = it->is_directory(ec);
            // Maildir: tmp/ holds messages still being delivered; cur/ and new/ are complete.
            const bool maildir_tmp = is_dir && name == "tmp" && fs::exists(it->path().parent_path() / "cur");
            if (name.starts_with(".") || maildir_tmp) {
                if (is_dir) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) files.push_back(it->path().string());
        }
        // Name order makes the output the same on every file system.
        std::sort(files.begin(), files.end());
        for (const auto& file : files) visit(file, false);
    }
    return missing;
}

}  // namespace mtasts::report
