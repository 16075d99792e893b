// `mta-sts-check summarize`: read every JSONL input line by line, count, render.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <expected>
#include <fstream>
#include <iostream>

#include "mtasts/base/printable.hpp"
#include "mtasts/base/unique_fd.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/summarize/collect.hpp"
#include "mtasts/summarize/line_reader.hpp"
#include "mtasts/summarize/options.hpp"
#include "mtasts/summarize/render.hpp"

namespace mtasts::summarize {
namespace {

// Invalid lines named on stderr per input; the rest are counted in one line.
constexpr std::uint64_t k_max_messages = 20;

// Names problems on stderr as "mta-sts-check: summarize: FILE:LINE: why".
class Diagnostics {
public:
    explicit Diagnostics(bool skip_invalid) : m_suffix(skip_invalid ? " (skipped)" : "") {}

    void begin_input() { m_named = 0; }

    void invalid_line(const std::string& path, std::uint64_t line, const std::string& why) {
        m_any_invalid = true;
        if (++m_named > k_max_messages) return;
        std::cerr << "mta-sts-check: summarize: " << base::printable(path) << ':' << line << ": "
                  << base::printable(why) << m_suffix << '\n';
    }

    void end_input(const std::string& path, std::uint64_t invalid) {
        if (invalid > k_max_messages)
            std::cerr << "mta-sts-check: summarize: " << base::printable(path) << ": " << invalid - k_max_messages
                      << " more invalid lines" << m_suffix << '\n';
    }

    // Says once what a valid line is, after the invalid ones were named.
    void end() {
        if (m_any_invalid)
            std::cerr
                << "mta-sts-check: summarize: it reads the live check's --format jsonl output: one domain report (a "
                   "JSON object with schema_version 1) a line\n";
    }

    void unreadable(const std::string& path, const std::string& why) {
        std::cerr << "mta-sts-check: summarize: " << base::printable(path) << ": " << base::printable(why) << '\n';
    }

private:
    const char* m_suffix;
    std::uint64_t m_named = 0;
    bool m_any_invalid = false;
};

// The descriptor of `path` ("-": standard input, not owned), or why it cannot be read.
std::expected<base::UniqueFd, std::string> open_input(const std::string& path) {
    if (path == "-") return base::UniqueFd();
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return std::unexpected(std::string("cannot open: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode))
        return std::unexpected("is a folder: summarize reads JSONL files");
    return fd;
}

void read_lines(int fd, const std::string& path, Collector& collector, Diagnostics& diagnostics) {
    LineReader reader(fd, k_max_line);
    std::string line;
    while (true) {
        const LineReader::Status status = reader.next(line);
        if (status == LineReader::Status::end) return;
        if (status == LineReader::Status::error) {
            collector.fail_input(std::string("read error after line ") + std::to_string(reader.line_number()) + ": " +
                                 std::strerror(reader.error_number()));
            diagnostics.unreadable(path, *collector.inputs().back().error);
            return;
        }
        if (status == LineReader::Status::too_long) {
            collector.add_invalid_line();
            diagnostics.invalid_line(path, reader.line_number(), "line longer than 16 MiB: not a domain report");
            continue;
        }
        if (const auto why = collector.add_line(line)) diagnostics.invalid_line(path, reader.line_number(), *why);
    }
}

void read_input(const std::string& path, Collector& collector, Diagnostics& diagnostics) {
    collector.begin_input(path);
    diagnostics.begin_input();
    auto fd = open_input(path);
    if (!fd) {
        collector.fail_input(fd.error());
        diagnostics.unreadable(path, fd.error());
        return;
    }
    read_lines(path == "-" ? STDIN_FILENO : fd->get(), path, collector, diagnostics);
    diagnostics.end_input(path, collector.inputs().back().invalid);
}

void write_summary(const Summary& summary, const SummarizeOptions& options, std::ostream& out) {
    switch (options.format) {
        case render::Format::html: render_html(summary, out); break;
        case render::Format::text:
            render_text(summary, out, render::use_color(options.color, options.output_path ? -1 : STDOUT_FILENO));
            break;
        // The CLI offers text, json and html only.
        default: render_json(summary, out); break;
    }
}

}  // namespace

int run_summarize(const SummarizeOptions& options, const rfc::PublicSuffixList& suffixes) {
    Collector collector;
    Diagnostics diagnostics(options.skip_invalid);
    for (const auto& path : options.inputs) read_input(path, collector, diagnostics);
    diagnostics.end();
    std::ofstream file;
    if (options.output_path) {
        file.open(*options.output_path, std::ios::binary | std::ios::trunc);
        if (!file)
            throw model::UsageError("summarize: cannot write " + *options.output_path + ": " + std::strerror(errno));
    }
    std::ostream& out = options.output_path ? static_cast<std::ostream&>(file) : std::cout;
    write_summary(collector.summarize(suffixes), options, out);
    out.flush();
    if (!out) {
        std::cerr << "mta-sts-check: summarize: write error\n";
        return model::k_exit_usage;
    }
    const bool unreadable =
        std::ranges::any_of(collector.inputs(), [](const InputStats& in) { return in.error.has_value(); });
    return unreadable || (collector.any_problem() && !options.skip_invalid) ? model::k_exit_usage : model::k_exit_ok;
}

}  // namespace mtasts::summarize
