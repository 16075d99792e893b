#pragma once
// GMime wants g_mime_init() once before its first use; the program does it in main
// (src/cli/main.cpp). The test and fuzz programs that read e-mail have a main of their own:
// including this header does it for them, before that main runs.
#include <gmime/gmime.h>

namespace mtasts::testing {

inline const bool k_gmime_ready = (g_mime_init(), true);

}  // namespace mtasts::testing
