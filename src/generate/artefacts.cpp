// The texts `generate` writes (RFC 8461 §3.1-§3.3, RFC 8460 §3).
#include "mtasts/generate/artefacts.hpp"

#include <algorithm>

#include "mtasts/rfc/derived_names.hpp"
#include "mtasts/rfc/policy_text.hpp"

namespace mtasts::generate {
namespace {

// Long enough to be cached, short enough that a mistake in a record goes away within the hour.
constexpr std::string_view k_ttl = "3600";
constexpr std::size_t k_txt_string_max = 255;  // RFC 1035 §3.3.14: one character-string

// A DNS zone-file character-string: quotes and backslashes escaped (RFC 1035 §5.1).
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string zone_text(const Plan& plan) {
    const std::string host = rfc::policy_host(plan.domain);
    std::string zone = "; MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) of " + plan.domain + ".\n";
    zone += "; Publish the TXT record of _mta-sts after the policy file is served; a new policy needs a new id.\n";
    zone += txt_zone_line(rfc::sts_record_name(plan.domain), rfc::sts_record_text(plan.id));
    zone += txt_zone_line(rfc::tlsrpt_record_name(plan.domain), tlsrpt_record_text(plan.rua));
    zone += "; The policy host " + host + " must resolve to the web server that serves the policy,\n";
    zone += "; with addresses (replace the examples) or a CNAME to that server:\n";
    zone += "; " + host + ". " + std::string(k_ttl) + " IN A 192.0.2.1\n";
    zone += "; " + host + ". " + std::string(k_ttl) + " IN AAAA 2001:db8::1\n";
    zone += "; " + host + ". " + std::string(k_ttl) + " IN CNAME www." + plan.domain + ".\n";
    return zone;
}

std::string letsencrypt_path(const std::string& host, std::string_view file) {
    return "/etc/letsencrypt/live/" + host + "/" + std::string(file);
}

// The configurations keep the layout of the files they write.
// clang-format off
// The comment every configuration starts with: what it serves, where the file goes, and `note`.
std::string config_header(std::string_view server, const std::string& host, std::string_view note) {
    return "# " + std::string(server) + ": serves https://" + host + "/.well-known/mta-sts.txt (RFC 8461 §3.3).\n"
           "# The policy file goes to " + std::string(k_webroot) + "/.well-known/mta-sts.txt.\n# " + std::string(note) + "\n";
}

std::string nginx_text(const Plan& plan) {
    const std::string host = rfc::policy_host(plan.domain);
    const std::string root(k_webroot);
    return config_header("nginx", host, "Keep site-wide redirects (to https, to www) out of this server block: senders follow none.") +
           "server {\n"
           "    listen 443 ssl;\n"
           "    listen [::]:443 ssl;\n"
           "    server_name " + host + ";\n"
           "    ssl_certificate " + letsencrypt_path(host, "fullchain.pem") + ";\n"
           "    ssl_certificate_key " + letsencrypt_path(host, "privkey.pem") + ";\n"
           "    root " + root + ";\n"
           "    location = /.well-known/mta-sts.txt {\n"
           "        types { }\n"
           "        default_type text/plain;\n"
           "        try_files $uri =404;\n"
           "    }\n"
           "    location / {\n"
           "        return 404;\n"
           "    }\n"
           "}\n";
}

std::string apache_text(const Plan& plan) {
    const std::string host = rfc::policy_host(plan.domain);
    const std::string root(k_webroot);
    return config_header("Apache (mod_ssl)", host, "No Redirect or RewriteRule in this virtual host: senders follow none.") +
           "<VirtualHost *:443>\n"
           "    ServerName " + host + "\n"
           "    SSLEngine on\n"
           "    SSLCertificateFile " + letsencrypt_path(host, "fullchain.pem") + "\n"
           "    SSLCertificateKeyFile " + letsencrypt_path(host, "privkey.pem") + "\n"
           "    DocumentRoot " + root + "\n"
           "    <Directory " + root + ">\n"
           "        Require all granted\n"
           "        Options None\n"
           "        AllowOverride None\n"
           "    </Directory>\n"
           "    <Location \"/.well-known/mta-sts.txt\">\n"
           "        ForceType text/plain\n"
           "    </Location>\n"
           "</VirtualHost>\n";
}

std::string caddy_text(const Plan& plan) {
    const std::string host = rfc::policy_host(plan.domain);
    return config_header("Caddy", host, "Caddy obtains the certificate itself.") + host + " {\n"
           "    handle /.well-known/mta-sts.txt {\n"
           "        root * " + std::string(k_webroot) + "\n"
           "        header Content-Type text/plain\n"
           "        file_server\n"
           "    }\n"
           "    handle {\n"
           "        respond 404\n"
           "    }\n"
           "}\n";
}

// clang-format on

}  // namespace

std::string default_rua(std::string_view domain) {
    return "mailto:tlsrpt@" + std::string(domain);
}

std::string tlsrpt_record_text(const std::vector<std::string>& rua) {
    std::string text = "v=TLSRPTv1; rua=";
    for (std::size_t i = 0; i < rua.size(); ++i) text += (i > 0 ? "," : "") + rua[i];
    return text;
}

std::string txt_zone_line(std::string_view name, std::string_view text) {
    std::string line = std::string(name) + ". " + std::string(k_ttl) + " IN TXT";
    for (std::size_t at = 0; at < text.size() || at == 0; at += k_txt_string_max) {
        line += " " + quoted(text.substr(at, k_txt_string_max));
        if (text.empty()) break;
    }
    return line + "\n";
}

std::vector<Artefact> make_artefacts(const Plan& plan) {
    return {
        {"policy", "mta-sts.txt", rfc::render_policy_body(plan.mode, plan.mx_patterns, plan.max_age)},
        {"zone", "zone.txt", zone_text(plan)},
        {"nginx", "nginx.conf", nginx_text(plan)},
        {"apache", "apache.conf", apache_text(plan)},
        {"caddy", "Caddyfile", caddy_text(plan)},
    };
}

}  // namespace mtasts::generate
