#pragma once
// How `generate` reports what it made, as text for people or as one JSON object (keys in the
// man page, generate). Pure: every fact is passed in.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/generate/artefacts.hpp"
#include "mtasts/model/history.hpp"

namespace mtasts::generate {

// A change of the served policy (--from-live).
struct Change {
    std::string served_url;
    std::string served_body;
    std::optional<std::string> served_id;
    std::string diff;                                          // empty: the served policy already fits
    std::optional<std::vector<model::PolicySnapshot>> cached;  // --state: still cached; nullopt without
};

// Everything one run made.
struct Outcome {
    Plan plan;
    std::vector<std::string> mx_hosts;  // the hosts the patterns cover
    bool mx_live = false;               // the hosts came from the live MX records
    std::vector<Artefact> artefacts;
    std::vector<std::string> written;  // paths, with --out
    std::optional<Change> change;
    std::int64_t now = 0;
};

// The text report: the artefacts (or, with --out, the files written), the certificate, the next steps.
std::string render_text(const Outcome& outcome);

// The JSON object of the run.
nlohmann::json render_json(const Outcome& outcome);

// Why a changed policy needs a new id (RFC 8461 §3.1).
std::string id_reason();

}  // namespace mtasts::generate
