#pragma once
// The reading half of `report`: every input through inputs, the parser and the aggregator, with
// each file's errors and warnings recorded in the summary's file list.
#include <string>

#include "mtasts/report/aggregate.hpp"

namespace mtasts::report {

class Collector {
public:
    explicit Collector(Filter filter) : m_aggregator(std::move(filter)) {}

    // Reads one input file ("-" = stdin). `named`: the user named it (a non-report file in a
    // walked folder is skipped with a note instead of an error). Returns its file entry.
    const FileEntry& add_input(const std::string& path, bool named);

    // Records an input or folder that does not exist or cannot be read, and why.
    const FileEntry& add_missing(const std::string& path, const std::string& reason = "no such file or folder");

    const Summary& summary() const { return m_aggregator.summary(); }

    // Whether any input was unreadable or not a report.
    bool any_error() const { return m_any_error; }

private:
    Aggregator m_aggregator;
    bool m_any_error = false;
};

}  // namespace mtasts::report
