// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace minato::fleet {

struct ReportOptions
{
    FleetLoadOptions load;
    QString contextGlob; // only contexts matching this glob; empty: all
    // Connect every context and let the glob only select what is reported: comparisons
    // across the fleet (overlapping address ranges) still see all of it.
    bool connectEveryContext = false;
    std::chrono::milliseconds timeout { 60000 };
    FleetEngineOptions engine;
};

// What `minato report` does, minus the command line: load the fleet, connect every matching
// cluster at once, and finish when each is Live or has failed (or at the timeout). Its sessions
// are then the report's input (their facts and stores, for analysis/).
class ReportRun : public QObject
{
    Q_OBJECT
public:
    ReportRun(KindCatalog kinds, ReportOptions options, QObject* parent = nullptr);
    ~ReportRun() override;

    // Loads the fleet and starts connecting; an error text when there is nothing to report on.
    std::optional<QString> start();

    bool timedOut() const { return m_timedOut; }
    bool allLive() const; // of the selected clusters
    bool isSelected(const QString& context) const { return !m_unselected.contains(context); }
    FleetEngine* engine() const { return m_engine.get(); }

Q_SIGNALS:
    void finished();

private:
    void checkSettled();
    void finish();

    KindCatalog m_kinds;
    ReportOptions m_options;
    std::unique_ptr<FleetEngine> m_engine;
    QTimer m_timeout;
    bool m_finished = false;
    bool m_timedOut = false;
    QSet<QString> m_unselected; // connected but not asked about (connectEveryContext)
};

} // namespace minato::fleet
