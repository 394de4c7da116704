// SPDX-License-Identifier: Apache-2.0
#include "metricsdecoder.h"

#include "util/quantity.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace minato::fleet {

namespace {

ResourceUsage usageOf(const QJsonObject& usage)
{
    ResourceUsage out;
    if (const auto cpu = Quantity::parse(usage.value(QLatin1String("cpu")).toString()))
        out.cpuMilli = cpu->milliValue();
    if (const auto memory = Quantity::parse(usage.value(QLatin1String("memory")).toString()))
        out.memoryBytes = memory->value();
    return out;
}

} // namespace

MetricsPayload MetricsDecoder::decode(Kind kind, const QByteArray& body)
{
    MetricsPayload out;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        out.error = KubeError::make(
            ErrorKind::Parse, QStringLiteral("Cannot read the metrics list: %1").arg(parseError.errorString()));
        return out;
    }
    const QJsonArray items = document.object().value(QLatin1String("items")).toArray();
    out.usage.reserve(items.size());
    for (const QJsonValue& value : items) {
        const QJsonObject item = value.toObject();
        const QJsonObject meta = item.value(QLatin1String("metadata")).toObject();
        const QString name = meta.value(QLatin1String("name")).toString();
        if (kind == Kind::Nodes) {
            out.usage.insert(name, usageOf(item.value(QLatin1String("usage")).toObject()));
            continue;
        }
        ResourceUsage total;
        const QJsonArray containers = item.value(QLatin1String("containers")).toArray();
        for (const QJsonValue& container : containers) {
            const ResourceUsage usage = usageOf(container.toObject().value(QLatin1String("usage")).toObject());
            total.cpuMilli += usage.cpuMilli;
            total.memoryBytes += usage.memoryBytes;
        }
        out.usage.insert(meta.value(QLatin1String("namespace")).toString() + QLatin1Char('/') + name, total);
    }
    return out;
}

kube::DecodedPayloadPtr MetricsDecoder::decodeBody(const QByteArray& body)
{
    return std::make_shared<const MetricsPayload>(decode(m_kind, body));
}

kube::DecodedPayloadPtr MetricsDecoder::decodeStreamLines(const QByteArray&)
{
    auto payload = std::make_shared<MetricsPayload>();
    payload->error = KubeError::make(ErrorKind::Parse, QStringLiteral("metrics.k8s.io cannot be watched"));
    return payload;
}

} // namespace minato::fleet
