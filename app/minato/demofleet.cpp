// SPDX-License-Identifier: Apache-2.0
#include "demofleet.h"

#include "sim/requeststats.h"
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"
#include "sim/worlddriver.h"

#include <QFile>

DemoFleet::DemoFleet(QString scenarioPath, double speed)
    : m_scenarioPath(std::move(scenarioPath))
    , m_speed(speed)
{
}

DemoFleet::~DemoFleet()
{
    stop();
}

minato::Expected<DemoFleet::Files> DemoFleet::start()
{
    using minato::KubeError;
    QFile file(m_scenarioPath);
    if (!file.open(QIODevice::ReadOnly))
        return KubeError::make(minato::ErrorKind::Config,
            QStringLiteral("cannot read %1: %2").arg(m_scenarioPath, file.errorString()));
    auto scenario = minato::sim::Scenario::parse(file.readAll(), m_scenarioPath);
    if (!scenario)
        return scenario.error();

    minato::sim::FleetOptions options;
    options.speed = m_speed;
    options.kubeconfigPath = m_dir.filePath(QStringLiteral("demo.kubeconfig"));
    m_fleet = std::make_unique<minato::sim::SimulatedFleet>(options);
    minato::sim::WorldDriver::populate(*m_fleet, *scenario);
    auto info = m_fleet->start();
    if (!info)
        return info.error();

    // Team and environment travel in fleet.yaml, as they would for a real fleet.
    QString fleetYaml = QStringLiteral("clusters:\n");
    for (const auto& cluster : scenario->clusters) {
        fleetYaml += QStringLiteral("  - match: \"%1\"\n").arg(cluster.name);
        if (!cluster.team.isEmpty())
            fleetYaml += QStringLiteral("    team: \"%1\"\n").arg(cluster.team);
        if (!cluster.environment.isEmpty())
            fleetYaml += QStringLiteral("    environment: \"%1\"\n").arg(cluster.environment);
    }
    Files files { info->kubeconfigPath, m_dir.filePath(QStringLiteral("fleet.yaml")) };
    QFile fleetFile(files.fleetFile);
    if (!fleetFile.open(QIODevice::WriteOnly) || fleetFile.write(fleetYaml.toUtf8()) < 0)
        return KubeError::make(minato::ErrorKind::Config,
            QStringLiteral("cannot write %1").arg(files.fleetFile));
    return files;
}

void DemoFleet::stop()
{
    if (m_fleet)
        m_fleet->stop();
}

qint64 DemoFleet::mutatingRequests() const
{
    return m_fleet ? m_fleet->stats().mutating() : 0;
}
