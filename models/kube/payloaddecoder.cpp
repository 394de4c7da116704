// SPDX-License-Identifier: Apache-2.0
#include "payloaddecoder.h"

namespace minato::kube {

// Out of line, so the vtables live in one translation unit.
DecodedPayload::~DecodedPayload() = default;
PayloadDecoder::~PayloadDecoder() = default;

} // namespace minato::kube
