// Lines through one fixed buffer: LF or CR LF ends, a last line without LF, and a line over the
// cap skipped whole without its bytes being kept.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "mtasts/summarize/line_reader.hpp"

using mtasts::summarize::LineReader;

namespace {

struct Read {
    std::vector<std::string> lines;  // "<too long>" for a line over the cap
    std::uint64_t last_number = 0;
};

// Everything `reader` returns for `text` written to a temporary file.
Read read_all(const std::string& text, std::size_t max_line) {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    REQUIRE(std::fwrite(text.data(), 1, text.size(), file) == text.size());
    std::fflush(file);
    REQUIRE(::lseek(fileno(file), 0, SEEK_SET) == 0);
    LineReader reader(fileno(file), max_line);
    Read read;
    std::string line;
    for (auto status = reader.next(line); status != LineReader::Status::end; status = reader.next(line)) {
        REQUIRE(status != LineReader::Status::error);
        read.lines.push_back(status == LineReader::Status::too_long ? "<too long>" : line);
        read.last_number = reader.line_number();
    }
    std::fclose(file);
    return read;
}

}  // namespace

TEST_CASE("line reader: LF and CR LF ends, blank lines, a last line without LF") {
    const Read read = read_all("a\r\nb\n\nc", 100);
    CHECK(read.lines == std::vector<std::string>{"a", "b", "", "c"});
    CHECK(read.last_number == 4);
    CHECK(read_all("", 100).lines.empty());
    CHECK(read_all("\n", 100).lines == std::vector<std::string>{""});
}

TEST_CASE("line reader: a line over the cap is skipped whole and the next one read") {
    const Read read = read_all("12345\n123456\nok\n" + std::string(1'000'000, 'x') + "\nend", 5);
    CHECK(read.lines == std::vector<std::string>{"12345", "<too long>", "ok", "<too long>", "end"});
    CHECK(read.last_number == 5);
}

TEST_CASE("line reader: lines longer than its buffer are put together") {
    const std::string big(700'000, 'y');
    const Read read = read_all(big + "\n" + big, 1'000'000);
    REQUIRE(read.lines.size() == 2);
    CHECK(read.lines[0] == big);
    CHECK(read.lines[1] == big);
}

TEST_CASE("line reader: a read error is a status with errno") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    LineReader reader(fds[1], 10);  // reading the write end of a pipe fails with EBADF
    std::string line;
    CHECK(reader.next(line) == LineReader::Status::error);
    CHECK(reader.error_number() != 0);
    ::close(fds[1]);
}
