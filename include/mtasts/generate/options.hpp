#pragma once
// What the command line asks of `mta-sts-check generate` (filled by src/cli, read by
// src/generate/run_generate.cpp).
#include <optional>
#include <string>

#include "mtasts/check/options.hpp"
#include "mtasts/generate/propose.hpp"
#include "mtasts/render/output.hpp"

namespace mtasts::generate {

struct GenerateOptions {
    Request request;
    bool from_live = false;                        // --from-live: change the served policy
    std::optional<std::string> out_dir;            // --out: one file per artefact
    std::optional<std::string> state_file;         // --state: the live check's history, read only
    render::Format format = render::Format::text;  // --format: text or json
    check::CheckOptions lookup;                    // network settings of the MX lookup and policy fetch
};

// Runs `generate`; returns the exit status (man page, EXIT STATUS: 0 written, 2 usage error,
// 3 a live lookup or fetch failed).
int run_generate(GenerateOptions options);

}  // namespace mtasts::generate
