#pragma once
// -o FILE: the live check's results as JSONL (the schema of --format jsonl), one line per domain
// written with one write(2) as the domain finishes, so a run that is killed or crashes loses at
// most the line being written. With --resume the lines of an earlier run are kept and the run
// appends to them (resume.hpp). FILE is locked (flock) for the run: two runs never interleave
// their lines in one file.
#include <string>

#include "mtasts/base/unique_fd.hpp"
#include "mtasts/check/live/resume.hpp"
#include "mtasts/model/report.hpp"

namespace mtasts::check::live {

class ResultFile {
public:
    // Opens FILE (created when missing) before anything is checked: without `resume` it is
    // emptied; with it, its whole lines are read and a torn last line is cut away. Throws
    // model::UsageError naming FILE when it cannot be opened, is locked by another run, or (with
    // `resume`) is not a regular file or holds a line that is not a result line.
    ResultFile(std::string path, bool resume);

    // The domains an earlier run finished (empty without --resume), and the torn bytes cut away.
    const ResumePoint& resumed() const { return m_resumed; }

    // Appends the JSONL line of `report`; false after the first failed write (error() says why),
    // and every later call does nothing.
    bool append(const model::DomainReport& report);

    // Why writing failed ("FILE: cannot write: No space left on device"); empty when it did not.
    const std::string& error() const { return m_error; }

private:
    void open_for_resume();
    void write_line(const std::string& line);

    std::string m_path;
    base::UniqueFd m_fd;
    ResumePoint m_resumed;
    std::string m_error;
};

}  // namespace mtasts::check::live
