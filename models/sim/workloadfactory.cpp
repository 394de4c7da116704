// SPDX-License-Identifier: Apache-2.0
#include "sim/workloadfactory.h"

#include "sim/cidr.h"
#include "sim/quantity.h"
#include "sim/systemworkloads.h"

namespace minato::sim {

namespace {

    constexpr qint64 Day = 24LL * 3600 * 1000;

} // namespace

WorkloadFactory::WorkloadFactory(WorldContext& context)
    : m_context(context)
{ }

QString WorkloadFactory::allocateServiceIp(const QString& nameSpace, const QString& name)
{
    const Cidr range = *Cidr::parse(m_context.spec.serviceCidr);
    quint64 n = quint64(m_context.ids.range(m_context.ids.key(QStringLiteral("svc"), nameSpace, name), 20,
        int(std::min<quint64>(range.size() - 2, 1 << 20))));
    while (m_serviceIps.contains(range.host(n)) || n < 20)
        n = n + 1 >= range.size() - 1 ? 20 : n + 1;
    m_serviceIps.insert(range.host(n));
    return Cidr::address(range.host(n));
}

std::vector<SimWorkload> WorkloadFactory::build(int nodeCount)
{
    std::vector<SimWorkload> out;

    const ClusterSpec& spec = m_context.spec;
    const IdGenerator& ids = m_context.ids;
    const qint64 clusterAge = ids.range(ids.key(spec.name, QStringLiteral("cluster-age")), 40, 700) * Day;
    const Cidr services = *Cidr::parse(spec.serviceCidr);
    m_serviceIps.insert(services.host(1)); // kubernetes.default
    m_serviceIps.insert(services.host(10)); // kube-dns, as kubeadm assigns it

    QList<WorkloadSpec> specs = SystemWorkloads::forCluster(spec);
    const int systemCount = int(specs.size());
    specs += spec.workloads;
    for (int i = 0; i < specs.size(); ++i) {
        SimWorkload w;
        w.spec = specs.at(i);
        w.system = i < systemCount;
        const quint64 key = ids.key(w.spec.nameSpace, w.spec.name, workloadKindName(w.spec.kind));
        w.uid = ids.uid(key);
        w.selector = w.spec.labels.isEmpty()
            ? QMap<QString, QString> { { QStringLiteral("app.kubernetes.io/name"), w.spec.name } }
            : w.spec.labels;
        const QString hash = ids.suffix(key + 1, 10);
        w.templateHash = w.spec.kind == WorkloadKind::Deployment ? hash : w.spec.name + QLatin1Char('-') + hash;
        w.replicaSetName = w.spec.name + QLatin1Char('-') + hash;
        w.replicaSetUid = ids.uid(key + 2);
        w.createdMs = w.system ? -clusterAge + ids.range(key + 3, 120, 900) * 1000
                               : -ids.range(key + 3, 2, int(clusterAge / Day)) * Day;
        w.availableChangedMs = w.progressingChangedMs = w.progressingUpdatedMs = w.createdMs + 15000;
        w.desired = w.spec.kind == WorkloadKind::DaemonSet ? nodeCount : w.spec.replicas;
        w.cpuRequest = Quantity::parse(w.spec.requests.cpu).value_or(0);
        w.memoryRequest = Quantity::parse(w.spec.requests.memory).value_or(0);
        w.cpuLimit = Quantity::parse(w.spec.limits.cpu).value_or(0);
        w.memoryLimit = Quantity::parse(w.spec.limits.memory).value_or(0);
        w.cpuPerPod = w.cpuRequest > 0 ? w.cpuRequest * w.spec.cpuLoad : 0.005 + 0.05 * ids.unit(key + 4);
        w.memoryPerPod = w.memoryRequest > 0 ? w.memoryRequest * (0.45 + 0.3 * ids.unit(key + 5))
                                             : (24 + 160 * ids.unit(key + 5)) * 1024 * 1024;
        if (w.spec.service && w.spec.kind != WorkloadKind::DaemonSet) {
            const QString serviceName = w.spec.serviceName.isEmpty() ? w.spec.name : w.spec.serviceName;
            w.serviceUid = ids.uid(ids.key(QStringLiteral("service"), w.spec.nameSpace, serviceName));
            w.serviceIp = serviceName == QLatin1String("kube-dns") ? Cidr::address(services.host(10))
                                                                   : allocateServiceIp(w.spec.nameSpace, serviceName);
        }
        out.push_back(w);
    }
    return out;
}

} // namespace minato::sim
