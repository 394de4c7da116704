// SPDX-License-Identifier: Apache-2.0
#include "apitransport.h"

namespace minato::kube {

ApiTransport::~ApiTransport() = default;

} // namespace minato::kube
