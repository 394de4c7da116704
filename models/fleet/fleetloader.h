// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleet.h"
#include "kube/kubeconfigsources.h"

#include <QDateTime>

namespace minato::fleet {

// Everything that decides what the fleet is, passed in explicitly (no hidden reads of the
// process environment), so the CLI, the GUI and tests share one path.
struct FleetLoadOptions
{
    QStringList kubeconfigFiles; // --kubeconfig, repeatable; replaces KUBECONFIG and ~/.kube/config
    QString fleetFile; // --fleet; empty means the default path, which may be absent
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString workingDirectory; // empty means the process's current folder
    QDateTime now = QDateTime::currentDateTimeUtc();
};

struct FleetLoadResult
{
    FleetConfig fleetConfig;
    kube::KubeconfigSourceList sources;
    kube::Kubeconfig kubeconfig;
    Fleet fleet;
};

// fleet.yaml first (it may add kubeconfig sources), then kubectl's sources plus those, then the
// merged kubeconfig, then the fleet built from both.
class FleetLoader
{
public:
    static FleetLoadResult load(const FleetLoadOptions& options);
};

} // namespace minato::fleet
