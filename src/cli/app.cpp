#include "app.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "inputs.hpp"
#include "mtasts/base/printable.hpp"
#include "mtasts/check/live/public_suffix_file.hpp"
#include "mtasts/check/live/shard.hpp"
#include "mtasts/check/run.hpp"
#include "mtasts/generate/options.hpp"
#include "mtasts/model/catalog.hpp"
#include "mtasts/net/versions.hpp"
#include "mtasts/promote/options.hpp"
#include "mtasts/report/options.hpp"
#include "mtasts/summarize/options.hpp"
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

// The names one command accepts for an enum option, in --help order, each with its value as the
// library's own parser gives it.
template <class E>
using Choices = std::vector<std::pair<std::string, E>>;

template <class E>
Choices<E> choices(std::initializer_list<std::string_view> names, std::optional<E> (*parse)(std::string_view)) {
    Choices<E> out;
    for (const std::string_view name : names) out.emplace_back(std::string(name), *parse(name));
    return out;
}

// Binds an option with named values to its enum field. IsMember runs first, so a bad value gets
// CLI11's "VALUE not in {a,b}" and --help lists {a,b}; the CheckedTransformer then turns the name
// into the enum (silently: its own description would repeat the list with numbers).
template <class E>
CLI::Option* add_choice(CLI::App& app, const std::string& name, E& field, const Choices<E>& choices,
                        const std::string& description, const std::string& shown_default) {
    std::vector<std::string> names;
    for (const auto& choice : choices) names.push_back(choice.first);
    return app.add_option(name, field, description)
        ->type_name("TEXT")
        ->transform(CLI::CheckedTransformer(choices).description(""))
        ->transform(CLI::IsMember(names))
        ->default_str(shown_default);
}

const Choices<render::ColorMode> k_colors = choices({"auto", "always", "never"}, &render::color_mode_from_string);

// The options every finding-printing command shares, bound to its output settings.
void add_output_options(CLI::App& app, check::OutputOptions& output, std::initializer_list<std::string_view> formats) {
    add_choice(app, "--format", output.format, choices(formats, &render::format_from_string), "Output format", "text");
    add_choice(app, "--color", output.color, k_colors, "Colour: auto (TTY and no NO_COLOR), always, never", "auto");
    auto* fail_on = add_choice(app, "--fail-on", output.fail_on,
                               choices({"error", "warning", "never"}, &model::fail_on_from_string),
                               "Exit 1 on findings at or above this level", "error");
    app.add_flag_callback("--strict", [&output] { output.fail_on = model::FailOn::warning; }, "Same as --fail-on warning")
        ->excludes(fail_on);
    app.add_option("--ignore", output.ignored_ids, "Leave finding ID out of the verdict (repeatable; still listed)")
        ->type_name("ID")
        ->allow_extra_args(false)
        ->check([](const std::string& id) {
            return model::find_entry(id) != nullptr ? std::string() : "unknown finding id '" + id + "' (see man mta-sts-check)";
        });
    auto* quiet = app.add_flag("-q,--quiet", output.quiet, "Print only problems and the verdict");
    app.add_flag("-v,--verbose", output.verbose, "Also print informational findings and raw facts")->excludes(quiet);
}

// What the live check reads besides its options: the domains, as given, and how to treat bad ones.
struct DomainInputs {
    std::vector<std::string> arguments;
    std::string input_file;
    bool skip_invalid = false;
    CLI::Option* state = nullptr;  // --state, given (even empty) or not
    std::optional<check::live::Shard> shard;  // --shard K/N
    CLI::Option* format = nullptr;            // --format, given or not
    CLI::Option* output = nullptr;            // -o, given (even empty) or not
};

// How lookups and policy fetches are made: the settings the live check and generate share.
void add_lookup_options(CLI::App& app, check::CheckOptions& options) {
    app.add_option_function<double>(
           "--timeout",
           [&options](const double& seconds) {
               options.timeout = std::chrono::milliseconds(std::lround(seconds * 1000.0));
               // Postscreen delays greetings by design, so the greeting gets 30 s unless a timeout is asked for.
               options.greeting_timeout = options.timeout;
           },
           "Timeout of each network operation, in seconds")
        ->check(finite_number)
        ->check(CLI::Range(0.1, 600.0))
        ->default_str("10");
    app.add_option_function<std::vector<std::string>>(
           "--resolver",
           [&options](const std::vector<std::string>& texts) {
               options.resolvers.clear();
               for (const std::string& text : texts) options.resolvers.push_back(parse_resolver(text));
           },
           "DNS resolver to ask (repeatable; default: system resolver)")
        ->type_name("IP[:PORT]")
        ->allow_extra_args(false);
    app.add_option("--ca-file", options.ca_file, "Extra trust anchors (PEM) besides the system store")
        ->type_name("PATH")
        ->check(CLI::ExistingFile);
    auto* v4 = app.add_flag_callback("-4", [&options] { options.family = check::AddressFamily::ipv4_only; },
                                     "Use IPv4 addresses only");
    app.add_flag_callback("-6", [&options] { options.family = check::AddressFamily::ipv6_only; }, "Use IPv6 addresses only")
        ->excludes(v4);
}

// How long the SMTP probes wait and how hard they press on mail servers. Defined after
// --timeout, so that --greeting-timeout wins over the greeting time --timeout implies.
void add_politeness_options(CLI::App& app, check::CheckOptions& options) {
    app.add_option_function<double>(
           "--greeting-timeout",
           [&options](const double& seconds) {
               options.greeting_timeout = std::chrono::milliseconds(std::lround(seconds * 1000.0));
           },
           "Seconds to wait for an SMTP greeting (postscreen delays it; default 30, or --timeout when given)")
        ->check(finite_number)
        ->check(CLI::Range(0.1, 600.0));
    app.add_option("--per-host-sessions", options.per_host_sessions, "SMTP sessions at once to one MX address")
        ->check(CLI::Range(1u, 100u))
        ->capture_default_str();
    app.add_option("--max-rate", options.max_rate, "New SMTP connections per second over the run (0 = no limit)")
        ->check(finite_number)
        ->check(CLI::Range(0.0, 100000.0))
        ->capture_default_str();
}

// Where and how the live check looks: network settings of check::CheckOptions.
void add_network_options(CLI::App& app, check::CheckOptions& options) {
    add_lookup_options(app, options);
    app.add_flag_callback("--no-smtp", [&options] { options.smtp = false; },
                          "Skip the port-25 probes (for networks that block them)");
    app.add_flag_callback("--single-probe", [&options] { options.extra_sessions = false; },
                          "One SMTP session per MX address: skip the SNI-less and legacy-TLS probes");
    add_politeness_options(app, options);
}

// The ports of the tests' servers, for the commands that check live domains.
void add_test_ports(CLI::App& app, check::CheckOptions& options) {
    app.add_option("--smtp-port", options.smtp_port, "Advanced: SMTP port to probe (tests)")
        ->check(CLI::Range(1u, 65535u))
        ->capture_default_str()
        ->group("Advanced");
    app.add_option("--https-port", options.https_port, "Advanced: HTTPS port of the policy host (tests)")
        ->check(CLI::Range(1u, 65535u))
        ->capture_default_str()
        ->group("Advanced");
}

// Big runs: --shard splits the list over processes or machines, -o keeps each result in a file
// as it is done and --resume carries a killed run on (man page, "Options of the live check").
void add_scale_options(CLI::App& app, check::CheckOptions& options, DomainInputs& inputs) {
    app.add_option_function<std::string>(
           "--shard", [&inputs](const std::string& text) { inputs.shard = *check::live::parse_shard(text); },
           "Check only the domains of shard K of N (by a hash of each name), for N processes or machines")
        ->type_name("K/N")
        ->check([](const std::string& text) {
            const auto shard = check::live::parse_shard(text);
            return shard ? std::string() : text + ": " + shard.error();
        });
    inputs.format = app.get_option("--format");
    inputs.output = app.add_option("-o,--output", options.output_file,
                                   "Write each domain's result to FILE as a JSONL line when it is done; stdout gets the tally")
                        ->type_name("FILE");
    app.add_flag("--resume", options.resume, "With -o: skip the domains FILE already holds, append the others")
        ->needs(inputs.output);
}

// The live check's options, on the top-level command.
void add_check_options(CLI::App& app, check::CheckOptions& options, DomainInputs& inputs) {
    app.add_option("domains", inputs.arguments, "Mail domains to check")->type_name("DOMAIN");
    app.add_option("-i,--input", inputs.input_file, "Read domains from FILE, one per line ('-' = stdin, '#' comments)")
        ->type_name("FILE");
    app.add_flag("--skip-invalid", inputs.skip_invalid, "Skip malformed domains (named on stderr) instead of stopping");
    add_output_options(app, options.output, {"text", "json", "jsonl", "junit", "github", "sarif", "openmetrics"});
    add_network_options(app, options);
    inputs.state = app.add_option("--state", options.state_file,
                   "Remember fetched policies in FILE (JSON, created if missing) to see what cached senders do")
        ->type_name("FILE");
    app.add_option("--jobs", options.jobs, "Domains checked at once")->check(CLI::Range(1u, 10000u))->capture_default_str();
    add_scale_options(app, options, inputs);
    add_test_ports(app, options);
}

// `lint`: the same checks offline.
CLI::App* add_lint_command(CLI::App& app, check::LintOptions& options) {
    CLI::App* lint = app.add_subcommand("lint", "Check records, a policy file and MX names offline, before publishing");
    lint->footer(k_exit_status_epilog);
    lint->add_option("--policy", options.policy_path, "Policy file to check ('-' = stdin)")->type_name("FILE");
    lint->add_option("--sts-record", options.sts_records, "A TXT record at _mta-sts (repeat for the whole RRset)")
        ->type_name("TXT")
        ->allow_extra_args(false);
    lint->add_option("--tlsrpt-record", options.tlsrpt_records, "A TXT record at _smtp._tls (repeat for the whole RRset)")
        ->type_name("TXT")
        ->allow_extra_args(false);
    lint->add_option("--mx", options.mx_hosts, "An MX host name, to check policy coverage both ways (repeatable)")
        ->type_name("HOST")
        ->allow_extra_args(false);
    lint->add_option("--domain", options.domain, "The policy domain (names records and checks mx patterns against it)")
        ->type_name("DOMAIN")
        ->transform([](std::string text) { return text.empty() ? text : normalize_domain_or_throw(text); });
    add_output_options(*lint, options.output, {"text", "json", "junit", "github", "sarif", "openmetrics"});
    return lint;
}

// The outputs of the commands that summarise many inputs (report, summarize): text, JSON or
// a self-contained HTML page, to stdout or a file.
void add_summary_output_options(CLI::App& command, render::Format& format, render::ColorMode& color,
                                std::optional<std::string>& output_path) {
    add_choice(command, "--format", format, choices({"text", "json", "html"}, &render::format_from_string),
               "Output format", "text");
    add_choice(command, "--color", color, k_colors, "Colour: auto, always, never", "auto");
    command.add_option("-o,--output", output_path, "Write the summary to FILE instead of stdout")->type_name("FILE");
}

// `report`: TLS-RPT aggregate reports.
CLI::App* add_report_command(CLI::App& app, report::ReportOptions& options) {
    CLI::App* report = app.add_subcommand("report", "Summarize TLS-RPT aggregate reports (JSON, gzip, e-mail, mbox, Maildir)");
    report->footer(
        "EXIT STATUS:\n  0  every input was read\n  2  an input was unreadable or not a report (unless --skip-invalid)");
    report->add_option("files", options.inputs, "Report files, .eml, mbox files or Maildir folders ('-' = stdin)")
        ->type_name("FILE")
        ->required();
    add_summary_output_options(*report, options.format, options.color, options.output_path);
    report->add_option("--domain", options.domain, "Only reports about this policy domain")->type_name("DOMAIN");
    report->add_option("--since", options.since, "Only reports whose period ends on or after DATE")->type_name("DATE");
    report->add_option("--until", options.until, "Only reports whose period starts before DATE")->type_name("DATE");
    report->add_flag("--skip-invalid", options.skip_invalid, "Skip unreadable inputs without failing the run");
    report->add_flag("-q,--quiet", options.quiet, "No progress and no per-file warnings");
    return report;
}

// `promote`: whether the served testing policy can be switched to enforce.
CLI::App* add_promote_command(CLI::App& app, promote::PromoteOptions& options) {
    CLI::App* promote = app.add_subcommand("promote", "Say whether the testing policy can be enforced (live check and TLS-RPT reports)");
    promote->footer("EXIT STATUS:\n  0  ready, or already enforced\n  1  not ready (every reason is listed)\n"
                    "  2  usage error, or a report input that cannot be read");
    // Not required here: a domain written after the report paths arrives as the last of them
    // (domain_after_reports).
    promote->add_option("domain", options.domain, "The policy domain (before --reports, or after its paths)")
        ->type_name("DOMAIN")
        ->transform([](std::string text) { return normalize_domain_or_throw(text); });
    promote->add_option("--reports", options.reports, "TLS-RPT reports: files, .eml, mbox files or Maildir folders ('-' = stdin)")
        ->type_name("PATH")
        ->required();
    promote->add_option("--days", options.days, "Read the reports of the last N whole UTC days")
        ->type_name("N")
        ->check(CLI::Range(1u, 366u))
        ->capture_default_str();
    add_choice(*promote, "--format", options.check.output.format, choices({"text", "json"}, &render::format_from_string),
               "Output format", "text");
    add_choice(*promote, "--color", options.check.output.color, k_colors, "Colour: auto, always, never", "auto");
    add_network_options(*promote, options.check);
    add_test_ports(*promote, options.check);
    return promote;
}

// `generate`: a policy, its records and web server configurations for a domain, or a change
// of the served policy (--from-live).
CLI::App* add_generate_command(CLI::App& app, generate::GenerateOptions& options) {
    CLI::App* command = app.add_subcommand("generate", "Write a policy, its DNS records and web server configurations");
    command->footer("EXIT STATUS:\n  0  generated\n  2  usage error: a bad option or name, no MX host found, --out not writable\n"
                    "  3  a live lookup or the policy fetch failed");
    command->add_option("domain", options.request.domain, "The policy domain")
        ->type_name("DOMAIN")
        ->required()
        ->transform([](std::string text) { return normalize_domain_or_throw(text); });
    command->add_option_function<std::string>(
           "--mode",
           [&options](const std::string& mode) {
               options.request.mode = mode == "enforce" ? rfc::PolicyMode::enforce : rfc::PolicyMode::testing;
           },
           "Policy mode")
        ->check(CLI::IsMember({"testing", "enforce"}))
        ->default_str("testing");
    command->add_option("--max-age", options.request.max_age, "Seconds senders cache the policy (default: 86400 testing, 604800 enforce)")
        ->type_name("SECONDS")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--mx", options.request.mx, "An MX host the policy must cover (repeatable; default: the live MX hosts)")
        ->type_name("HOST")
        ->allow_extra_args(false);
    command->add_option("--rua", options.request.rua, "Where TLS-RPT reports go (repeatable; default: mailto:tlsrpt@DOMAIN)")
        ->type_name("URI")
        ->allow_extra_args(false);
    command->add_flag("--wildcard", options.request.wildcard, "Cover MX hosts that share a parent with one *.parent pattern");
    command->add_flag("--from-live", options.from_live, "Propose a change of the served policy that covers the live MX hosts");
    command->add_option("--state", options.state_file, "With --from-live: the live check's state file, to name cached policies")
        ->type_name("FILE");
    command->add_option("--out", options.out_dir, "Write each file into DIR instead of printing it")->type_name("DIR");
    add_choice(*command, "--format", options.format, choices({"text", "json"}, &render::format_from_string), "Output format", "text");
    add_lookup_options(*command, options.lookup);
    add_test_ports(*command, options.lookup);
    return command;
}

// `summarize`: the JSONL output of many live checks, counted.
CLI::App* add_summarize_command(CLI::App& app, summarize::SummarizeOptions& options) {
    CLI::App* command = app.add_subcommand("summarize", "Summarize the JSONL output of many live checks (a scan)");
    command->footer("EXIT STATUS:\n  0  every line was read\n"
                    "  2  an input was unreadable, or a line was no domain report (unless --skip-invalid)");
    command->add_option("files", options.inputs, "JSONL files of 'mta-sts-check --format jsonl' ('-' = stdin)")
        ->type_name("FILE")
        ->required();
    add_summary_output_options(*command, options.format, options.color, options.output_path);
    command->add_flag("--skip-invalid", options.skip_invalid, "Count invalid lines (named on stderr) without failing the run");
    return command;
}

// `summarize` names MX providers by Debian's public suffix list, read as the live check reads it.
int run_summarize_command(const summarize::SummarizeOptions& options) {
    if (options.output_path && options.output_path->empty()) throw UsageError("-o needs a file name");
    return summarize::run_summarize(options, check::live::read_public_suffix_file(check::live::k_public_suffix_file));
}

// `lint` needs at least one thing to check; an empty --domain names none.
int run_lint_command(check::LintOptions& options) {
    if (options.domain && options.domain->empty()) options.domain.reset();
    if (!options.policy_path && options.sts_records.empty() && options.tlsrpt_records.empty() && options.mx_hosts.empty())
        throw UsageError("lint needs something to check: --policy, --sts-record, --tlsrpt-record or --mx");
    return check::run_lint(options);
}

// `promote --reports PATH... DOMAIN`: --reports takes every value up to the next option, so a
// domain written after the paths arrives as the last of them. It is the domain unless it names
// a file or folder (or stdin): then the domain was left out.
void domain_after_reports(promote::PromoteOptions& options) {
    if (!options.domain.empty()) return;
    constexpr const char* k_usage = "mta-sts-check promote DOMAIN --reports PATH... (or --reports PATH... DOMAIN)";
    if (options.reports.size() < 2) throw UsageError(std::string("promote needs a DOMAIN: ") + k_usage);
    const std::string& last = options.reports.back();
    std::error_code error;
    if (last == "-" || std::filesystem::exists(std::filesystem::symlink_status(last, error)))
        throw UsageError("promote needs a DOMAIN (" + base::printable(last) + " is a report input): " + k_usage);
    options.domain = normalize_domain_or_throw(last);
    options.reports.pop_back();
}

// `generate`: --state only reads what the live check remembered about the served policy.
int run_generate_command(generate::GenerateOptions& options) {
    if (options.state_file && !options.from_live) throw UsageError("--state applies to generate --from-live only");
    if (options.state_file && options.state_file->empty()) throw UsageError("--state needs a file name");
    if (options.out_dir && options.out_dir->empty()) throw UsageError("--out needs a folder name");
    return generate::run_generate(std::move(options));
}

// Whether `a` and `b` name the same existing file.
bool same_file(const std::string& a, const std::string& b) {
    struct stat one {}, two {};
    return ::stat(a.c_str(), &one) == 0 && ::stat(b.c_str(), &two) == 0 && one.st_dev == two.st_dev && one.st_ino == two.st_ino;
}

// -o writes JSONL, and never over the domain list or the state file it would destroy.
void check_output_file(const check::CheckOptions& options, const DomainInputs& inputs) {
    if (inputs.output->count() == 0) return;
    if (!options.output_file || options.output_file->empty()) throw UsageError("-o needs a file name");
    const std::string& path = *options.output_file;
    if (inputs.format->count() > 0 && options.output.format != render::Format::jsonl)
        throw UsageError("-o writes JSONL (the lines of --format jsonl) to its file: another --format cannot go with it");
    if (!inputs.input_file.empty() && inputs.input_file != "-" && same_file(path, inputs.input_file))
        throw UsageError("-o " + base::printable(path) + " is the domain list of -i: it would be overwritten");
    if (options.state_file && same_file(path, *options.state_file))
        throw UsageError("-o " + base::printable(path) + " is the state file of --state");
}

// The note that a shard holds none of the domains: an empty result that is not a mistake.
void note_empty_shard(const check::live::Shard& shard, std::size_t listed) {
    std::cerr << "mta-sts-check: shard " << shard.index << "/" << shard.count << " holds none of the " << listed
              << (listed == 1 ? " domain\n" : " domains\n");
}

// The live check of the domains given as arguments and in the -i list.
int run_check_command(check::CheckOptions& options, DomainInputs& inputs) {
    std::vector<ListedDomain> listed;
    for (auto& domain : inputs.arguments) listed.push_back({std::move(domain), ""});
    if (!inputs.input_file.empty()) {
        std::vector<ListedDomain> from_file = read_domain_list(inputs.input_file);
        std::move(from_file.begin(), from_file.end(), std::back_inserter(listed));
    }
    if (listed.empty()) throw UsageError("no domain given (try 'mta-sts-check example.com' or --help)");
    options.domains = normalize_domains(listed, inputs.skip_invalid, std::cerr);
    if (inputs.state->count() > 0 && (!options.state_file || options.state_file->empty()))
        throw UsageError("--state needs a file name");
    check_output_file(options, inputs);
    if (inputs.shard) {
        const std::size_t listed_count = options.domains.size();
        options.domains = check::live::select_shard(std::move(options.domains), *inputs.shard);
        if (options.domains.empty() && !options.output.quiet) note_empty_shard(*inputs.shard, listed_count);
    }
    return check::run_check(options);
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"Check a mail domain's MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) setup: would a sender\n"
                 "that honours the policy deliver to each MX host, and if not, what to fix.",
                 "mta-sts-check"};
    app.footer(k_exit_status_epilog);
    app.set_version_flag("--version", version_text, "Print the version and the linked library versions");
    app.require_subcommand(0, 1);
    check::CheckOptions check_options;
    DomainInputs inputs;
    add_check_options(app, check_options, inputs);
    check::LintOptions lint_options;
    CLI::App* lint = add_lint_command(app, lint_options);
    report::ReportOptions report_options;
    CLI::App* report = add_report_command(app, report_options);
    promote::PromoteOptions promote_options;
    CLI::App* promote = add_promote_command(app, promote_options);
    generate::GenerateOptions generate_options;
    CLI::App* generate = add_generate_command(app, generate_options);
    summarize::SummarizeOptions summarize_options;
    CLI::App* summarize = add_summarize_command(app, summarize_options);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // Help and version exit 0 through here; every real parse error is a usage error (2).
        // CLI11's messages quote the offending value: escaped before they reach the terminal.
        std::ostringstream errors;
        const int code = app.exit(error, std::cout, errors);
        std::cerr << base::printable_lines(errors.str());
        return code == 0 ? 0 : model::k_exit_usage;
    }

    const bool other_command =
        lint->parsed() || report->parsed() || promote->parsed() || generate->parsed() || summarize->parsed();
    if (inputs.state->count() > 0 && other_command)
        throw UsageError("--state applies to the live check only, not to lint, report, promote or summarize (generate takes "
                         "it after its name)");
    if ((inputs.output->count() > 0 || inputs.shard) && other_command)
        throw UsageError("-o, --resume and --shard before a command apply to the live check only (report takes -o after "
                         "its name)");
    if (lint->parsed()) return run_lint_command(lint_options);
    if (report->parsed()) return report::run_report(report_options);
    if (promote->parsed()) {
        domain_after_reports(promote_options);
        return promote::run_promote(promote_options);
    }
    if (generate->parsed()) return run_generate_command(generate_options);
    if (summarize->parsed()) return run_summarize_command(summarize_options);
    return run_check_command(check_options, inputs);
}

}  // namespace mtasts::cli
