// SPDX-License-Identifier: Apache-2.0
// apps/v1: Deployments, StatefulSets, DaemonSets and ReplicaSets share one projection.

#include "kinds/describekind.h"

namespace minato::fleet {
MINATO_PROJECTION(WorkloadInfo)
} // namespace minato::fleet

namespace minato::kinds {

using fleet::WatchedKind;
using Op = changes::OperationKind;

namespace {

    fleet::KindSpec appsV1(WatchedKind kind)
    {
        return servedAt(kind, Scope::Namespaced, { groupVersions("apps", { QStringLiteral("v1") }) });
    }

    void judge(ResourceRow& row, const fleet::WorkloadInfo& w)
    {
        row.health = w.ready < w.desired ? (w.available == 0 && w.desired > 0 ? 2 : 1) : 0;
    }

    ResourceRow deploymentRow(const fleet::WorkloadInfo& w)
    {
        ResourceRow row = baseRow(w);
        row.cells = { row.nameSpace, row.name, QStringLiteral("%1/%2").arg(w.ready).arg(w.desired), QString::number(w.updated),
            QString::number(w.available), QString() };
        row.sortKeys = { {}, {}, {}, w.updated, w.available, {} };
        judge(row, w);
        return row;
    }

    ResourceRow statefulSetRow(const fleet::WorkloadInfo& w)
    {
        ResourceRow row = baseRow(w);
        row.cells = { row.nameSpace, row.name, QStringLiteral("%1/%2").arg(w.ready).arg(w.desired), QString() };
        judge(row, w);
        return row;
    }

    ResourceRow daemonSetRow(const fleet::WorkloadInfo& w)
    {
        ResourceRow row = baseRow(w);
        row.cells = { row.nameSpace, row.name, QString::number(w.desired), QString::number(w.current), QString::number(w.ready), QString::number(w.updated),
            QString::number(w.available), QString() };
        row.sortKeys = { {}, {}, w.desired, w.current, w.ready, w.updated, w.available, {} };
        judge(row, w);
        return row;
    }

    ResourceRow replicaSetRow(const fleet::WorkloadInfo& w)
    {
        ResourceRow row = baseRow(w);
        row.cells = { row.nameSpace, row.name, QString::number(w.desired), QString::number(w.current), QString::number(w.ready), QString() };
        row.sortKeys = { {}, {}, w.desired, w.current, w.ready, {} };
        judge(row, w);
        return row;
    }

} // namespace

KindDescriptor describeDeployments()
{
    return describeKind<fleet::WorkloadInfo>(appsV1(WatchedKind::Deployments),
        { "Deployment", { QStringLiteral("deploy"), QStringLiteral("dp") },
            { QStringLiteral("NAMESPACE"), QStringLiteral("NAME"), QStringLiteral("READY"), QStringLiteral("UP-TO-DATE"),
                QStringLiteral("AVAILABLE"), QStringLiteral("AGE") } },
        &deploymentRow, QList<Op> { Op::Scale, Op::Restart } + metadataAndDelete());
}

KindDescriptor describeStatefulSets()
{
    return describeKind<fleet::WorkloadInfo>(appsV1(WatchedKind::StatefulSets),
        { "StatefulSet", { QStringLiteral("sts") },
            { QStringLiteral("NAMESPACE"), QStringLiteral("NAME"), QStringLiteral("READY"), QStringLiteral("AGE") } },
        &statefulSetRow, QList<Op> { Op::Scale, Op::Restart } + metadataAndDelete());
}

KindDescriptor describeDaemonSets()
{
    return describeKind<fleet::WorkloadInfo>(appsV1(WatchedKind::DaemonSets),
        { "DaemonSet", { QStringLiteral("ds") },
            { QStringLiteral("NAMESPACE"), QStringLiteral("NAME"), QStringLiteral("DESIRED"), QStringLiteral("CURRENT"),
                QStringLiteral("READY"), QStringLiteral("UP-TO-DATE"), QStringLiteral("AVAILABLE"), QStringLiteral("AGE") } },
        &daemonSetRow, QList<Op> { Op::Restart } + metadataAndDelete());
}

KindDescriptor describeReplicaSets()
{
    return describeKind<fleet::WorkloadInfo>(appsV1(WatchedKind::ReplicaSets),
        { "ReplicaSet", { QStringLiteral("rs") },
            { QStringLiteral("NAMESPACE"), QStringLiteral("NAME"), QStringLiteral("DESIRED"), QStringLiteral("CURRENT"),
                QStringLiteral("READY"), QStringLiteral("AGE") } },
        &replicaSetRow, QList<Op> { Op::Scale } + metadataAndDelete());
}

} // namespace minato::kinds
