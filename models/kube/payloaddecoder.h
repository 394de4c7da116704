// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apirequest.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

#include <memory>

namespace minato::kube {

// What a PayloadDecoder made of a body or of some stream lines. The transport only passes it
// on; the caller that supplied the decoder knows the concrete type. Immutable once handed out,
// so it crosses threads as std::shared_ptr<const DecodedPayload>.
class DecodedPayload
{
public:
    virtual ~DecodedPayload();
};

using DecodedPayloadPtr = std::shared_ptr<const DecodedPayload>;

// Turns response bytes into values in the I/O thread, so that the thread that reads the
// answer never parses JSON. Attached to an ApiRequest; created anywhere, but used only by the
// I/O thread after submission (one call at a time), so an implementation may keep parser
// buffers between calls without locking. Must not throw: decoding errors belong in the payload.
class PayloadDecoder
{
public:
    virtual ~PayloadDecoder();

    // The whole body of a successful (2xx) Get.
    virtual DecodedPayloadPtr decodeBody(const QByteArray& body) = 0;
    // Complete lines ('\n'-terminated, possibly several) of a successful watch stream.
    virtual DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) = 0;
};

// Decoded watch data of one request, as ApiClient::streamDecodedAvailable delivers it.
struct DecodedStreamChunk
{
    RequestId id = 0;
    quint64 generation = 0;
    DecodedPayloadPtr payload;
};

} // namespace minato::kube

Q_DECLARE_METATYPE(minato::kube::DecodedPayloadPtr)
Q_DECLARE_METATYPE(minato::kube::DecodedStreamChunk)
