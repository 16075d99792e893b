// mta-sts-check: command-line wiring only. Parses options into the option structs of
// src/check and src/report, runs the command, and maps tool failures to exit status 2.
#include <ares.h>
#include <curl/curl.h>
#include <gmime/gmime.h>

#include <csignal>
#include <iostream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "app.hpp"
#include "mtasts/base/printable.hpp"
#include "mtasts/model/verdict.hpp"

namespace {

// Process-wide state of the C libraries, set once before anything runs (none of these calls is
// thread-safe, and the libraries expect them before their first use).
void set_up_process() {
    // A peer that resets the connection must not kill the process through SIGPIPE when OpenSSL
    // writes to a socket (it uses write(), not send(MSG_NOSIGNAL)).
    std::signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);  // also initialises OpenSSL, which libcurl and the SMTP probe share
    ares_library_init(ARES_LIB_INIT_ALL);
    g_mime_init();  // TLS-RPT reports sent by e-mail (`report`)
}

}  // namespace

int main(int argc, char** argv) {
    set_up_process();
    try {
        return mtasts::cli::run(argc, argv);
    } catch (const mtasts::cli::UsageError& error) {
        // Messages echo what the user or a domain list gave: escaped like every untrusted text.
        std::cerr << "mta-sts-check: " << mtasts::base::printable_lines(error.what()) << "\n";
        return mtasts::model::k_exit_usage;
    } catch (const std::bad_alloc&) {
        std::cerr << "mta-sts-check: out of memory\n";
        return mtasts::model::k_exit_usage;
    } catch (const std::exception& error) {
        // A bug: say so plainly instead of crashing with a core dump.
        std::cerr << "mta-sts-check: internal error: " << mtasts::base::printable_lines(error.what()) << "\n";
        return mtasts::model::k_exit_usage;
    }
}
