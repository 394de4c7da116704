// SPDX-License-Identifier: Apache-2.0
#pragma once

// One simulated cluster: the objects it holds and how they change as simulated time moves.
// The world writes into an ObjectSink (the server's store) and switches ApiFaults; it never
// serves anything itself. All randomness comes from the seed, so a world replays exactly.

#include "sim/objectsink.h"
#include "sim/scenario.h"

#include <QDateTime>
#include <QJsonObject>

#include <chrono>
#include <memory>

namespace minato::sim {

class WorldState;

class ClusterWorld
{
public:
    // The world starts "now" (wall clock, whole seconds), so ages and event times look live.
    ClusterWorld(const ClusterSpec& spec, quint64 seed);
    // A fixed start time makes the produced objects byte-for-byte reproducible (tests).
    ClusterWorld(const ClusterSpec& spec, quint64 seed, const QDateTime& startTime);
    ~ClusterWorld();
    ClusterWorld(ClusterWorld&&) noexcept;
    ClusterWorld& operator=(ClusterWorld&&) noexcept;
    ClusterWorld(const ClusterWorld&) = delete;
    ClusterWorld& operator=(const ClusterWorld&) = delete;

    QString name() const;
    QString gitVersion() const; // "v1.29.4", as /version reports it
    QJsonObject versionInfo() const; // the whole /version body: major, minor, gitVersion, platform …

    // Writes the initial state of every object.
    void seed(ObjectSink& sink);
    // Moves simulated time forward and writes only what changed: puts of changed objects,
    // removes of deleted ones, new or updated events. Faults on the timeline switch here.
    void advance(std::chrono::milliseconds simulated, ObjectSink& sink);
    // The API-level faults in force right now; the server reads them on every request.
    const ApiFaults& faults() const;

    const ClusterSpec& spec() const;
    std::chrono::milliseconds elapsed() const; // simulated time since the start
    QDateTime now() const; // start time + elapsed
    int podCount() const;

private:
    std::unique_ptr<WorldState> m_state;
};

} // namespace minato::sim
