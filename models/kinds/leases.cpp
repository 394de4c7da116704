// SPDX-License-Identifier: Apache-2.0
// coordination.k8s.io/v1 Lease: node heartbeats (kube-node-lease, one per node, renewed every
// 10 s by its kubelet) and leader election (kube-controller-manager, kube-scheduler …).
// Watched on demand: node leases churn with every heartbeat and only the browser shows them.

#include "kinds/describekind.h"

#include <QDateTime>

namespace minato::kinds {

struct LeaseInfo
{
    fleet::ObjectMeta meta;
    QString holder; // spec.holderIdentity: the node, or "<host>_<uuid>" of the leader
    qint32 durationSeconds = -1; // spec.leaseDurationSeconds
    qint64 renewTime = 0; // spec.renewTime, epoch seconds; 0 when never renewed
    qint32 transitions = -1; // spec.leaseTransitions: leader changes (absent on node leases)
};

// Found by argument-dependent lookup when the decoder template is instantiated below.
void decodeInto(fleet::detail::od::value& object, LeaseInfo& out, fleet::detail::DecodeContext& ctx)
{
    using namespace fleet::detail;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "spec") {
            forEachField(member, [&](std::string_view field, od::value& value) {
                if (field == "holderIdentity")
                    out.holder = qstringOf(value);
                else if (field == "leaseDurationSeconds")
                    out.durationSeconds = int32Of(value, -1);
                else if (field == "renewTime")
                    out.renewTime = timeOf(value);
                else if (field == "leaseTransitions")
                    out.transitions = int32Of(value, -1);
            });
        }
    });
}

} // namespace minato::kinds

namespace minato::fleet {
MINATO_PROJECTION(kinds::LeaseInfo)
} // namespace minato::fleet

namespace minato::kinds {

namespace {

    ResourceRow leaseRow(const LeaseInfo& lease)
    {
        ResourceRow row = baseRow(lease);
        const QString renewed = lease.renewTime
            ? QDateTime::fromSecsSinceEpoch(lease.renewTime, Qt::UTC).toString(Qt::ISODate)
            : QStringLiteral("<none>");
        row.cells = { row.nameSpace, row.name, lease.holder.isEmpty() ? QStringLiteral("<none>") : lease.holder,
            lease.durationSeconds >= 0 ? QStringLiteral("%1s").arg(lease.durationSeconds) : QStringLiteral("<none>"),
            renewed, lease.transitions >= 0 ? QString::number(lease.transitions) : QString(), QString() };
        row.sortKeys = { {}, {}, {}, lease.durationSeconds, lease.renewTime, lease.transitions, {} };
        return row;
    }

} // namespace

KindDescriptor describeLeases()
{
    fleet::KindSpec spec = servedAt(
        fleet::WatchedKind::Leases, Scope::Namespaced, { groupVersions("coordination.k8s.io", { QStringLiteral("v1") }) });
    spec.watch = fleet::WatchPolicy::OnDemand;
    return describeKind<LeaseInfo>(std::move(spec),
        { "Lease", {},
            { QStringLiteral("NAMESPACE"), QStringLiteral("NAME"), QStringLiteral("HOLDER"), QStringLiteral("DURATION"),
                QStringLiteral("RENEWED"), QStringLiteral("TRANSITIONS"), QStringLiteral("AGE") } },
        &leaseRow, metadataAndDelete());
}

} // namespace minato::kinds
