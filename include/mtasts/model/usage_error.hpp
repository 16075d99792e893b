#pragma once
// A tool failure caused by the user's input (bad option value, unreadable file, malformed
// domain): caught once in main, printed, and mapped to exit status 2.
#include <stdexcept>

namespace mtasts::model {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace mtasts::model
