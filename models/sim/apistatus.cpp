// SPDX-License-Identifier: Apache-2.0
#include "apistatus.h"

#include <QJsonArray>
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

namespace {

    // The object's keys in the order of the Go struct the apiserver encodes (QJsonDocument
    // would sort them), then any others.
    QStringList keysInGoOrder(const QJsonObject& object, QStringList order)
    {
        for (const QString& key : object.keys()) {
            if (!order.contains(key))
                order.append(key);
        }
        order.removeIf([&object](const QString& key) { return !object.contains(key); });
        return order;
    }

    // StatusCause: reason, message, field.
    QByteArray orderedCauses(const QJsonArray& causes)
    {
        QByteArray out = "[";
        for (const QJsonValue& value : causes) {
            const QJsonObject cause = value.toObject();
            QByteArray item;
            for (const char* key : { "reason", "message", "field" }) {
                const QString name = QString::fromLatin1(key);
                if (!cause.contains(name))
                    continue;
                item += QByteArray(item.isEmpty() ? "" : ",") + ApiStatus::quoted(name) + ':'
                    + ApiStatus::quoted(cause.value(name).toString());
            }
            out += QByteArray(out.size() > 1 ? "," : "") + '{' + item + '}';
        }
        return out + ']';
    }

    // StatusDetails: name, group, kind, uid, causes, retryAfterSeconds.
    QByteArray orderedDetails(const QJsonObject& details)
    {
        const QStringList keys = keysInGoOrder(details,
            { QStringLiteral("name"), QStringLiteral("group"), QStringLiteral("kind"), QStringLiteral("uid"),
                QStringLiteral("causes"), QStringLiteral("retryAfterSeconds") });
        QByteArray out = "{";
        for (const QString& key : keys) {
            if (out.size() > 1)
                out += ',';
            const QJsonValue value = details.value(key);
            QByteArray text;
            if (value.isString())
                text = ApiStatus::quoted(value.toString());
            else if (value.isObject())
                text = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
            else if (key == QLatin1String("causes"))
                text = orderedCauses(value.toArray());
            else if (value.isArray())
                text = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
            else
                text = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact).mid(1).chopped(1);
            out += ApiStatus::quoted(key) + ':' + text;
        }
        return out + '}';
    }

} // namespace

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
        body += ",\"details\":" + orderedDetails(details);
    body += ",\"code\":" + QByteArray::number(code) + '}';
    return body;
}

QByteArray ApiStatus::versionInfo(const QJsonObject& info)
{
    const QStringList keys = keysInGoOrder(info,
        { QStringLiteral("major"), QStringLiteral("minor"), QStringLiteral("gitVersion"), QStringLiteral("gitCommit"),
            QStringLiteral("gitTreeState"), QStringLiteral("buildDate"), QStringLiteral("goVersion"),
            QStringLiteral("compiler"), QStringLiteral("platform") });
    QByteArray out = "{";
    for (const QString& key : keys)
        out += QByteArray(out.size() > 1 ? "," : "") + "\n  " + quoted(key) + ": " + quoted(info.value(key).toString());
    return out + "\n}";
}

QByteArray ApiStatus::notFoundPath()
{
    // Unlike most failures, this one carries an empty details object.
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
           "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\","
           "\"details\":{},\"code\":404}";
}

} // namespace minato::sim
