// SPDX-License-Identifier: Apache-2.0
#include "fleetcluster.h"

#include <algorithm>

namespace minato::fleet {

bool FleetCluster::isMisconfigured() const
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(),
        [](const kube::Diagnostic& d) { return d.severity == kube::Severity::Error; });
}

} // namespace minato::fleet
