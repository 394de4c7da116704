// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "objectsink.h"

#include <QJsonObject>
#include <QString>

#include <chrono>

namespace minato::sim {

// What the fleet needs from whatever populates one cluster: the simulated world of a
// scenario (WorldDriver) or a fixed set of objects in tests. Called on the I/O thread only.
class ClusterDriver
{
public:
    virtual ~ClusterDriver() = default;

    virtual QString name() const = 0;
    virtual QString gitVersion() const = 0; // "v1.29.4"
    // The whole /version body; empty: built from gitVersion().
    virtual QJsonObject versionInfo() const { return {}; }
    // Writes the cluster's initial objects.
    virtual void seed(ObjectSink& sink) = 0;
    // Moves the world forward by this much simulated time, writing what changed.
    virtual void advance(std::chrono::milliseconds simulated, ObjectSink& sink) = 0;
    // The API faults in force now; read on every request.
    virtual const ApiFaults& faults() const = 0;
};

} // namespace minato::sim
