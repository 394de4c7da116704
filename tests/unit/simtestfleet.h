// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "simtestclient.h"
#include "simtestdriver.h"

#include "sim/objectstore.h"
#include "sim/simulatedfleet.h"

#include <QTemporaryDir>
#include <QTest>
#include <atomic>

// A running SimulatedFleet of SimTestDriver clusters on free ports, plus clients for it.
// Worlds never tick on their own (the tick interval is an hour): tests change objects
// through change(), which runs on the fleet's I/O thread.
class SimTestFleet
{
public:
    explicit SimTestFleet(QList<SimTestDriver::Writer> seeds, minato::sim::FleetOptions options = defaults())
    {
        options.kubeconfigPath = m_dir.filePath(QStringLiteral("kubeconfig"));
        options.statsPath = m_dir.filePath(QStringLiteral("stats.json"));
        m_fleet = std::make_unique<minato::sim::SimulatedFleet>(options);
        for (int i = 0; i < seeds.size(); ++i) {
            auto driver = std::make_unique<SimTestDriver>(
                QStringLiteral("cluster-%1").arg(i + 1), QStringLiteral("v1.29.%1").arg(i + 1), seeds[i]);
            m_drivers.append(driver.get());
            m_fleet->addCluster(std::move(driver));
        }
        m_fleet->setReadyCallback([this](const minato::sim::FleetInfo&) { m_seeded = true; });
        auto info = m_fleet->start();
        if (!info)
            qFatal("cannot start the simulated fleet: %s", qPrintable(info.error().message));
        m_info = *info;
        // Seeding happens on the I/O thread after start() returns; invoke() queues behind it.
        m_fleet->invoke([] {});
        if (!m_seeded)
            qFatal("the simulated fleet did not become ready");
    }

    static minato::sim::FleetOptions defaults()
    {
        minato::sim::FleetOptions options;
        options.tickInterval = std::chrono::hours(1);
        return options;
    }

    SimTestClient client(int cluster = 0) const
    {
        return SimTestClient(m_info.clusters[cluster].port, m_info.caCertificate, m_info.clusters[cluster].token);
    }
    SimTestClient anonymous(int cluster = 0) const
    {
        return SimTestClient(m_info.clusters[cluster].port, m_info.caCertificate, {});
    }

    // Runs a change on the I/O thread, as a world tick would.
    void change(const std::function<void(minato::sim::ObjectStore&)>& work, int cluster = 0)
    {
        m_fleet->invoke([&] { work(m_fleet->store(cluster)); });
    }
    void setFaults(const std::function<void(minato::sim::ApiFaults&)>& edit, int cluster = 0)
    {
        m_fleet->invoke([&] { edit(m_drivers[cluster]->mutableFaults()); });
    }
    quint64 resourceVersion(int cluster = 0)
    {
        quint64 version = 0;
        m_fleet->invoke([&] { version = m_fleet->store(cluster).resourceVersion(); });
        return version;
    }

    minato::sim::SimulatedFleet& fleet() { return *m_fleet; }
    const minato::sim::FleetInfo& info() const { return m_info; }
    QString dir() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<minato::sim::SimulatedFleet> m_fleet;
    QList<SimTestDriver*> m_drivers;
    minato::sim::FleetInfo m_info;
    std::atomic<bool> m_seeded { false };
};
