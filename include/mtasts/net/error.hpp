#pragma once
// The network adapters report failures in the model's vocabulary
// (include/mtasts/model/net_failure.hpp); within src/net the names are used unqualified.
#include "mtasts/model/net_failure.hpp"

namespace mtasts::net {

using model::NetError;
using model::NetErrorKind;

}  // namespace mtasts::net
