// SPDX-License-Identifier: Apache-2.0
#include "apireceiver.h"

namespace minato::kube {

ApiReceiver::~ApiReceiver() = default;

} // namespace minato::kube
