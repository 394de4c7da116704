// SPDX-License-Identifier: Apache-2.0
#include "fleetloader.h"

#include "kube/kubeconfigloader.h"

#include <QDir>

namespace minato::fleet {

FleetLoadResult FleetLoader::load(const FleetLoadOptions& options)
{
    FleetLoadResult result;
    const QString workingDirectory
        = options.workingDirectory.isEmpty() ? QDir::currentPath() : options.workingDirectory;
    const bool explicitFleet = !options.fleetFile.isEmpty();
    const QString fleetPath = explicitFleet ? QDir(workingDirectory).absoluteFilePath(options.fleetFile)
                                            : FleetConfig::defaultPath(options.environment);
    result.fleetConfig = FleetConfig::load(fleetPath, options.environment, explicitFleet);
    result.sources = kube::KubeconfigSources::resolve(
        options.kubeconfigFiles, options.environment, workingDirectory, result.fleetConfig.sources);

    kube::KubeconfigLoadOptions loadOptions;
    loadOptions.now = options.now;
    loadOptions.execSearchPath
        = options.environment.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
    result.kubeconfig = kube::KubeconfigLoader(loadOptions).load(result.sources);
    result.fleet = Fleet::build(result.kubeconfig, result.fleetConfig);
    return result;
}

} // namespace minato::fleet
