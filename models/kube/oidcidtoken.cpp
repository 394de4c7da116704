// SPDX-License-Identifier: Apache-2.0
#include "oidcidtoken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace minato::kube {

OidcIdToken::OidcIdToken(const QByteArray& jwt)
{
    const QList<QByteArray> segments = jwt.trimmed().split('.');
    if (segments.size() != 3)
        return;
    const auto payload = QByteArray::fromBase64Encoding(
        segments.at(1), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload)
        return;
    QJsonParseError error;
    const QJsonDocument claims = QJsonDocument::fromJson(*payload, &error);
    if (error.error != QJsonParseError::NoError || !claims.isObject())
        return;
    m_wellFormed = true;
    const QJsonValue exp = claims.object().value(QLatin1String("exp"));
    if (exp.isDouble())
        m_expiry = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(exp.toDouble()), Qt::UTC);
}

} // namespace minato::kube
