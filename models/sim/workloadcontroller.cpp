// SPDX-License-Identifier: Apache-2.0
#include "sim/workloadcontroller.h"

#include "sim/quantity.h"
#include "sim/workloadfactory.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace minato::sim {

WorkloadController::WorkloadController(WorldContext& context, NodeFleet& nodes, NetworkObjects& network)
    : m_context(context)
    , m_nodes(nodes)
    , m_network(network)
    , m_scheduler(context, nodes)
    , m_lifecycle(context)
    , m_podJson(context, m_lifecycle)
    , m_json(context, m_podJson)
{ }

int WorkloadController::indexOf(const QString& nameSpace, const QString& name) const
{
    return m_byName.value(nameSpace + QLatin1Char('/') + name, -1);
}

void WorkloadController::build()
{
    m_workloads = WorkloadFactory(m_context).build(int(m_nodes.nodes().size()));
    for (int i = 0; i < int(m_workloads.size()); ++i)
        m_byName.insert(m_workloads[i].spec.nameSpace + QLatin1Char('/') + m_workloads[i].spec.name, i);
    for (int w = 0; w < int(m_workloads.size()); ++w) {
        const SimWorkload& workload = m_workloads[w];
        if (workload.spec.kind == WorkloadKind::DaemonSet) {
            for (int n = 0; n < int(m_nodes.nodes().size()); ++n)
                createPod(w, -1, n, true);
        } else {
            for (int r = 0; r < workload.desired; ++r)
                createPod(w, workload.spec.kind == WorkloadKind::StatefulSet ? r : -1, -1, true);
            if (workload.spec.kind == WorkloadKind::Deployment)
                ensureClaims(w, -1);
        }
    }
}

void WorkloadController::ensureClaims(int workload, int ordinal)
{
    const SimWorkload& w = m_workloads[workload];
    for (const VolumeClaimSpec& claim : w.spec.volumeClaims) {
        const QString name = ordinal >= 0
            ? QString(claim.name + QLatin1Char('-') + w.spec.name + QLatin1Char('-') + QString::number(ordinal))
            : QString(w.spec.name + QLatin1Char('-') + claim.name);
        const QString key = w.spec.nameSpace + QLatin1Char('/') + name;
        if (m_claims.contains(key))
            continue;
        m_claims.insert(key);
        // StatefulSet claims outlive their pods: a scale-down leaves them Bound.
        const qint64 created = m_context.clock.now() == 0 && ordinal < w.desired
            ? w.createdMs + 5000 + ordinal * 30000LL
            : m_context.clock.now();
        m_newClaims.append(m_json.persistentVolumeClaim(w, claim, name, created));
    }
}

int WorkloadController::createPod(int workload, int ordinal, int fixedNode, bool initial)
{
    const IdGenerator& ids = m_context.ids;
    const qint64 now = m_context.clock.now();
    int slot;
    if (!m_freePods.empty()) {
        slot = m_freePods.back();
        m_freePods.pop_back();
    } else {
        slot = int(m_pods.size());
        m_pods.emplace_back();
    }
    SimWorkload& w = m_workloads[workload];
    SimPod pod;
    pod.live = true;
    pod.workload = workload;
    pod.ordinal = ordinal;
    const quint64 counter = w.podCounter++;
    const quint64 key = ids.key(w.spec.nameSpace, w.spec.name, QStringLiteral("pod"), counter);
    switch (w.spec.kind) {
    case WorkloadKind::Deployment:
        pod.name = w.replicaSetName + QLatin1Char('-') + ids.suffix(key, 5);
        break;
    case WorkloadKind::StatefulSet:
        pod.name = w.spec.name + QLatin1Char('-') + QString::number(ordinal);
        break;
    case WorkloadKind::DaemonSet:
        pod.name = w.spec.name + QLatin1Char('-') + ids.suffix(key, 5);
        break;
    }
    pod.uid = ids.uid(key + 1);
    pod.incarnation = ++m_incarnations;
    // Pods of a long-lived workload were last replaced some hours or days ago.
    pod.createdMs = initial ? std::max(w.createdMs + 20000, -qint64(ids.range(key + 2, 600, 20 * 86400)) * 1000) : now;
    // The scheduler binds within a second; the second boundaries it crosses show in the
    // whole-second timestamps the API server writes.
    if (initial && w.spec.churn.count() > 0 && w.spec.kind != WorkloadKind::DaemonSet) {
        // A churning workload's pods are young: somewhere in their lives when the world starts.
        const double age = 0.05 + 0.9 * ids.unit(ids.key(pod.uid, QStringLiteral("churn-age")));
        // At least a minute ago, so that even a slow start has finished by then.
        const qint64 born = std::min<qint64>(-60000, -qint64(double(churnLifetime(pod, w)) * age) / 1000 * 1000);
        pod.createdMs = std::max(w.createdMs + 20000, born);
    }
    const qint64 bindDelay = ids.range(key + 3, 20, 980);
    pod.scheduledMs = pod.createdMs + bindDelay;
    m_pods[slot] = pod;
    ++m_livePods;
    w.pods.append(slot);
    if (w.spec.kind == WorkloadKind::StatefulSet)
        ensureClaims(workload, ordinal);

    if (w.fault != PodFault::None && (w.faultPods == 0 || affectedPods(w) < w.faultPods))
        m_pods[slot].fault = w.fault;

    if (!initial) {
        if (w.spec.kind == WorkloadKind::Deployment) {
            const InvolvedObject rs { QStringLiteral("ReplicaSet"), QStringLiteral("apps/v1"), w.spec.nameSpace,
                w.replicaSetName, w.replicaSetUid, {} };
            m_context.events.record(now, rs, false, QStringLiteral("SuccessfulCreate"),
                QStringLiteral("Created pod: ") + m_pods[slot].name, QStringLiteral("replicaset-controller"));
        } else if (w.spec.kind == WorkloadKind::StatefulSet) {
            controllerEvent(w, false, QStringLiteral("SuccessfulCreate"),
                QStringLiteral("create Pod %1 in StatefulSet %2 successful").arg(m_pods[slot].name, w.spec.name));
        } else {
            controllerEvent(
                w, false, QStringLiteral("SuccessfulCreate"), QStringLiteral("Created pod: ") + m_pods[slot].name);
        }
    }
    scheduleChurn(slot);
    QString why;
    const int node = fixedNode >= 0 ? fixedNode : m_scheduler.pick(w, m_pods[slot].name, &why);
    if (node < 0) {
        m_pods[slot].stage = PodStage::Unschedulable;
        m_pendingReason.insert(slot, why);
        const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), w.spec.nameSpace, m_pods[slot].name,
            m_pods[slot].uid, {} };
        m_context.events.record(
            now, object, true, QStringLiteral("FailedScheduling"), why, QStringLiteral("default-scheduler"));
        markPodDirty(slot);
        markDirty(workload);
        return slot;
    }
    assign(slot, node);
    if (initial) {
        SimNode& n = m_nodes.nodes()[node];
        m_lifecycle.settle(m_pods[slot], w, n);
        n.images.insert(w.spec.image);
    } else {
        m_pods[slot].stage = PodStage::Scheduling;
        m_lifecycle.schedule(m_pods[slot], slot, PodAction::Schedule, bindDelay);
    }
    markPodDirty(slot);
    markDirty(workload);
    return slot;
}

void WorkloadController::assign(int slot, int nodeIndex)
{
    SimPod& pod = m_pods[slot];
    const SimWorkload& w = m_workloads[pod.workload];
    SimNode& node = m_nodes.nodes()[nodeIndex];
    pod.node = nodeIndex;
    pod.ip = w.spec.hostNetwork ? node.ip : m_network.allocatePodIp(node);
    ++node.pods;
    m_pendingReason.remove(slot);
}

void WorkloadController::bound(int slot)
{
    SimPod& pod = m_pods[slot];
    const SimWorkload& w = m_workloads[pod.workload];
    const SimNode& node = m_nodes.nodes()[pod.node];
    pod.scheduledMs = m_context.clock.now();
    const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), w.spec.nameSpace, pod.name, pod.uid,
        {} };
    m_context.events.record(m_context.clock.now(), object, false, QStringLiteral("Scheduled"),
        QStringLiteral("Successfully assigned %1/%2 to %3").arg(w.spec.nameSpace, pod.name, node.name),
        QStringLiteral("default-scheduler"));
    m_lifecycle.beginCreating(pod, slot, w, node);
}

qint64 WorkloadController::churnLifetime(const SimPod& pod, const SimWorkload& w) const
{
    // About `churn`, give or take a quarter.
    const double u = m_context.ids.unit(m_context.ids.key(pod.uid, QStringLiteral("churn")));
    return qint64(double(w.spec.churn.count()) * (0.75 + 0.5 * u));
}

void WorkloadController::scheduleChurn(int slot)
{
    const SimPod& pod = m_pods[slot];
    const SimWorkload& w = m_workloads[pod.workload];
    if (w.spec.churn.count() <= 0 || w.spec.kind == WorkloadKind::DaemonSet)
        return;
    m_context.clock.schedule(std::max(m_context.clock.now(), pod.createdMs + churnLifetime(pod, w)), TimerKind::Churn,
        slot, pod.incarnation);
}

void WorkloadController::onChurn(int slot, quint32 incarnation)
{
    if (slot >= int(m_pods.size()))
        return;
    const SimPod& pod = m_pods[slot];
    if (!pod.live || pod.incarnation != incarnation || pod.deletedMs >= 0)
        return;
    const int workload = pod.workload;
    deletePod(slot, false);
    reconcile(workload);
}

void WorkloadController::controllerEvent(
    const SimWorkload& w, bool warning, const QString& reason, const QString& message)
{
    const QString kind = workloadKindName(w.spec.kind);
    const InvolvedObject object { kind, QStringLiteral("apps/v1"), w.spec.nameSpace, w.spec.name, w.uid, {} };
    const QString component = w.spec.kind == WorkloadKind::Deployment ? QStringLiteral("deployment-controller")
        : w.spec.kind == WorkloadKind::StatefulSet                    ? QStringLiteral("statefulset-controller")
                                                                      : QStringLiteral("daemonset-controller");
    m_context.events.record(m_context.clock.now(), object, warning, reason, message, component);
}

int WorkloadController::affectedPods(const SimWorkload& w) const
{
    int n = 0;
    for (const int p : w.pods)
        n += m_pods[p].fault != PodFault::None && m_pods[p].deletedMs < 0;
    return n;
}

void WorkloadController::markDirty(int workload)
{
    SimWorkload& w = m_workloads[workload];
    if (!w.dirty) {
        w.dirty = true;
        m_dirtyWorkloads.push_back(workload);
    }
}

void WorkloadController::markPodDirty(int slot)
{
    SimPod& pod = m_pods[slot];
    if (!pod.dirty) {
        pod.dirty = true;
        m_dirtyPods.push_back(slot);
    }
}

void WorkloadController::deletePod(int slot, bool byController)
{
    SimPod& pod = m_pods[slot];
    SimWorkload& w = m_workloads[pod.workload];
    const qint64 now = m_context.clock.now();
    pod.deletedMs = now;
    ++pod.generation; // no more lifecycle steps
    if (!byController) {
        // Someone else deleted it; the controller only notices and replaces it.
    } else if (w.spec.kind == WorkloadKind::Deployment) {
        const InvolvedObject rs { QStringLiteral("ReplicaSet"), QStringLiteral("apps/v1"), w.spec.nameSpace,
            w.replicaSetName, w.replicaSetUid, {} };
        m_context.events.record(now, rs, false, QStringLiteral("SuccessfulDelete"),
            QStringLiteral("Deleted pod: ") + pod.name, QStringLiteral("replicaset-controller"));
    } else if (w.spec.kind == WorkloadKind::StatefulSet) {
        controllerEvent(w, false, QStringLiteral("SuccessfulDelete"),
            QStringLiteral("delete Pod %1 in StatefulSet %2 successful").arg(pod.name, w.spec.name));
    }
    if (pod.node >= 0) {
        SimNode& node = m_nodes.nodes()[pod.node];
        --node.pods;
        if (pod.stage == PodStage::Running) {
            const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), w.spec.nameSpace, pod.name,
                pod.uid, QStringLiteral("spec.containers{") + PodLifecycle::containerName(w) + QLatin1Char('}') };
            m_context.events.record(now, object, false, QStringLiteral("Killing"),
                QStringLiteral("Stopping container ") + PodLifecycle::containerName(w), QStringLiteral("kubelet"),
                node.name);
        }
        // A lost node cannot confirm the deletion: the pod stays Terminating until it returns.
        if (NodeFleet::isReady(node))
            m_context.clock.schedule(
                now + m_context.ids.range(m_context.ids.key(pod.uid, QStringLiteral("grace")), 1000, 5000),
                TimerKind::PodRemoval, slot, pod.generation);
    } else {
        m_context.clock.schedule(now, TimerKind::PodRemoval, slot, pod.generation);
    }
    markPodDirty(slot);
    markDirty(pod.workload);
}

void WorkloadController::reconcile(int workload)
{
    SimWorkload& w = m_workloads[workload];
    if (w.spec.kind == WorkloadKind::DaemonSet)
        return; // one pod per node from the start; nodes never join or leave
    QList<int> live;
    for (const int p : std::as_const(w.pods))
        if (m_pods[p].deletedMs < 0)
            live.append(p);
    if (w.spec.kind == WorkloadKind::Deployment) {
        for (int i = int(live.size()); i < w.desired; ++i)
            createPod(workload, -1, -1, false);
        if (live.size() > w.desired) {
            // The ReplicaSet removes the least useful pods first: unscheduled, then not ready, then the newest.
            std::sort(live.begin(), live.end(), [this](int a, int b) {
                const SimPod& pa = m_pods[a];
                const SimPod& pb = m_pods[b];
                if ((pa.node < 0) != (pb.node < 0))
                    return pa.node < 0;
                if (pa.ready != pb.ready)
                    return !pa.ready;
                return pa.createdMs != pb.createdMs ? pa.createdMs > pb.createdMs : a > b;
            });
            for (int i = 0; i < live.size() - w.desired; ++i)
                deletePod(live.at(i));
        }
        return;
    }
    // StatefulSet, OrderedReady: one pod at a time, each waiting for its predecessors.
    QSet<int> ordinals;
    bool allReady = true;
    bool terminating = false;
    for (const int p : std::as_const(w.pods)) {
        ordinals.insert(m_pods[p].ordinal);
        terminating = terminating || m_pods[p].deletedMs >= 0;
        allReady = allReady && (m_pods[p].deletedMs >= 0 || m_pods[p].ready);
    }
    if (live.size() < w.desired && allReady) {
        for (int ordinal = 0; ordinal < w.desired; ++ordinal) {
            if (!ordinals.contains(ordinal)) {
                createPod(workload, ordinal, -1, false);
                break;
            }
        }
    } else if (live.size() > w.desired && allReady && !terminating) {
        int highest = -1;
        for (const int p : std::as_const(live))
            if (highest < 0 || m_pods[p].ordinal > m_pods[highest].ordinal)
                highest = p;
        deletePod(highest);
    }
}

void WorkloadController::scale(int workload, int replicas)
{
    SimWorkload& w = m_workloads[workload];
    if (replicas == w.desired)
        return;
    const int old = w.desired;
    w.desired = replicas;
    ++w.generation;
    w.progressingUpdatedMs = m_context.clock.now();
    if (w.spec.kind == WorkloadKind::Deployment) {
        const QString direction = replicas > old ? QStringLiteral("up") : QStringLiteral("down");
        controllerEvent(w, false, QStringLiteral("ScalingReplicaSet"),
            m_context.minorVersion >= 26
                ? QStringLiteral("Scaled %1 replica set %2 from %3 to %4")
                      .arg(direction, w.replicaSetName)
                      .arg(old)
                      .arg(replicas)
                : QStringLiteral("Scaled %1 replica set %2 to %3").arg(direction, w.replicaSetName).arg(replicas));
    }
    markDirty(workload);
    reconcile(workload);
}

void WorkloadController::onPodTimer(int slot, quint32 generation)
{
    if (slot >= int(m_pods.size()))
        return;
    SimPod& pod = m_pods[slot];
    if (!pod.live || pod.generation != generation || pod.deletedMs >= 0 || pod.node < 0 || pod.nodeLost)
        return;
    if (pod.next == PodAction::Schedule) {
        pod.next = PodAction::None;
        bound(slot);
        markPodDirty(slot);
        return;
    }
    const bool readinessChanged = m_lifecycle.step(pod, slot, m_workloads[pod.workload], m_nodes.nodes()[pod.node]);
    markPodDirty(slot);
    if (readinessChanged) {
        markDirty(pod.workload);
        reconcile(pod.workload);
    }
}

void WorkloadController::onPodRemoval(int slot, quint32 generation)
{
    if (slot >= int(m_pods.size()))
        return;
    SimPod& pod = m_pods[slot];
    if (!pod.live || pod.generation != generation || pod.deletedMs < 0)
        return;
    const int workload = pod.workload;
    SimWorkload& w = m_workloads[workload];
    w.pods.removeOne(slot);
    m_removedPods.append({ w.spec.nameSpace, pod.name });
    m_pendingReason.remove(slot);
    pod.live = false;
    pod.dirty = false;
    --m_livePods;
    m_freePods.push_back(slot);
    markDirty(workload);
    reconcile(workload);
}

void WorkloadController::onEviction(int nodeIndex, quint32 generation)
{
    const SimNode& node = m_nodes.nodes()[nodeIndex];
    if (node.evictionGeneration != generation || NodeFleet::isReady(node))
        return;
    QList<int> touched;
    for (int slot = 0; slot < int(m_pods.size()); ++slot) {
        SimPod& pod = m_pods[slot];
        if (!pod.live || pod.node != nodeIndex || pod.deletedMs >= 0)
            continue;
        const SimWorkload& w = m_workloads[pod.workload];
        if (w.spec.kind == WorkloadKind::DaemonSet)
            continue; // DaemonSet pods tolerate unreachable nodes
        const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), w.spec.nameSpace, pod.name, pod.uid,
            {} };
        m_context.events.record(m_context.clock.now(), object, false, QStringLiteral("TaintManagerEviction"),
            QStringLiteral("Marking for deletion Pod %1/%2").arg(w.spec.nameSpace, pod.name),
            QStringLiteral("taint-controller"));
        deletePod(slot);
        if (!touched.contains(pod.workload))
            touched.append(pod.workload);
    }
    for (const int w : std::as_const(touched))
        reconcile(w);
}

void WorkloadController::nodeReadinessChanged(int nodeIndex)
{
    const SimNode& node = m_nodes.nodes()[nodeIndex];
    const bool ready = NodeFleet::isReady(node);
    const qint64 now = m_context.clock.now();
    for (int slot = 0; slot < int(m_pods.size()); ++slot) {
        SimPod& pod = m_pods[slot];
        if (!pod.live || pod.node != nodeIndex)
            continue;
        const SimWorkload& w = m_workloads[pod.workload];
        if (!ready) {
            pod.nodeLost = true;
            if (pod.ready)
                pod.readyChangedMs = now;
            pod.ready = false;
            if (pod.deletedMs < 0) {
                const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), w.spec.nameSpace, pod.name,
                    pod.uid, {} };
                m_context.events.record(now, object, true, QStringLiteral("NodeNotReady"),
                    QStringLiteral("Node is not ready"), QStringLiteral("node-controller"));
            }
        } else {
            pod.nodeLost = false;
            if (pod.deletedMs >= 0) {
                m_context.clock.schedule(now + 1500, TimerKind::PodRemoval, slot, pod.generation);
            } else {
                if (pod.stage == PodStage::Running && !pod.probeFailing && pod.next != PodAction::Ready) {
                    pod.ready = true;
                    pod.readyChangedMs = now;
                }
                m_lifecycle.resume(pod, slot);
            }
        }
        markPodDirty(slot);
        markDirty(pod.workload);
    }
    if (ready)
        retryPending();
}

void WorkloadController::retryPending()
{
    for (int slot = 0; slot < int(m_pods.size()); ++slot) {
        SimPod& pod = m_pods[slot];
        if (!pod.live || pod.stage != PodStage::Unschedulable || pod.deletedMs >= 0)
            continue;
        QString why;
        const int node = m_scheduler.pick(m_workloads[pod.workload], pod.name, &why);
        if (node < 0)
            continue;
        assign(slot, node);
        bound(slot);
        markPodDirty(slot);
        markDirty(pod.workload);
    }
}

void WorkloadController::applyPodFault(const FaultSpec& fault, bool on, bool steady)
{
    const int workload = indexOf(fault.nameSpace, fault.workload);
    if (workload < 0)
        return;
    SimWorkload& w = m_workloads[workload];
    if (!on) {
        w.fault = PodFault::None;
        for (const int p : std::as_const(w.pods))
            m_pods[p].fault = PodFault::None;
        return;
    }
    w.fault = PodLifecycle::faultFor(fault.type);
    w.faultPods = fault.pods;
    w.faultMessage = fault.message;
    const QList<int> pods = w.pods;
    int assigned = affectedPods(w);
    for (const int p : pods) {
        SimPod& pod = m_pods[p];
        if (pod.deletedMs >= 0 || pod.node < 0 || pod.fault != PodFault::None)
            continue;
        if (w.faultPods > 0 && assigned >= w.faultPods)
            break;
        ++assigned;
        pod.fault = w.fault;
        const bool replace = !steady && (w.fault == PodFault::ImagePull || w.fault == PodFault::CreateContainer);
        if (replace) {
            // These fail at container creation: the pod is replaced and its successor fails.
            deletePod(p);
            continue;
        }
        const bool wasReady = pod.ready;
        m_lifecycle.applyFault(pod, p, w, m_nodes.nodes()[pod.node], steady);
        markPodDirty(p);
        if (wasReady != pod.ready)
            markDirty(workload);
    }
    reconcile(workload);
}

void WorkloadController::setProbeFailing(int workload, bool failing)
{
    SimWorkload& w = m_workloads[workload];
    const qint64 now = m_context.clock.now();
    for (const int p : std::as_const(w.pods)) {
        SimPod& pod = m_pods[p];
        if (pod.deletedMs >= 0 || pod.node < 0)
            continue;
        pod.probeFailing = failing;
        const bool ready = !failing && !pod.nodeLost && pod.stage == PodStage::Running;
        if (ready != pod.ready) {
            pod.ready = ready;
            pod.readyChangedMs = now;
        }
        if (failing) {
            const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), w.spec.nameSpace, pod.name,
                pod.uid, QStringLiteral("spec.containers{") + PodLifecycle::containerName(w) + QLatin1Char('}') };
            m_context.events.record(now, object, true, QStringLiteral("Unhealthy"),
                QStringLiteral("Readiness probe failed: HTTP probe failed with statuscode: 500"),
                QStringLiteral("kubelet"), m_nodes.nodes()[pod.node].name);
        }
        markPodDirty(p);
    }
    markDirty(workload);
}

WorkloadCounts WorkloadController::counts(int workload) const
{
    const SimWorkload& w = m_workloads[workload];
    WorkloadCounts c;
    for (const int p : w.pods) {
        const SimPod& pod = m_pods[p];
        if (pod.deletedMs >= 0)
            continue;
        ++c.replicas;
        if (pod.ready && !pod.nodeLost) {
            ++c.ready;
            ++c.available;
        }
    }
    c.scheduledNodes = int(m_nodes.nodes().size());
    return c;
}

void WorkloadController::seed(ObjectSink& sink)
{
    const Cidr services = *Cidr::parse(m_context.spec.serviceCidr);
    sink.put(QStringLiteral("services"), m_json.kubernetesService(Cidr::address(services.host(1))));
    for (const SimWorkload& w : m_workloads)
        if (!w.serviceIp.isEmpty())
            sink.put(QStringLiteral("services"), m_json.service(w));
    flush(sink);
}

void WorkloadController::flush(ObjectSink& sink)
{
    for (const auto& [nameSpace, name] : std::as_const(m_removedPods))
        sink.remove(QStringLiteral("pods"), nameSpace, name);
    m_removedPods.clear();
    for (const QJsonObject& claim : std::as_const(m_newClaims))
        sink.put(QStringLiteral("persistentvolumeclaims"), claim);
    m_newClaims.clear();
    for (const int slot : m_dirtyPods) {
        SimPod& pod = m_pods[slot];
        if (!pod.live || !pod.dirty)
            continue;
        pod.dirty = false;
        // Until the binding is written the pod shows no node.
        const SimNode* node = pod.node >= 0 && pod.stage != PodStage::Scheduling ? &m_nodes.nodes()[pod.node] : nullptr;
        sink.put(QStringLiteral("pods"),
            m_podJson.pod(pod, m_workloads[pod.workload], pod.workload, node, m_pendingReason.value(slot)));
    }
    m_dirtyPods.clear();
    const qint64 now = m_context.clock.now();
    for (const int index : m_dirtyWorkloads) {
        SimWorkload& w = m_workloads[index];
        w.dirty = false;
        const WorkloadCounts c = counts(index);
        switch (w.spec.kind) {
        case WorkloadKind::Deployment: {
            // Available means at most maxUnavailable (25%, rounded down) pods missing.
            const bool available = c.available >= w.desired - int(std::floor(w.desired * 0.25));
            if (available != w.available) {
                w.available = available;
                w.availableChangedMs = now;
            }
            sink.put(QStringLiteral("deployments.apps"), m_json.deployment(w, index, c));
            sink.put(QStringLiteral("replicasets.apps"), m_json.replicaSet(w, index, c));
            break;
        }
        case WorkloadKind::StatefulSet:
            sink.put(QStringLiteral("statefulsets.apps"), m_json.statefulSet(w, index, c));
            break;
        case WorkloadKind::DaemonSet:
            sink.put(QStringLiteral("daemonsets.apps"), m_json.daemonSet(w, index, c));
            break;
        }
    }
    m_dirtyWorkloads.clear();
}

} // namespace minato::sim
