// SPDX-License-Identifier: Apache-2.0
#include "apistatus.h"

#include <QJsonDocument>

namespace minato::sim {

QByteArray ApiStatus::quoted(const QString& text)
{
    QByteArray result = "\"";
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            result += "\\\"";
            break;
        case '\\':
            result += "\\\\";
            break;
        case '\n':
            result += "\\n";
            break;
        case '\t':
            result += "\\t";
            break;
        case '\r':
            result += "\\r";
            break;
        // encoding/json escapes these so the output is safe inside HTML.
        case '<':
            result += "\\u003c";
            break;
        case '>':
            result += "\\u003e";
            break;
        case '&':
            result += "\\u0026";
            break;
        default:
            if (c.unicode() < 0x20)
                result += "\\u00" + QByteArray::number(c.unicode(), 16).rightJustified(2, '0');
            else
                result += QString(c).toUtf8();
        }
    }
    return result + '"';
}

QByteArray ApiStatus::failure(
    int code, const QString& reason, const QString& message, const QJsonObject& details, const QString& continueToken)
{
    QByteArray body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{";
    if (!continueToken.isEmpty())
        body += "\"continue\":" + quoted(continueToken);
    body += "},\"status\":\"Failure\",\"message\":" + quoted(message);
    if (!reason.isEmpty())
        body += ",\"reason\":" + quoted(reason);
    if (!details.isEmpty())
        body += ",\"details\":" + QJsonDocument(details).toJson(QJsonDocument::Compact);
    body += ",\"code\":" + QByteArray::number(code) + '}';
    return body;
}

QByteArray ApiStatus::notFoundPath()
{
    // Unlike most failures, this one carries an empty details object.
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
           "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
           "\"details\":{},\"code\":404}";
}

} // namespace minato::sim
