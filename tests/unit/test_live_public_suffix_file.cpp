// The public suffix list of the live check: read once from the file, an empty list (the
// last-two-labels fallback) when the file is absent.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "mtasts/check/live/public_suffix_file.hpp"

using namespace mtasts;

TEST_CASE("a file of rules is read: an absent file or a folder is an empty list, never a failure") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("mtasts-psl-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / "public_suffix_list.dat";
    std::ofstream(file) << "// comment\nuk\nco.uk\n";
    const rfc::PublicSuffixList read = check::live::read_public_suffix_file(file.string());
    CHECK(read.size() == 2);
    CHECK(read.registrable_domain("mta-sts.example.co.uk") == "example.co.uk");
    for (const std::filesystem::path& unreadable : {dir / "absent.dat", dir}) {
        const rfc::PublicSuffixList none = check::live::read_public_suffix_file(unreadable.string());
        CHECK(none.size() == 0);
        CHECK(none.registrable_domain("mta-sts.example.co.uk") == "co.uk");
    }
    check::live::PublicSuffixes lazy(file.string());
    CHECK(lazy.get().size() == 2);
    std::filesystem::remove(file);
    CHECK(lazy.get().size() == 2);  // read once, on the first call
    std::filesystem::remove_all(dir);
}
