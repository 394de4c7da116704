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

    // "the server could not find the requested resource": an unknown resource or version
    // under /api or a served group.
    static QByteArray notFoundPath();
    // Go's http.NotFound body (text/plain): what a path no API handler owns gets, such as a
    // group the server does not serve. kube-apiserver 1.20 answers /apis/nosuch/v1 this way.
    static QByteArray pageNotFound() { return "404 page not found\n"; }
    static QByteArray pageNotFoundType() { return "text/plain; charset=utf-8"; }
    // version.Info as the apiserver's /version writes it: Go struct order, two-space indent,
    // no trailing newline (json.MarshalIndent).
    static QByteArray versionInfo(const QJsonObject& info);
    // JSON string literal with the escapes encoding/json uses.
    static QByteArray quoted(const QString& text);
};

} // namespace minato::sim
