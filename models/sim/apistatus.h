// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace minato::sim {

// metav1.Status bodies, field for field as a real apiserver writes them (kind, apiVersion,
// metadata, status, message, reason, details, code), so clients parse the same bytes.
class ApiStatus
{
public:
    static QByteArray failure(int code, const QString& reason, const QString& message, const QJsonObject& details = {},
        const QString& continueToken = {});

    // "the server could not find the requested resource": an unknown path or group-version.
    static QByteArray notFoundPath();
    // JSON string literal with the escapes encoding/json uses.
    static QByteArray quoted(const QString& text);
};

} // namespace minato::sim
