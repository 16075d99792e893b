#pragma once
// The human report of a domain: a header line with the verdict, sections for the MTA-STS
// record, the policy, the MX hosts (with a table) and TLS-RPT, each followed by its findings
// with fix hints, then a closing line with the counts. Lines wrap at 100 columns; data is never
// truncated; bytes from the wire are shown escaped (\xNN) when they are not printable UTF-8,
// so a hostile server cannot inject terminal escapes. Colour only adds emphasis: every fact is
// also spelled out in text (✓/✗/— marks, severity words).
#include <cstddef>
#include <ostream>

#include "mtasts/model/report.hpp"
#include "mtasts/model/session_counts.hpp"
#include "mtasts/model/verdict.hpp"

namespace mtasts::render {

struct TextStyle {
    bool color = false;    // ANSI colour and emphasis
    bool quiet = false;    // header line and error/warning/inconclusive findings only
    bool verbose = false;  // every info finding in full, certificate details, the policy body
};

// How many domains of a batch run ended with each verdict.
struct RunTally : model::VerdictTally {
    model::SessionCounts sessions;  // set once the run is over
};

// The human report of one domain.
void render_text(std::ostream& out, const model::DomainReport& report, const TextStyle& style);

// One line per domain for batch runs: the verdict, the domain and what matters most.
void render_verdict_line(std::ostream& out, const model::DomainReport& report, const TextStyle& style);

// The closing tally line of a batch run, e.g. "3 domains: 1 pass, 1 warn, 1 fail", and a line
// on the SMTP sessions when any was made.
void render_tally(std::ostream& out, const RunTally& tally, const TextStyle& style);

}  // namespace mtasts::render
