// SPDX-License-Identifier: Apache-2.0
#include "projectiondecoder.h"

#include "fleet/projectiondecoderimpl.h"

namespace minato::fleet {

static_assert(ProjectionDecoder::Padding == simdjson::SIMDJSON_PADDING);

ThreadParsers& ThreadParsers::local()
{
    thread_local ThreadParsers parsers;
    return parsers;
}

ProjectionDecoder::ProjectionDecoder(std::shared_ptr<StringPool> pool)
    : d(std::make_unique<Private>())
{
    d->pool = pool ? std::move(pool) : std::make_shared<StringPool>();
}

ProjectionDecoder::~ProjectionDecoder() = default;

const std::shared_ptr<StringPool>& ProjectionDecoder::pool() const
{
    return d->pool;
}

QString ProjectionDecoder::implementationName()
{
    // Stage 1 (indexing, string unescaping) runs in the shared library with its runtime-chosen
    // kernel; the on-demand navigation is compiled into this file for the target of the
    // compiler flags.
#define MINATO_STRINGIFY2(x) #x
#define MINATO_STRINGIFY(x) MINATO_STRINGIFY2(x)
    return QString::fromStdString(simdjson::get_active_implementation()->name())
        + QStringLiteral(" (navigation: " MINATO_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION) ")");
#undef MINATO_STRINGIFY
#undef MINATO_STRINGIFY2
}

} // namespace minato::fleet
