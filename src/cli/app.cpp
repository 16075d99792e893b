#include "app.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "inputs.hpp"
#include "mtasts/check/run.hpp"
#include "mtasts/model/catalog.hpp"
#include "mtasts/net/versions.hpp"
#include "mtasts/render/printable.hpp"
#include "mtasts/report/options.hpp"
#include "mtasts/version.hpp"

namespace mtasts::cli {
namespace {

constexpr const char* k_exit_status_epilog =
    "EXIT STATUS:\n"
    "  0  no finding at or above the --fail-on level\n"
    "  1  at least one finding at or above the --fail-on level (misconfigured)\n"
    "  2  usage error or unreadable input\n"
    "  3  no failure found, but a domain is incomplete (a lookup or probe could not decide)\n"
    "\n"
    "Run 'man mta-sts-check' for every finding id and the JSON format.";

// NaN passes every range check (each comparison is false) and infinity overflows the timers:
// every floating-point option is checked for a finite value before its range.
const CLI::Validator finite_number(
    [](std::string& text) {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && !std::isfinite(value)) return "not a finite number: " + text;
        return std::string();
    },
    "");

std::string version_text() {
    return std::string(k_tool_name) + " " + k_version + "\n" + net::library_versions();
}

// Raw strings of the options every finding-printing command shares, converted after parsing.
struct OutputFlags {
    std::string format = "text";
    std::string color = "auto";
    std::string fail_on = "error";
    bool strict = false;
    std::vector<std::string> ignore;
    bool quiet = false;
    bool verbose = false;
};

void add_output_options(CLI::App& app, OutputFlags& flags, std::vector<std::string> formats) {
    app.add_option("--format", flags.format, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
    app.add_option("--color", flags.color, "Colour: auto (TTY and no NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    auto* fail_on = app.add_option("--fail-on", flags.fail_on, "Exit 1 on findings at or above this level")
                        ->check(CLI::IsMember({"error", "warning", "never"}))
                        ->capture_default_str();
    app.add_flag("--strict", flags.strict, "Same as --fail-on warning")->excludes(fail_on);
    app.add_option("--ignore", flags.ignore, "Leave finding ID out of the verdict (repeatable; still listed)")
        ->type_name("ID")
        ->allow_extra_args(false)
        ->check([](const std::string& id) {
            return model::find_entry(id) != nullptr ? std::string() : "unknown finding id '" + id + "' (see man mta-sts-check)";
        });
    auto* quiet = app.add_flag("-q,--quiet", flags.quiet, "Print only problems and the verdict");
    app.add_flag("-v,--verbose", flags.verbose, "Also print informational findings and raw facts")->excludes(quiet);
}

check::OutputOptions to_output_options(const OutputFlags& flags) {
    check::OutputOptions output;
    output.format = *render::format_from_string(flags.format);
    output.color = *render::color_mode_from_string(flags.color);
    output.fail_on = flags.strict ? model::FailOn::warning : *model::fail_on_from_string(flags.fail_on);
    output.ignored_ids.insert(flags.ignore.begin(), flags.ignore.end());
    output.quiet = flags.quiet;
    output.verbose = flags.verbose;
    return output;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"Check a mail domain's MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) setup: would a sender\n"
                 "that honours the policy deliver to each MX host, and if not, what to fix.",
                 "mta-sts-check"};
    app.footer(k_exit_status_epilog);
    app.set_version_flag("--version", version_text, "Print the version and the linked library versions");
    app.require_subcommand(0, 1);

    // --- the live check (the main job) ---
    OutputFlags check_flags;
    std::vector<std::string> domain_args;
    std::string input_file;
    double timeout_seconds = 10.0;
    std::vector<std::string> resolver_args;
    std::string ca_file;
    bool only_v4 = false;
    bool only_v6 = false;
    bool no_smtp = false;
    bool single_probe = false;
    unsigned jobs = 16;
    unsigned smtp_port = 25;
    unsigned https_port = 443;
    std::string state_file;
    bool skip_invalid = false;

    app.add_option("domains", domain_args, "Mail domains to check")->type_name("DOMAIN");
    app.add_option("-i,--input", input_file, "Read domains from FILE, one per line ('-' = stdin, '#' comments)")
        ->type_name("FILE");
    app.add_flag("--skip-invalid", skip_invalid, "Skip malformed domains (named on stderr) instead of stopping");
    add_output_options(app, check_flags, {"text", "json", "jsonl", "junit", "github", "sarif", "openmetrics"});
    auto* timeout_option = app.add_option("--timeout", timeout_seconds, "Timeout of each network operation, in seconds")
        ->check(finite_number)
        ->check(CLI::Range(0.1, 600.0))
        ->capture_default_str();
    app.add_option("--resolver", resolver_args, "DNS resolver to ask (repeatable; default: system resolver)")
        ->type_name("IP[:PORT]")
        ->allow_extra_args(false);
    app.add_option("--ca-file", ca_file, "Extra trust anchors (PEM) besides the system store")
        ->type_name("PATH")
        ->check(CLI::ExistingFile);
    auto* v4 = app.add_flag("-4", only_v4, "Use IPv4 addresses only");
    app.add_flag("-6", only_v6, "Use IPv6 addresses only")->excludes(v4);
    app.add_flag("--no-smtp", no_smtp, "Skip the port-25 probes (for networks that block them)");
    app.add_flag("--single-probe", single_probe,
                 "One SMTP session per MX address: skip the SNI-less and legacy-TLS probes");
    auto* state_option = app.add_option("--state", state_file,
                   "Remember fetched policies in FILE (JSON, created if missing) to see what cached senders do")
        ->type_name("FILE");
    app.add_option("--jobs", jobs, "Domains checked at once")->check(CLI::Range(1u, 10000u))->capture_default_str();
    app.add_option("--smtp-port", smtp_port, "Advanced: SMTP port to probe (tests)")
        ->check(CLI::Range(1u, 65535u))
        ->capture_default_str()
        ->group("Advanced");
    app.add_option("--https-port", https_port, "Advanced: HTTPS port of the policy host (tests)")
        ->check(CLI::Range(1u, 65535u))
        ->capture_default_str()
        ->group("Advanced");

    // --- lint: the same checks offline ---
    CLI::App* lint = app.add_subcommand("lint", "Check records, a policy file and MX names offline, before publishing");
    lint->footer(k_exit_status_epilog);
    OutputFlags lint_flags;
    check::LintOptions lint_options;
    std::string lint_domain;
    lint->add_option("--policy", lint_options.policy_path, "Policy file to check ('-' = stdin)")->type_name("FILE");
    lint->add_option("--sts-record", lint_options.sts_records, "A TXT record at _mta-sts (repeat for the whole RRset)")
        ->type_name("TXT")
        ->allow_extra_args(false);
    lint->add_option("--tlsrpt-record", lint_options.tlsrpt_records,
                     "A TXT record at _smtp._tls (repeat for the whole RRset)")
        ->type_name("TXT")
        ->allow_extra_args(false);
    lint->add_option("--mx", lint_options.mx_hosts, "An MX host name, to check policy coverage both ways (repeatable)")
        ->type_name("HOST")
        ->allow_extra_args(false);
    lint->add_option("--domain", lint_domain, "The policy domain (names records and checks mx patterns against it)")
        ->type_name("DOMAIN");
    add_output_options(*lint, lint_flags, {"text", "json", "junit", "github", "sarif", "openmetrics"});

    // --- report: TLS-RPT aggregate reports ---
    CLI::App* report = app.add_subcommand("report", "Summarize TLS-RPT aggregate reports (JSON, gzip, e-mail, mbox, Maildir)");
    report->footer(
        "EXIT STATUS:\n  0  every input was read\n  2  an input was unreadable or not a report (unless --skip-invalid)");
    report::ReportOptions report_options;
    std::string report_format = "text";
    std::string report_color = "auto";
    report->add_option("files", report_options.inputs, "Report files, .eml, mbox files or Maildir folders ('-' = stdin)")
        ->type_name("FILE")
        ->required();
    report->add_option("--format", report_format, "Output format")
        ->check(CLI::IsMember({"text", "json", "html"}))
        ->capture_default_str();
    report->add_option("--color", report_color, "Colour: auto, always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    report->add_option("-o,--output", report_options.output_path, "Write the summary to FILE instead of stdout")
        ->type_name("FILE");
    report->add_option("--domain", report_options.domain, "Only reports about this policy domain")->type_name("DOMAIN");
    report->add_option("--since", report_options.since, "Only reports whose period ends on or after DATE")
        ->type_name("DATE");
    report->add_option("--until", report_options.until, "Only reports whose period starts before DATE")
        ->type_name("DATE");
    report->add_flag("--skip-invalid", report_options.skip_invalid, "Skip unreadable inputs without failing the run");
    report->add_flag("-q,--quiet", report_options.quiet, "No progress and no per-file warnings");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // Help and version exit 0 through here; every real parse error is a usage error (2).
        // CLI11's messages quote the offending value: escaped before they reach the terminal.
        std::ostringstream errors;
        const int code = app.exit(error, std::cout, errors);
        std::cerr << render::printable_lines(errors.str());
        return code == 0 ? 0 : model::k_exit_usage;
    }

    if (state_option->count() > 0 && (lint->parsed() || report->parsed()))
        throw UsageError("--state applies to the live check only, not to lint or report");
    if (lint->parsed()) {
        lint_options.output = to_output_options(lint_flags);
        if (!lint_domain.empty()) lint_options.domain = normalize_domain_or_throw(lint_domain);
        if (!lint_options.policy_path && lint_options.sts_records.empty() && lint_options.tlsrpt_records.empty() &&
            lint_options.mx_hosts.empty()) {
            throw UsageError("lint needs something to check: --policy, --sts-record, --tlsrpt-record or --mx");
        }
        return check::run_lint(lint_options);
    }
    if (report->parsed()) {
        report_options.format = *render::format_from_string(report_format);
        report_options.color = *render::color_mode_from_string(report_color);
        return report::run_report(report_options);
    }

    check::CheckOptions options;
    options.output = to_output_options(check_flags);
    std::vector<ListedDomain> listed;
    for (auto& domain : domain_args) listed.push_back({std::move(domain), ""});
    if (!input_file.empty()) {
        std::vector<ListedDomain> from_file = read_domain_list(input_file);
        std::move(from_file.begin(), from_file.end(), std::back_inserter(listed));
    }
    if (listed.empty()) throw UsageError("no domain given (try 'mta-sts-check example.com' or --help)");
    options.domains = normalize_domains(listed, skip_invalid, std::cerr);
    options.timeout = std::chrono::milliseconds(std::lround(timeout_seconds * 1000.0));
    // Postscreen delays greetings by design, so the greeting gets 30 s unless a timeout is asked for.
    if (timeout_option->count() > 0) options.greeting_timeout = options.timeout;
    for (const auto& resolver : resolver_args) options.resolvers.push_back(parse_resolver(resolver));
    if (!ca_file.empty()) options.ca_file = ca_file;
    options.family = only_v4   ? check::AddressFamily::ipv4_only
                     : only_v6 ? check::AddressFamily::ipv6_only
                               : check::AddressFamily::any;
    options.smtp = !no_smtp;
    options.extra_sessions = !single_probe;
    options.jobs = jobs;
    options.smtp_port = smtp_port;
    options.https_port = https_port;
    if (state_option->count() > 0) {
        if (state_file.empty()) throw UsageError("--state needs a file name");
        options.state_file = state_file;
    }
    return check::run_check(options);
}

}  // namespace mtasts::cli
