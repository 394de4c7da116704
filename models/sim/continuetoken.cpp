// SPDX-License-Identifier: Apache-2.0
#include "continuetoken.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace minato::sim {

QByteArray ContinueToken::encode() const
{
    const QJsonObject json { { QStringLiteral("v"), QStringLiteral("meta.k8s.io/v1") },
        { QStringLiteral("rv"), resourceVersion }, { QStringLiteral("start"), QString::fromUtf8(startKey) } };
    return QJsonDocument(json)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<ContinueToken> ContinueToken::decode(const QByteArray& token)
{
    // Go's base64.RawURLEncoding drops padding; accept both forms.
    const auto decoded = QByteArray::fromBase64Encoding(token, QByteArray::Base64UrlEncoding);
    if (!decoded)
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(*decoded).object();
    if (json.value(QStringLiteral("v")).toString() != QLatin1String("meta.k8s.io/v1")
        || !json.value(QStringLiteral("rv")).isDouble())
        return std::nullopt;
    ContinueToken result;
    result.resourceVersion = json.value(QStringLiteral("rv")).toInteger();
    result.startKey = json.value(QStringLiteral("start")).toString().toUtf8();
    if (result.startKey.isEmpty())
        return std::nullopt;
    return result;
}

} // namespace minato::sim
