#pragma once
// The domains of every input, each once: a domain read again (a resumed or sharded scan checks
// some twice) keeps its last line, in the order of the inputs and of their lines, and the
// dropped line is counted as a duplicate. Pure: the caller reads the files and hands in lines.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mtasts/rfc/public_suffix.hpp"
#include "mtasts/summarize/aggregate.hpp"
#include "mtasts/summarize/domain_line.hpp"

namespace mtasts::summarize {

class Collector {
public:
    // Starts the next input, named `path` in the summary.
    void begin_input(std::string path);

    // Reads one line of the current input: blank lines are skipped; the reason when the line
    // is no domain report (then counted as invalid).
    std::optional<std::string> add_line(std::string_view line);

    // Counts a line of the current input that could not even be read (too long) as invalid.
    void add_invalid_line();

    // Records why the current input could not be read to its end.
    void fail_input(std::string why);

    // The inputs so far, with what each gave.
    const std::vector<InputStats>& inputs() const { return m_inputs; }

    // Whether any line was invalid or any input unreadable.
    bool any_problem() const;

    // The summary of every domain read, with the inputs and duplicates.
    Summary summarize(const rfc::PublicSuffixList& suffixes) const;

private:
    std::vector<InputStats> m_inputs;
    std::vector<DomainLine> m_domains;                     // in the order first read
    std::unordered_map<std::string, std::size_t> m_index;  // domain -> its place in m_domains
    std::uint64_t m_duplicates = 0;
};

}  // namespace mtasts::summarize
