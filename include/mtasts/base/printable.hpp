#pragma once
// The one escaping of untrusted text for a terminal: every string that came from outside
// (network bytes, report members, domain lists, command-line values echoed in errors) goes
// through printable() or printable_data() before it is printed as text, so that it can neither
// send terminal escape sequences nor reorder what the reader sees. Never fails.
#include <string>
#include <string_view>

namespace mtasts::base {

// Text made safe for a terminal: valid printable UTF-8 is kept; control characters (newline and
// tab included), invalid bytes and bidi controls (U+202A..U+202E, U+2066..U+2069) become
// visible escapes (\xNN, \u{NNNN}). Idempotent on its own output.
std::string printable(std::string_view bytes);

// Raw facts from the wire (TXT strings, policy body, certificate names), shown unambiguously:
// as printable(), and a backslash is written \x5c so that it cannot pass for an escape.
std::string printable_data(std::string_view bytes);

// A multi-line message of the tool's own: each line through printable(), the line breaks kept.
std::string printable_lines(std::string_view text);

}  // namespace mtasts::base
