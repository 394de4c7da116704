// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetloader.h"
#include "util/expected.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace minato::sim {
class SimulatedFleet;
}

// minato --demo: the simulated fleet in-process, reached through the normal client. It
// writes a kubeconfig and a fleet.yaml (team and environment per cluster, from the
// scenario) so the GUI loads it with FleetLoader like any user's fleet.
class DemoFleet
{
public:
    struct Files
    {
        QString kubeconfig;
        QString fleetFile;

        // The demo loaded through FleetLoader like any user's fleet.
        minato::fleet::FleetLoadOptions loadOptions() const
        {
            minato::fleet::FleetLoadOptions options;
            options.kubeconfigFiles = { kubeconfig };
            options.fleetFile = fleetFile;
            return options;
        }
    };

    explicit DemoFleet(QString scenarioPath, double speed = 1.0);
    ~DemoFleet();

    // Parses the scenario, seeds the worlds and binds the ports. Takes a few hundred ms (the
    // CA's keys): call it off the GUI thread. The fleet then runs on a thread of its own.
    minato::Expected<Files> start();
    void stop();
    // Requests other than GET the simulator has answered (405) since start: always 0 for Minato.
    qint64 mutatingRequests() const;

private:
    QString m_scenarioPath;
    double m_speed;
    QTemporaryDir m_dir;
    std::unique_ptr<minato::sim::SimulatedFleet> m_fleet;
};
