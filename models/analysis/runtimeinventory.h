// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/runtimepolicy.h"
#include "fleet/clusterfacts.h"

#include <QList>
#include <QStringList>

namespace minato::fleet {
class StoreContent;
struct NodeInfo;
} // namespace minato::fleet

namespace minato::analysis {

// What sandboxes a RuntimeClass handler: "runc", "crun", "gVisor" (runsc), "Kata Containers"
// (kata, kata-qemu, kata-clh, kata-fc …), "frakti" (the hypervisor runtime of old clusters),
// "NVIDIA", or the handler itself.
QString runtimeHandlerFamily(QStringView handler);
// Whether the handler isolates pods in a sandbox of its own (gVisor, Kata, frakti).
bool isSandboxedHandler(QStringView handler);

// One node as the runtime view shows it, with its verdicts.
struct RuntimeNode
{
    QString name;
    QString runtime; // containerd, cri-o, docker …
    QString runtimeVersion;
    QString kubeletVersion;
    QString kubeProxyVersion;
    QString osImage;
    QString kernelVersion;
    QString architecture;
    QString criSocket;
    bool ready = false;
    PolicyVerdict kubelet;
    PolicyVerdict kubeProxy;
    PolicyVerdict support; // the runtime's own policy
    QStringList runtimeClasses; // the classes whose nodeSelector this node matches
    QStringList problems; // True conditions beyond the kubelet's five: "ContainerRuntimeUnhealthy"

    PolicyVerdict worst() const; // of kubelet skew, kube-proxy skew (when it reports) and support
};

// Nodes of one cluster sharing runtime and version: a cell of the fleet's runtime matrix.
struct RuntimeGroup
{
    QString runtime;
    QString runtimeVersion;
    QStringList nodes;
    SupportLevel worst = SupportLevel::Supported; // RuntimeNode::worst() over the nodes
    QString reason; // the worst node's reason
};

struct RuntimeClassRow
{
    QString name;
    QString handler;
    QString family; // runtimeHandlerFamily(handler)
    QString nodeSelector; // "k=v,…"
    qint32 tolerations = 0;
    qint64 overheadCpuMilli = 0;
    qint64 overheadMemoryBytes = 0;
    QStringList nodes; // able to run it by its nodeSelector (tolerations are the pods' own)
    int pods = 0;
    int pendingPods = 0; // not scheduled
    PolicyVerdict verdict; // Unsupported when no node matches and pods want it
};

// One cluster's runtimes: every node with its verdicts, the matrix cells, the RuntimeClasses.
struct ClusterRuntimes
{
    QString cluster;
    QString team;
    QString environment;
    QString serverVersion;
    QList<RuntimeNode> nodes; // by name
    QList<RuntimeGroup> groups; // by runtime, then version
    QList<RuntimeClassRow> classes; // by name
    int podsWithoutClass = 0;

    bool isMixed() const; // more than one runtime among the nodes

    static ClusterRuntimes of(const fleet::ClusterFacts& facts, const fleet::StoreContent& store, QDate today);
};

} // namespace minato::analysis
