#pragma once
// The DANE test certificates (tests/data/dane: a P-256 leaf "mx.dane.test" signed by
// "DANE Test CA") and their digests, computed once with the openssl CLI, independently of the
// code under test:
//   openssl x509 -in F.pem -outform DER | sha256sum                                  (cert)
//   openssl x509 -in F.pem -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum  (SPKI)
#include <cstdint>
#include <string_view>
#include <vector>

namespace dane_fixture {

inline constexpr std::string_view k_leaf_cert_sha256 = "9a2e05dc7a178753fe28465e9a73afa51ae9e4b2fff83e15883f9caf4bf3bb85";
inline constexpr std::string_view k_leaf_spki_sha256 = "0e9ddf71847f96b55e929ca499429f468f1116d22c9f6e93e6f28e97f85f2523";
inline constexpr std::string_view k_leaf_cert_sha512 =
    "c36cbfa68ab8726f96727deb55f90d3f178521d126c5250613a1eafc053f51c07c4c54d4ecb1cfac247d55f516f05d3435c5df770630a0cc81c706bb5da99d95";
inline constexpr std::string_view k_leaf_spki_sha512 =
    "5518042557db2a7064e635b03142a25163638de11d50eea21d62f7e833f2ce971640ff4603ac1db644768553eb8eca58215f7d0eee6f6cfe8fcb4eaeeaa71404";
inline constexpr std::string_view k_ca_cert_sha256 = "6cb7c531ebb53befa9b74ee1538ff9d472707476757657b9f627d51fc97ac5f4";
inline constexpr std::string_view k_ca_spki_sha256 = "e5d2f1712a167108f0182f8e90e2637481c292ee8916bf213ff099fb8c333a06";
inline constexpr std::string_view k_ca_cert_sha512 =
    "e82b6ad1f96c7eba47b729f7a4da98324109a5233659e02f7aceb63610092b52472dfc8b537613ff182ddcef35a54973d6224233d1c3c944ae7a896ec4d48aae";
inline constexpr std::string_view k_ca_spki_sha512 =
    "daa3194923c33a07c6610987304e1d29af508741985a92af323c1d16bfe25da18f1d79db9974eefc0f63aeff96eeea326ceee4198a3e8e932ba7057fd8989769";

// Bytes of a hex string (test constants only: well-formed by construction).
inline std::vector<std::uint8_t> bytes(std::string_view hex) {
    std::vector<std::uint8_t> out;
    auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    return out;
}

}  // namespace dane_fixture
