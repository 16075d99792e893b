#pragma once
// The command-line application: option definitions and dispatch to the commands.
#include <stdexcept>
#include <string>

namespace mtasts::cli {

// A usage error found after option parsing (unreadable input file, malformed domain, ...).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses argv, runs the chosen command, returns the exit status (CONTRACT.md).
int run(int argc, char** argv);

}  // namespace mtasts::cli
