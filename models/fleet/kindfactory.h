// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/kindtable.h"
#include "fleet/projectiondecoder.h"
#include "kube/payloaddecoder.h"

#include <memory>

namespace minato::fleet {

// The one place that knows which projection type each WatchedKind decodes into.
class KindFactory
{
public:
    static std::unique_ptr<KindTableBase> makeTable(WatchedKind kind);
    // The transport decoder for the kind's lists and watches, sharing the session's decoder.
    static std::shared_ptr<kube::PayloadDecoder> makeDecoder(
        WatchedKind kind, const std::shared_ptr<ProjectionDecoder>& decoder);
};

} // namespace minato::fleet
