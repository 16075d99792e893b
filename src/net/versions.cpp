#include "mtasts/net/versions.hpp"

#include <ares.h>
#include <curl/curl.h>
#include <openssl/crypto.h>

namespace mtasts::net {

std::string library_versions() {
    const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
    std::string text = "c-ares ";
    text += ares_version(nullptr);
    text += ", libcurl ";
    text += curl->version;
    if (curl->ssl_version != nullptr) {
        text += " (";
        text += curl->ssl_version;
        text += ")";
    }
    text += ", ";
    text += OpenSSL_version(OPENSSL_VERSION);
    return text;
}

}  // namespace mtasts::net
