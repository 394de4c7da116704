// SPDX-License-Identifier: Apache-2.0
#include "sim/kubejson.h"

#include <chrono>
#include <cstdio>

namespace minato::sim {

KubeJson::KubeJson(const QDateTime& start)
    : m_startMs(start.toMSecsSinceEpoch())
{ }

QDateTime KubeJson::dateTime(qint64 offsetMs) const
{
    return QDateTime::fromMSecsSinceEpoch(m_startMs + offsetMs, Qt::UTC);
}

QString KubeJson::time(qint64 offsetMs) const
{
    // Formatted by hand: this runs a dozen times per object, and QDateTime::toString is slow.
    // Floor, not round, as the apiserver truncates metav1.Time to seconds.
    const qint64 ms = m_startMs + offsetMs;
    const qint64 secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    const qint64 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    const qint64 second = secs - days * 86400;
    const std::chrono::year_month_day date { std::chrono::sys_days { std::chrono::days { days } } };
    char buffer[32];
    const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", int(date.year()),
        unsigned(date.month()), unsigned(date.day()), second / 3600, (second / 60) % 60, second % 60);
    return QString::fromLatin1(buffer, n);
}

QString KubeJson::microTime(qint64 offsetMs) const
{
    QString s = dateTime(offsetMs).toString(Qt::ISODateWithMs); // "...T10:00:00.123Z"
    s.chop(1);
    return s + QStringLiteral("000Z");
}

QJsonObject KubeJson::stringMap(const QMap<QString, QString>& map)
{
    QJsonObject o;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject KubeJson::metadata(const QString& name, const QString& nameSpace, const QString& uid, qint64 createdMs,
    const QMap<QString, QString>& labels, const QMap<QString, QString>& annotations) const
{
    QJsonObject m {
        { QStringLiteral("name"), name },
        { QStringLiteral("uid"), uid },
        { QStringLiteral("creationTimestamp"), time(createdMs) },
    };
    if (!nameSpace.isEmpty())
        m.insert(QStringLiteral("namespace"), nameSpace);
    if (!labels.isEmpty())
        m.insert(QStringLiteral("labels"), stringMap(labels));
    if (!annotations.isEmpty())
        m.insert(QStringLiteral("annotations"), stringMap(annotations));
    return m;
}

QJsonArray KubeJson::managedFields(const QString& manager, const QString& apiVersion, qint64 atMs,
    const QString& subresource, const QString& operation) const
{
    // A short entry: enough for clients that show "managed by", not the full field set.
    const QString top = subresource == QLatin1String("status") ? QStringLiteral("f:status") : QStringLiteral("f:spec");
    QJsonObject entry {
        { QStringLiteral("manager"), manager },
        { QStringLiteral("operation"), operation },
        { QStringLiteral("apiVersion"), apiVersion },
        { QStringLiteral("time"), time(atMs) },
        { QStringLiteral("fieldsType"), QStringLiteral("FieldsV1") },
        { QStringLiteral("fieldsV1"),
            QJsonObject { { top, QJsonObject { { QStringLiteral("."), QJsonObject {} } } } } },
    };
    if (!subresource.isEmpty())
        entry.insert(QStringLiteral("subresource"), subresource);
    return QJsonArray { entry };
}

QJsonObject KubeJson::ownerReference(
    const QString& apiVersion, const QString& kind, const QString& name, const QString& uid)
{
    return QJsonObject {
        { QStringLiteral("apiVersion"), apiVersion },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("name"), name },
        { QStringLiteral("uid"), uid },
        { QStringLiteral("controller"), true },
        { QStringLiteral("blockOwnerDeletion"), true },
    };
}

QJsonObject KubeJson::condition(const QString& type, const QString& status, qint64 transitionMs, const QString& reason,
    const QString& message) const
{
    return QJsonObject {
        { QStringLiteral("type"), type },
        { QStringLiteral("status"), status },
        { QStringLiteral("lastTransitionTime"), time(transitionMs) },
        { QStringLiteral("reason"), reason },
        { QStringLiteral("message"), message },
    };
}

} // namespace minato::sim
