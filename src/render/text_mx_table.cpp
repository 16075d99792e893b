// The MX table of the text report: one row per MX host, one sub-row per address. Every cell
// says what it means in text (✓ yes, ✗ no, — unknown); colour only repeats it.
#include <array>

#include "text_parts.hpp"

namespace mtasts::render::detail {
namespace {

struct Cell {
    std::string text;
    std::string_view code = sgr::none;
};

using Row = std::array<Cell, 7>;

// Column titles, in the order of the JSON keys of the facts they show (man page, OUTPUT).
constexpr std::array<std::string_view, 7> k_titles = {"host", "pref",        "covered",    "STARTTLS",
                                                      "TLS",  "certificate", "deliverable"};

Cell mark(const std::optional<bool>& value) {
    if (!value) return {"—", sgr::dim};
    if (*value) return {"✓ yes", sgr::green};
    return {"✗ no", sgr::red};
}

// Certificate in the table: the verdict on it and the days left, which admins watch most.
Cell cert_cell(const std::optional<model::CertFacts>& cert) {
    if (!cert) return {"—", sgr::dim};
    const std::string summary = cert_summary(*cert);
    if (summary.starts_with("✗")) return {summary, sgr::red};
    if (summary.starts_with("!")) return {summary, sgr::yellow};
    return {summary, sgr::green};
}

Row host_row(const model::MxHost& host) {
    Row row;
    row[0] = {printable_data(host.host), sgr::bold};
    row[1] = host.preference ? Cell{std::to_string(*host.preference)} : Cell{"—", sgr::dim};
    row[2] = mark(host.covered_by_policy);
    row[6] = mark(host.deliverable_under_policy);
    if (host.addresses.empty()) {
        // No address: nothing was probed, which the row says rather than leaving it blank.
        row[3] = {"—", sgr::dim};
        row[4] = {"—", sgr::dim};
        row[5] = {"—", sgr::dim};
    }
    return row;
}

Row address_row(const model::AddressProbe& probe) {
    Row row;
    row[0] = {"  " + printable_data(probe.ip)};
    row[3] = mark(probe.starttls);
    row[4] = probe.tls_version ? Cell{printable_data(*probe.tls_version)} : Cell{"—", sgr::dim};
    row[5] = cert_cell(probe.cert);
    return row;
}

// Lines under an address row: the probe's error and what the extra sessions found wrong always;
// certificate details, and the extra sessions that found nothing wrong, when verbose.
std::vector<std::pair<std::string, std::string>> address_details(const model::AddressProbe& probe,
                                                                 const TextStyle& style) {
    std::vector<std::pair<std::string, std::string>> details;
    if (probe.error) details.emplace_back("error", printable_data(*probe.error));
    if (probe.cert && probe.cert->chain_error) details.emplace_back("chain", printable_data(*probe.cert->chain_error));
    if (probe.sni_required == true) details.emplace_back("SNI", "required: a handshake without SNI fails");
    if (probe.legacy_tls_accepted == true) {
        details.emplace_back("legacy", "accepts " + printable_data(probe.legacy_tls_version.value_or("TLS 1.0/1.1")));
    }
    if (probe.dane_match) details.emplace_back("dane", *probe.dane_match ? "certificate matches a TLSA record" : "certificate matches no TLSA record");
    if (!style.verbose) return details;
    if (probe.sni_required == false) details.emplace_back("SNI", "not required");
    if (probe.legacy_tls_accepted == false) details.emplace_back("legacy", "TLS 1.0 and 1.1 refused");
    if (probe.cipher) details.emplace_back("cipher", printable_data(*probe.cipher));
    if (probe.cert) {
        const auto& cert = *probe.cert;
        details.emplace_back("subject", printable_data(cert.subject));
        details.emplace_back("issuer", printable_data(cert.issuer));
        std::string san;
        for (const auto& name : cert.san) san += (san.empty() ? "" : ", ") + printable_data(name);
        details.emplace_back("san", san.empty() ? "(none)" : san);
    }
    return details;
}

// A line under a host row when it publishes TLSA records (RFC 7672): how many, and whether
// senders use them.
std::vector<std::pair<std::string, std::string>> host_details(const model::MxHost& host) {
    std::vector<std::pair<std::string, std::string>> details;
    if (!host.dane) return details;
    std::string text = std::to_string(host.dane->tlsa.size()) + " TLSA record" + (host.dane->tlsa.size() == 1 ? "" : "s");
    if (!host.dane->secure) text += ", not DNSSEC-validated: senders ignore them";
    else if (host.dane->active) text += ", DNSSEC-validated: DANE senders use them";
    else text += ", DNSSEC-validated, none usable for SMTP";
    details.emplace_back("dane", std::move(text));
    return details;
}

}  // namespace

void render_mx_table(std::ostream& out, const model::DomainReport& report, const TextStyle& style,
                     const Painter& painter) {
    struct Line {
        Row row;
        std::vector<std::pair<std::string, std::string>> details;
    };
    std::vector<Line> lines;
    for (const auto& host : report.mx) {
        lines.push_back({host_row(host), host_details(host)});
        for (const auto& probe : host.addresses) lines.push_back({address_row(probe), address_details(probe, style)});
    }

    std::array<std::size_t, 7> widths{};
    for (std::size_t c = 0; c < widths.size(); ++c) widths[c] = display_width(k_titles[c]);
    for (const auto& line : lines) {
        for (std::size_t c = 0; c < widths.size(); ++c)
            widths[c] = std::max(widths[c], display_width(line.row[c].text));
    }

    const auto write_row = [&](const Row& row, bool title) {
        std::string text = "  ";
        std::size_t last = row.size();
        while (last > 0 && row[last - 1].text.empty() && !title) --last;
        for (std::size_t c = 0; c < last; ++c) {
            const std::string_view cell = title ? k_titles[c] : std::string_view(row[c].text);
            const std::string_view code = title ? sgr::dim : row[c].code;
            text += painter.paint(cell, code);
            if (c + 1 < last) text += std::string(widths[c] - display_width(cell) + 2, ' ');
        }
        out << text << '\n';
    };
    write_row(Row{}, true);
    for (const auto& line : lines) {
        write_row(line.row, false);
        for (const auto& [key, value] : line.details) {
            const std::string prefix = "      " + pad_right(key, 8);
            const auto wrapped =
                wrap(value, k_line_width - display_width(prefix), k_line_width - display_width(prefix));
            for (std::size_t i = 0; i < wrapped.size(); ++i) {
                const std::string lead = i == 0 ? prefix : std::string(display_width(prefix), ' ');
                out << painter.paint(lead, sgr::dim) << wrapped[i] << '\n';
            }
        }
    }
}

}  // namespace mtasts::render::detail
