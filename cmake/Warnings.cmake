# Compiler flags shared by every target of the project (an interface library to link).
add_library(mtasts_warnings INTERFACE)
target_compile_options(mtasts_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(MTASTS_WERROR)
  target_compile_options(mtasts_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O3 (the packager's Release build) reports false -Wrestrict overlaps inside
# std::string's operator+ and replace (GCC bug 105329, fixed in 13); the warning says nothing
# about our code there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(mtasts_warnings INTERFACE -Wno-restrict)
endif()
if(MTASTS_SANITIZE)
  target_compile_options(mtasts_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(mtasts_warnings INTERFACE -fsanitize=address,undefined)
endif()
if(MTASTS_FUZZ)
  target_compile_options(mtasts_warnings INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(mtasts_warnings INTERFACE -fsanitize=address,undefined)
endif()
# libstdc++ 12 offers <expected> only when __cpp_concepts >= 202002L, which clang reports from
# version 19 on, although clang 16 already implements what <expected> needs (P0848). Clang 14
# and 15 cannot compile it at all: the fuzz build (MTASTS_FUZZ) needs clang++-16.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 19)
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "clang ${CMAKE_CXX_COMPILER_VERSION} cannot compile std::expected of libstdc++ 12; use clang++-16 (apt: clang-16 libclang-rt-16-dev) or g++")
  endif()
  target_compile_options(mtasts_warnings INTERFACE -U__cpp_concepts -D__cpp_concepts=202002L)
endif()
