#pragma once
// The command-line application: option definitions and dispatch to the commands.
#include "mtasts/model/usage_error.hpp"

namespace mtasts::cli {

using model::UsageError;

// Parses argv, runs the chosen command, returns the exit status (man page, EXIT STATUS).
int run(int argc, char** argv);

}  // namespace mtasts::cli
