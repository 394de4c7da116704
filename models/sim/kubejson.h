// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace minato::sim {

// Builds the pieces every served object shares (metadata, owner references, conditions,
// managedFields) the way the API server writes them. Times are simulated milliseconds
// relative to the world's start; negative offsets lie before it (objects that already existed).
class KubeJson
{
public:
    explicit KubeJson(const QDateTime& start);

    QString time(qint64 offsetMs) const; // RFC 3339, whole seconds: "2024-05-01T10:00:00Z"
    QString microTime(qint64 offsetMs) const; // MicroTime: "2024-05-01T10:00:00.123000Z"
    QDateTime dateTime(qint64 offsetMs) const;
    qint64 startMs() const { return m_startMs; }

    // The store owns resourceVersion; uid and creationTimestamp are given so they stay stable.
    QJsonObject metadata(const QString& name, const QString& nameSpace, const QString& uid, qint64 createdMs,
        const QMap<QString, QString>& labels = {}, const QMap<QString, QString>& annotations = {}) const;
    QJsonArray managedFields(const QString& manager, const QString& apiVersion, qint64 atMs,
        const QString& subresource = {}, const QString& operation = QStringLiteral("Update")) const;

    static QJsonObject ownerReference(
        const QString& apiVersion, const QString& kind, const QString& name, const QString& uid);
    static QJsonObject stringMap(const QMap<QString, QString>& map);
    // Workload and HPA conditions (lastTransitionTime, no heartbeat).
    QJsonObject condition(const QString& type, const QString& status, qint64 transitionMs, const QString& reason,
        const QString& message) const;

private:
    qint64 m_startMs;
};

} // namespace minato::sim
