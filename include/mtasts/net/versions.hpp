#pragma once
// Versions of the network libraries actually linked, for `--version` and bug reports.
#include <string>

namespace mtasts::net {

// e.g. "c-ares 1.18.1, libcurl 7.88.1 (OpenSSL/3.0.17), OpenSSL 3.0.17 1 Jul 2025".
std::string library_versions();

}  // namespace mtasts::net
