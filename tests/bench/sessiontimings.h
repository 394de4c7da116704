// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/sessionstatus.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>

namespace minato::fleet {
class FleetEngine;
}

namespace minato::bench {

// Watches a FleetEngine's sessions from the outside and notes, per cluster, when it settled
// (Live, Degraded or failed) and how long its pod list took from request to projections in
// the store. Times are milliseconds on the caller's clock.
class SessionTimings : public QObject
{
public:
    struct Cluster
    {
        QString name;
        fleet::SessionState state = fleet::SessionState::Idle;
        qint64 settledMs = -1; // first settled state
        qint64 podListStartMs = -1; // the pods reflector's first list request
        qint64 podListMs = -1; // that list, all pages decoded and applied
        qint64 pods = 0; // in the store when settled
    };

    SessionTimings(fleet::FleetEngine* engine, const QElapsedTimer& clock, QObject* parent = nullptr);

    const QList<Cluster>& clusters() const { return m_clusters; }
    // Watch events (bookmarks included) applied by every reflector so far.
    qint64 watchEvents() const;
    qint64 podsInStores() const;
    qint64 objectsInStores() const;

private:
    void track(int index);

    fleet::FleetEngine* m_engine;
    QElapsedTimer m_clock;
    QList<Cluster> m_clusters;
};

} // namespace minato::bench
