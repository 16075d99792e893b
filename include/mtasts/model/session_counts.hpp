#pragma once
// What a run's SMTP sessions cost the mail servers (--per-host-sessions, --max-rate): counted by
// the prober (src/net/smtp_probe.cpp), returned by the live run and printed in its summary.
#include <cstddef>

namespace mtasts::model {

struct SessionCounts {
    std::size_t made = 0;    // SMTP connections opened
    std::size_t reused = 0;  // probes answered by an earlier session of the run (an MX shared by many domains)
    std::size_t waited = 0;  // sessions that waited for --per-host-sessions or --max-rate
};

}  // namespace mtasts::model
