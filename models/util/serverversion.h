// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace minato {

// What an API server says it runs (GET /version). A plain value: the client reads it, the
// fleet keeps it per cluster, analyses judge version skew by it.
struct ServerVersion
{
    QString gitVersion; // "v1.29.4", "v1.27.8-gke.1067004"
    int major = 0;
    int minor = 0; // "27+" (EKS, GKE) reads as 27
    QString platform; // "linux/amd64"

    bool isValid() const { return major > 0; }
    bool operator==(const ServerVersion&) const = default;
};

} // namespace minato
