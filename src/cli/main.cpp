// mta-sts-check: command-line wiring only. Parses options into the option structs of
// src/check and src/report, runs the command, and maps tool failures to exit status 2.
#include <iostream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "app.hpp"
#include "mtasts/model/verdict.hpp"
#include "mtasts/render/printable.hpp"

int main(int argc, char** argv) {
    try {
        return mtasts::cli::run(argc, argv);
    } catch (const mtasts::cli::UsageError& error) {
        // Messages echo what the user or a domain list gave: escaped like every untrusted text.
        std::cerr << "mta-sts-check: " << mtasts::render::printable_lines(error.what()) << "\n";
        return mtasts::model::k_exit_usage;
    } catch (const std::bad_alloc&) {
        std::cerr << "mta-sts-check: out of memory\n";
        return mtasts::model::k_exit_usage;
    } catch (const std::exception& error) {
        // A bug: say so plainly instead of crashing with a core dump.
        std::cerr << "mta-sts-check: internal error: " << mtasts::render::printable_lines(error.what()) << "\n";
        return mtasts::model::k_exit_usage;
    }
}
