// The trust store of a run: loaded once for the policy fetcher and the SMTP prober, loaded
// again for another --ca-file or one rewritten in place, and a bad file refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "fake_server.hpp"
#include "mtasts/model/usage_error.hpp"
#include "mtasts/net/tls_facts.hpp"

using mtasts::net::TrustStore;
using mtasts::net::testing::test_pki_dir;

namespace {

// A copy of the test CA in a file of its own, so that a test may rewrite it.
std::string copy_of_test_ca(const std::string& name) {
    const std::string path = test_pki_dir() + "/" + name;
    std::filesystem::copy_file(test_pki_dir() + "/ca.pem", path, std::filesystem::copy_options::overwrite_existing);
    return path;
}

}  // namespace

TEST_CASE("stores alive for the same --ca-file are one store") {
    const std::string ca = copy_of_test_ca("shared-ca.pem");
    const TrustStore fetcher(ca);
    const TrustStore prober(ca);
    CHECK(fetcher.get() == prober.get());
    const TrustStore system_only(std::nullopt);
    CHECK(system_only.get() != fetcher.get());
}

TEST_CASE("a --ca-file rewritten in place is loaded again") {
    const std::string ca = copy_of_test_ca("rewritten-ca.pem");
    const TrustStore before(ca);
    {
        std::ofstream more(ca, std::ios::app);
        more << "\n";  // same anchors, another size: another file as far as the cache knows
    }
    const TrustStore after(ca);
    CHECK(after.get() != before.get());
}

TEST_CASE("a --ca-file without certificates is a usage error, also when asked twice") {
    const std::string empty = test_pki_dir() + "/empty-ca.pem";
    std::ofstream(empty) << "no certificate here\n";
    CHECK_THROWS_AS(TrustStore(empty), mtasts::model::UsageError);
    CHECK_THROWS_AS(TrustStore(empty), mtasts::model::UsageError);
}
