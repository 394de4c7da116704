// SPDX-License-Identifier: Apache-2.0
#include "prometheusdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace minato::fleet {

namespace {

    KubeError parseError(const QString& what)
    {
        return KubeError::make(
            ErrorKind::Parse, QStringLiteral("Prometheus answered something unexpected: %1").arg(what));
    }

    // Sample values are strings so that NaN and the infinities survive JSON.
    std::optional<double> sampleValue(const QJsonValue& value)
    {
        if (!value.isString())
            return std::nullopt;
        const QString text = value.toString();
        if (text == QLatin1String("NaN"))
            return std::numeric_limits<double>::quiet_NaN();
        if (text == QLatin1String("+Inf") || text == QLatin1String("Inf"))
            return std::numeric_limits<double>::infinity();
        if (text == QLatin1String("-Inf"))
            return -std::numeric_limits<double>::infinity();
        bool ok = false;
        const double v = text.toDouble(&ok);
        return ok ? std::optional<double>(v) : std::nullopt;
    }

} // namespace

QString PrometheusDecoder::errorText(const QByteArray& body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(QLatin1String("status")).toString() != QLatin1String("error"))
        return {};
    const QString type = root.value(QLatin1String("errorType")).toString();
    const QString error = root.value(QLatin1String("error")).toString();
    if (type.isEmpty())
        return error;
    return error.isEmpty() ? type : type + QStringLiteral(": ") + error;
}

Expected<PrometheusMatrix> PrometheusDecoder::decodeMatrix(const QByteArray& body)
{
    QJsonParseError jsonError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &jsonError);
    if (jsonError.error != QJsonParseError::NoError)
        return parseError(
            QStringLiteral("not JSON (%1 at offset %2)").arg(jsonError.errorString()).arg(jsonError.offset));
    if (!document.isObject())
        return parseError(QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();
    const QString status = root.value(QLatin1String("status")).toString();
    if (status == QLatin1String("error")) {
        KubeError error = KubeError::make(ErrorKind::Server, QStringLiteral("Prometheus: %1").arg(errorText(body)));
        error.detail = root.value(QLatin1String("errorType")).toString();
        return error;
    }
    if (status != QLatin1String("success"))
        return parseError(QStringLiteral("status is \"%1\"").arg(status.left(40)));
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    const QString resultType = data.value(QLatin1String("resultType")).toString();
    if (resultType != QLatin1String("matrix"))
        return parseError(QStringLiteral("resultType is \"%1\", not \"matrix\"").arg(resultType.left(40)));
    const QJsonValue result = data.value(QLatin1String("result"));
    if (!result.isArray())
        return parseError(QStringLiteral("data.result is not a list"));

    PrometheusMatrix matrix;
    for (const QJsonValue& warning : root.value(QLatin1String("warnings")).toArray())
        matrix.warnings.append(warning.toString());
    const QJsonArray items = result.toArray();
    matrix.series.reserve(items.size());
    for (const QJsonValue& item : items) {
        const QJsonObject object = item.toObject();
        const QJsonValue metric = object.value(QLatin1String("metric"));
        const QJsonValue values = object.value(QLatin1String("values"));
        if (!metric.isObject() || !values.isArray())
            return parseError(QStringLiteral("a series without \"metric\" or \"values\""));
        PrometheusSeries series;
        const QJsonObject labels = metric.toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            series.labels.insert(it.key(), it.value().toString());
        const QJsonArray points = values.toArray();
        series.timesMs.reserve(points.size());
        series.values.reserve(points.size());
        for (const QJsonValue& point : points) {
            const QJsonArray pair = point.toArray();
            const std::optional<double> value = pair.size() == 2 ? sampleValue(pair.at(1)) : std::nullopt;
            if (!pair.at(0).isDouble() || !value)
                return parseError(QStringLiteral("a point is not [<unix time>, \"<value>\"]"));
            // Times are seconds with millisecond precision; rounding undoes the binary fraction.
            series.timesMs.append(qint64(std::llround(pair.at(0).toDouble() * 1000.0)));
            series.values.append(*value);
        }
        matrix.series.append(std::move(series));
    }
    return matrix;
}

kube::DecodedPayloadPtr PrometheusMatrixDecoder::decodeBody(const QByteArray& body)
{
    return std::make_shared<const Payload>(PrometheusDecoder::decodeMatrix(body));
}

kube::DecodedPayloadPtr PrometheusMatrixDecoder::decodeStreamLines(const QByteArray&)
{
    return nullptr; // range queries are never streamed
}

} // namespace minato::fleet
