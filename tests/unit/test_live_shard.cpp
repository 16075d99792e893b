// --shard K/N (include/mtasts/check/live/shard.hpp): the K/N grammar, the hash pinned to its
// published values (a changed hash would move domains between shards of machines running
// different versions), every domain in exactly one shard, and shards of about equal size.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "mtasts/check/live/shard.hpp"

using namespace mtasts::check::live;

namespace {

std::vector<std::string> numbered_domains(std::size_t count) {
    std::vector<std::string> domains;
    for (std::size_t i = 0; i < count; ++i) domains.push_back("domain-" + std::to_string(i) + ".example");
    return domains;
}

// Names of 4 to 12 letters under a few top-level domains, the same on every platform (mt19937's
// output is fixed by the standard; its distributions are not, so none is used).
std::vector<std::string> random_domains(std::size_t count) {
    std::mt19937 random(8461);
    const std::vector<std::string> tlds = {".com", ".net", ".org", ".de", ".co.uk"};
    std::set<std::string> names;
    while (names.size() < count) {
        std::string name(4 + random() % 9, 'a');
        for (char& letter : name) letter = static_cast<char>('a' + random() % 26);
        names.insert(name + tlds[random() % tlds.size()]);
    }
    return {names.begin(), names.end()};
}

}  // namespace

TEST_CASE("parse_shard reads K/N with 1 <= K <= N <= 10000", "[shard]") {
    const auto one_of_two = parse_shard("1/2");
    REQUIRE(one_of_two);
    CHECK(one_of_two->index == 1);
    CHECK(one_of_two->count == 2);
    CHECK(parse_shard("1/1"));
    CHECK(parse_shard("10000/10000"));
    CHECK(parse_shard("7/10000"));
}

TEST_CASE("parse_shard refuses what is not K/N in range, saying why", "[shard]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"0/2", "K must be from 1 to N"},  {"3/2", "K must be from 1 to N (2)"}, {"1/0", "N must be from 1 to 10000"},
        {"1/10001", "N must be from 1 to 10000"}, {"x/y", "whole numbers"},       {"1/", "whole numbers"},
        {"/2", "whole numbers"},           {"2", "expected K/N"},                 {"", "expected K/N"},
        {"1/2/3", "whole numbers"},        {"+1/2", "whole numbers"},             {" 1/2", "whole numbers"},
        {"1/2 ", "whole numbers"},         {"-1/2", "whole numbers"},             {"99999999999/2", "whole numbers"},
    };
    for (const auto& [text, why] : cases) {
        INFO(text);
        const auto shard = parse_shard(text);
        REQUIRE_FALSE(shard);
        CHECK_THAT(shard.error(), Catch::Contains(why));
    }
}

TEST_CASE("fnv1a_64 gives the published FNV-1a 64 values", "[shard]") {
    // Test vectors of the FNV reference code (draft-eastlake-fnv, appendix C).
    CHECK(fnv1a_64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a_64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("shard_of is pinned for a few names: the split can never change silently", "[shard]") {
    CHECK(fnv1a_64("example.com") == 0x576846634e2714c6ULL);
    CHECK(shard_of("example.com", 2) == 1);
    CHECK(shard_of("example.com", 10) == 1);
    CHECK(shard_of("example.com", 10000) == 9351);
    CHECK(shard_of("gmail.com", 10) == 9);
    CHECK(shard_of("gmail.com", 10000) == 3139);
    CHECK(shard_of("xn--bcher-kva.example", 10000) == 4741);
    CHECK(shard_of("mta-sts.example.net", 2) == 2);
    CHECK(shard_of("mta-sts.example.net", 10) == 10);
    CHECK(shard_of("anything.example", 1) == 1);
}

TEST_CASE("every domain lands in exactly one shard, in its list order", "[shard]") {
    const auto domains = numbered_domains(1000);
    for (const unsigned count : {1u, 2u, 3u, 7u, 64u}) {
        INFO("N = " << count);
        std::multiset<std::string> seen;
        for (unsigned index = 1; index <= count; ++index) {
            const auto part = select_shard(domains, Shard{index, count});
            std::vector<std::string> in_order;
            for (const auto& domain : domains)
                if (shard_of(domain, count) == index) in_order.push_back(domain);
            CHECK(part == in_order);
            seen.insert(part.begin(), part.end());
        }
        CHECK(seen == std::multiset<std::string>(domains.begin(), domains.end()));
    }
}

TEST_CASE("10,000 names split into shards of about equal size", "[shard]") {
    // A fair split puts each name in shard K with probability 1/N: 10,000 names give shards
    // within about 3 standard deviations of 10,000/N (N = 2: 1.5%; 4: 2.6%; 10: 9%).
    const std::vector<std::pair<unsigned, double>> tolerances = {{2, 0.03}, {3, 0.05}, {4, 0.05}, {10, 0.10}};
    for (const auto& domains : {numbered_domains(10000), random_domains(10000)}) {
        for (const auto& [count, tolerance] : tolerances) {
            const double even = 10000.0 / count;
            for (unsigned index = 1; index <= count; ++index) {
                const auto size = static_cast<double>(select_shard(domains, Shard{index, count}).size());
                INFO("N = " << count << ", shard " << index << " holds " << size << " of " << domains.front() << "...");
                CHECK(std::abs(size - even) <= even * tolerance);
            }
        }
    }
}
