// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/metricssample.h"
#include "kube/payloaddecoder.h"
#include "util/kubeerror.h"

#include <optional>

namespace minato::fleet {

// A decoded NodeMetricsList or PodMetricsList (metrics.k8s.io/v1beta1).
struct MetricsPayload : kube::DecodedPayload
{
    std::optional<KubeError> error;
    QHash<QString, ResourceUsage> usage; // nodes by name, pods by "namespace/name"
};

// Decodes metrics-server lists in the I/O thread. They are polled every half minute and are
// small next to the pod list itself, so QJsonDocument does.
class MetricsDecoder : public kube::PayloadDecoder
{
public:
    enum class Kind
    {
        Nodes,
        Pods
    };

    explicit MetricsDecoder(Kind kind)
        : m_kind(kind)
    { }

    kube::DecodedPayloadPtr decodeBody(const QByteArray& body) override;
    kube::DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) override;

    static MetricsPayload decode(Kind kind, const QByteArray& body);

private:
    Kind m_kind;
};

} // namespace minato::fleet
