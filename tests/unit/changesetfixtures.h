// SPDX-License-Identifier: Apache-2.0
#pragma once

// A change set over upstream objects for the export, store and validation tests: a scaled and
// labelled Deployment, a cordoned and drained Node on a cluster whose name is no path segment,
// an annotated Secret whose patch carries a real value, and a delete plan.

#include "export/change.h"
#include "export/cleanmanifest.h"
#include "objectfixtures.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace changesetfixtures {

using namespace minato::changes;

inline QJsonObject fixture(const char* name)
{
    return QJsonDocument::fromJson(readFixture(QString::fromLatin1(name))).object();
}

inline QJsonObject withValue(QJsonObject object, const QString& section, const QString& key, const QJsonValue& value)
{
    QJsonObject part = object.value(section).toObject();
    part.insert(key, value);
    object.insert(section, part);
    return object;
}

inline const QString ClusterA = QStringLiteral("team-a-prod");
inline const QString ClusterB = QStringLiteral("arn:aws:eks:eu-west-1:1234:cluster/b"); // not a path segment as is

inline ChangeSet sampleSet()
{
    ChangeSet set;
    set.title = QStringLiteral("Scale icx-db & drain node (INC-42)");
    set.reason = QStringLiteral("Database load doubled; the node has a failing disk.");
    set.author = QStringLiteral("alice");
    set.created = QDateTime(QDate(2026, 11, 25), QTime(9, 30, 0), Qt::UTC);

    const QJsonObject deployment = cleanManifest(fixture("upstream:k9s/render-testdata/dp.json"));
    const QJsonObject scaled = withValue(deployment, QStringLiteral("spec"), QStringLiteral("replicas"), 5);
    const ObjectRef dp { ClusterA, QStringLiteral("apps/v1"), QStringLiteral("Deployment"), QStringLiteral("icx"),
        QStringLiteral("icx-db") };
    set.changes.append({ QStringLiteral("scale"), QStringLiteral("scale Deployment icx-db 1 → 5"), dp, deployment,
        scaled, PatchType::StrategicMerge,
        QJsonObject { { QStringLiteral("spec"), QJsonObject { { QStringLiteral("replicas"), 5 } } } }, {}, {} });

    QJsonObject labelled = scaled;
    QJsonObject meta = labelled.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("labels"),
        QJsonObject {
            { QStringLiteral("app"), QStringLiteral("icx-db") }, { QStringLiteral("tier"), QStringLiteral("db") } });
    labelled.insert(QStringLiteral("metadata"), meta);
    set.changes.append({ QStringLiteral("label"), QStringLiteral("label Deployment icx-db tier=db"), dp, scaled,
        labelled, PatchType::StrategicMerge,
        QJsonObject { { QStringLiteral("metadata"),
            QJsonObject {
                { QStringLiteral("labels"), QJsonObject { { QStringLiteral("tier"), QStringLiteral("db") } } } } } },
        {}, {} });

    const QJsonObject node = cleanManifest(fixture("upstream:k9s/render-testdata/no.json"));
    const QString nodeName = node.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    const ObjectRef no { ClusterB, QStringLiteral("v1"), QStringLiteral("Node"), {}, nodeName };
    set.changes.append({ QStringLiteral("cordon"), QStringLiteral("cordon Node ") + nodeName, no, node,
        withValue(node, QStringLiteral("spec"), QStringLiteral("unschedulable"), true), PatchType::StrategicMerge,
        QJsonObject { { QStringLiteral("spec"), QJsonObject { { QStringLiteral("unschedulable"), true } } } }, {},
        {} });
    set.changes.append({ QStringLiteral("drain"), QStringLiteral("drain Node ") + nodeName, no, {}, {}, PatchType::None,
        {},
        QJsonObject { { QStringLiteral("kind"), QStringLiteral("DrainPlan") }, { QStringLiteral("node"), nodeName } },
        { QStringLiteral("2 pods have no controller and will not come back") } });

    QStringList secretWarnings;
    const QJsonObject secret = cleanManifest(fixture("upstream:k9s/render-testdata/sec.json"), &secretWarnings);
    const ObjectRef sec { ClusterA, QStringLiteral("v1"), QStringLiteral("Secret"), QStringLiteral("default"),
        QStringLiteral("s1") };
    set.changes.append({ QStringLiteral("annotate"), QStringLiteral("annotate Secret s1 owner=db"), sec, secret,
        withValue(secret, QStringLiteral("metadata"), QStringLiteral("annotations"),
            QJsonObject { { QStringLiteral("owner"), QStringLiteral("db") } }),
        PatchType::StrategicMerge,
        QJsonObject { { QStringLiteral("data"),
            QJsonObject { { QStringLiteral("password"), QStringLiteral("YnVtYmxlYmVldHVuYQo=") } } } },
        {}, secretWarnings });

    const ObjectRef svc { ClusterA, QStringLiteral("v1"), QStringLiteral("Service"), QStringLiteral("default"),
        QStringLiteral("dictionary1") };
    set.changes.append({ QStringLiteral("delete"), QStringLiteral("delete Service dictionary1"), svc,
        cleanManifest(fixture("upstream:k9s/render-testdata/svc.json")), {}, PatchType::None, {},
        QJsonObject { { QStringLiteral("kind"), QStringLiteral("DeletePlan") },
            { QStringLiteral("object"), QStringLiteral("default/Service/dictionary1") } },
        {} });
    return set;
}

} // namespace changesetfixtures
