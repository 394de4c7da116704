// SPDX-License-Identifier: Apache-2.0
#pragma once

// The seam between the simulated world (what exists in a cluster and how it changes) and the
// simulated API server (how a client sees it). The world writes objects and fault switches;
// the server's object store implements ObjectSink and serves what was written.

#include <QJsonObject>
#include <QSet>
#include <QString>

namespace minato::sim {

// Resources are named as kubectl names them: "<plural>" for the core group,
// "<plural>.<group>" otherwise: "pods", "deployments.apps", "ippools.crd.projectcalico.org",
// "horizontalpodautoscalers.autoscaling", "events.events.k8s.io", "nodes.metrics.k8s.io".
class ObjectSink
{
public:
    virtual ~ObjectSink() = default;

    // Creates or replaces the object named by metadata.namespace/metadata.name. The store
    // owns metadata.resourceVersion; it fills uid and creationTimestamp when they are absent.
    virtual void put(const QString& resource, QJsonObject object) = 0;
    virtual void remove(const QString& resource, const QString& nameSpace, const QString& name) = 0;
};

// API-level faults the world switches on and off over its timeline; the server reads them
// on every request.
struct ApiFaults
{
    bool unreachable = false; // connections are refused/reset
    bool tokenRevoked = false; // every request answers 401
    QSet<QString> forbiddenResources; // list/watch/get answer 403 for these resources
    int extraLatencyMs = 0; // every response is delayed this long
    bool throttled = false; // requests answer 429 with Retry-After
    int retryAfterSeconds = 1;
    bool metricsApiAvailable = true; // metrics.k8s.io served (and its APIService Available)
};

} // namespace minato::sim
