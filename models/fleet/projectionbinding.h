// SPDX-License-Identifier: Apache-2.0
#pragma once

// For kind descriptors only: binds a kind to its projection type T. The file that calls
// bindProjection<T> must also see decodeInto(od::value&, T&, DecodeContext&) and instantiate
// the decoder with MINATO_PROJECTION(T) (fleet/projectiondecoderimpl.h).

#include "fleet/kindcatalog.h"
#include "fleet/kinddecoder.h"

namespace minato::fleet {

template <typename T> KindBinding bindProjection(KindSpec spec)
{
    const WatchedKind kind = spec.kind;
    return KindBinding { std::move(spec),
        [kind](const std::shared_ptr<ProjectionDecoder>& decoder) -> std::shared_ptr<kube::PayloadDecoder> {
            return std::make_shared<KindDecoder<T>>(kind, decoder);
        } };
}

} // namespace minato::fleet
