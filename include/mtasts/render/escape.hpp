#pragma once
// How each output format escapes untrusted text (messages quote DNS, HTTP and SMTP bytes):
// each format has its own rules, and each rule lives here once, for the check's CI formats and
// for report's HTML page alike.
#include <string>
#include <string_view>

namespace mtasts::render {

// `bytes` as well-formed UTF-8: each byte of an invalid sequence becomes U+FFFD.
std::string valid_utf8(std::string_view bytes);

// An XML 1.0 attribute value: markup characters as entities, tab, LF and CR as character
// references (attribute normalisation would turn them into spaces), and the C0 controls XML
// 1.0 forbids even as references (§2.2 Char) written out as visible "\xNN".
std::string xml_attribute(std::string_view bytes);

// XML 1.0 element content: as xml_attribute, but LF and tab stay as they are (content keeps
// them); CR stays a reference, since parsers turn a raw CR LF into LF (§2.11).
std::string xml_text(std::string_view bytes);

// A label value of the Prometheus / OpenMetrics text format: backslash, double quote and line
// feed escaped as \\, \" and \n (the only escapes the format has); invalid UTF-8 replaced.
std::string metric_label_escape(std::string_view bytes);

// The message of a GitHub Actions workflow command: '%', CR and LF percent-encoded, as the
// runner's ActionCommand unescapes them; other controls as visible "\xNN" so that no terminal
// escape reaches the log.
std::string workflow_data_escape(std::string_view bytes);

// A property value of a workflow command (title=, file=): as the message, plus ':' and ','
// which would otherwise end the property list or the property.
std::string workflow_property_escape(std::string_view bytes);

}  // namespace mtasts::render
