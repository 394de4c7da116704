// SPDX-License-Identifier: Apache-2.0
// The MTU of the encapsulation in force: FelixConfiguration default, or calico-config's veth_mtu
// on a manifest install.
#include "export/networkchanges.h"

#include "export/networkchangessupport.h"
#include "export/operations.h"
#include "util/ipnetwork.h"

#include <algorithm>

namespace minato::changes {

using namespace networkdetail;

namespace {

    // The Felix fields of the encapsulations in force, with the overhead of each (Felix's own
    // figures: IPIP 20, VXLAN 50 / 70 over IPv6, WireGuard 60 / 80).
    struct MtuField
    {
        const char* field;
        int overhead;
    };

    QList<MtuField> fieldsInForce(const NetworkChangeInputs& inputs)
    {
        bool ipip = false;
        bool vxlan = false;
        bool vxlanV6 = false;
        for (const QJsonObject& pool : inputs.ipPools) {
            const QJsonObject spec = specOf(pool);
            if (spec.value(QLatin1String("disabled")).toBool())
                continue;
            const auto cidr = IpNetwork::parse(spec.value(QLatin1String("cidr")).toString());
            const bool v6 = cidr && !cidr->isIPv4();
            ipip = ipip || modeOf(spec, "ipipMode") != Never;
            if (modeOf(spec, "vxlanMode") != Never)
                (v6 ? vxlanV6 : vxlan) = true;
        }
        const QJsonObject felix = inputs.felixConfiguration ? specOf(*inputs.felixConfiguration) : QJsonObject();
        QList<MtuField> fields;
        if (ipip)
            fields.append({ "ipipMTU", 20 });
        if (vxlan)
            fields.append({ "vxlanMTU", 50 });
        if (vxlanV6)
            fields.append({ "vxlanMTUV6", 70 });
        if (felix.value(QLatin1String("wireguardEnabled")).toBool())
            fields.append({ "wireguardMTU", 60 });
        if (felix.value(QLatin1String("wireguardEnabledV6")).toBool())
            fields.append({ "wireguardMTUV6", 80 });
        return fields;
    }

    QString hostMtuWarning(int mtu, int overhead)
    {
        constexpr int EthernetMtu = 1500;
        if (overhead == 0 || mtu <= EthernetMtu - overhead)
            return {};
        return QStringLiteral("MTU %1 is larger than 1500 − %2: right only when the hosts' interfaces have an MTU of "
                              "at least %3, or packets fragment")
            .arg(mtu)
            .arg(overhead)
            .arg(mtu + overhead);
    }

    const QString PodsKeepTheirMtu = QStringLiteral(
        "running pods keep the MTU they started with: only new pods get the new one (restart workloads to move them)");

    Change configMapChange(const NetworkChangeRequest& request, const QJsonObject& configMap)
    {
        const QString before
            = configMap.value(QLatin1String("data")).toObject().value(QLatin1String("veth_mtu")).toString();
        const QString after = QString::number(request.mtu);
        Change change = patchChange(QStringLiteral("mtu"), request.cluster, configMap,
            QJsonObject { { QStringLiteral("data"), QJsonObject { { QStringLiteral("veth_mtu"), after } } } }, {});
        change.summary = QStringLiteral("veth_mtu %1 → %2 on ConfigMap %3/%4")
                             .arg(before.isEmpty() ? QStringLiteral("\"\"") : before, after,
                                 change.target.namespaceName, change.target.name);
        change.warnings << QStringLiteral("calico-node reads veth_mtu when it starts (as FELIX_IPINIPMTU, "
                                          "FELIX_VXLANMTU and FELIX_WIREGUARDMTU, over FelixConfiguration): restart "
                                          "it with kubectl -n kube-system rollout restart daemonset/calico-node");
        change.warnings << PodsKeepTheirMtu;
        return change;
    }

} // namespace

Expected<QList<Change>> mtuChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs)
{
    const Expected<QList<NetworkFetch>> checked = networkFetches(request);
    if (!checked)
        return checked.error();
    if (request.kind != NetworkChangeKind::Mtu)
        return operationRefused(QStringLiteral("not an MTU request"));
    const QList<MtuField> fields = fieldsInForce(inputs);
    int overhead = 0;
    for (const MtuField& field : fields)
        overhead = std::max(overhead, field.overhead);
    const QString hostWarning = hostMtuWarning(request.mtu, overhead);

    // A manifest install passes veth_mtu to calico-node as environment, which wins over
    // FelixConfiguration even at "0" (auto): there, the ConfigMap is what sets the MTU.
    if (inputs.calicoConfig
        && inputs.calicoConfig->value(QLatin1String("data")).toObject().contains(QLatin1String("veth_mtu"))) {
        const QJsonObject& configMap = *inputs.calicoConfig;
        if (configMap.value(QLatin1String("data")).toObject().value(QLatin1String("veth_mtu")).toString()
            == QString::number(request.mtu))
            return operationRefused(QStringLiteral("ConfigMap %1/%2 sets veth_mtu %3 already")
                                        .arg(configMap.value(QLatin1String("metadata"))
                                                 .toObject()
                                                 .value(QLatin1String("namespace"))
                                                 .toString(),
                                            nameOf(configMap))
                                        .arg(request.mtu));
        Change change = configMapChange(request, configMap);
        if (!hostWarning.isEmpty())
            change.warnings << hostWarning;
        return QList<Change> { change };
    }

    if (fields.isEmpty())
        return operationRefused(
            QStringLiteral("no encapsulation is in force on cluster %1 (no enabled IPPool uses IPIP or VXLAN, "
                           "WireGuard is off): pods get the host interface's MTU, which Felix detects")
                .arg(request.cluster));
    const QJsonObject spec = inputs.felixConfiguration ? specOf(*inputs.felixConfiguration) : QJsonObject();
    QJsonObject specPatch;
    QStringList parts;
    for (const MtuField& field : fields) {
        const QLatin1String key(field.field);
        const int before = spec.value(key).toInt();
        if (before == request.mtu)
            continue;
        specPatch.insert(key, request.mtu);
        parts << (inputs.felixConfiguration
                ? QStringLiteral("%1 %2 → %3")
                      .arg(key, before > 0 ? QString::number(before) : QStringLiteral("auto"),
                          QString::number(request.mtu))
                : QStringLiteral("%1 %2").arg(key, QString::number(request.mtu)));
    }
    if (specPatch.isEmpty())
        return operationRefused(QStringLiteral("FelixConfiguration default sets MTU %1 already").arg(request.mtu));
    Change change;
    if (inputs.felixConfiguration) {
        change = patchChange(QStringLiteral("mtu"), request.cluster, *inputs.felixConfiguration,
            QJsonObject { { QStringLiteral("spec"), specPatch } }, {});
        change.summary = parts.join(QLatin1String(", ")) + QStringLiteral(" on FelixConfiguration ")
            + nameOf(*inputs.felixConfiguration);
    } else {
        if (inputs.apiVersions.felixConfiguration.isEmpty())
            return notServed(request.cluster, "FelixConfiguration");
        change = creationChange(QStringLiteral("mtu"), request.cluster,
            calicoManifest(inputs.apiVersions.felixConfiguration, QStringLiteral("FelixConfiguration"),
                QStringLiteral("default"), specPatch),
            QStringLiteral("create FelixConfiguration default: ") + parts.join(QLatin1String(", ")));
    }
    change.warnings << PodsKeepTheirMtu;
    if (!hostWarning.isEmpty())
        change.warnings << hostWarning;
    return QList<Change> { change };
}

} // namespace minato::changes
