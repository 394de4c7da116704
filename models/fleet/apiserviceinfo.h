// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QMetaType>

namespace minato::fleet {

// An apiregistration.k8s.io/v1 APIService: is an aggregated API (metrics-server, Calico's
// API server, prometheus-adapter) up?
struct ApiServiceInfo
{
    ObjectMeta meta; // name like "v1beta1.metrics.k8s.io"
    QString group;
    QString version;
    QString serviceNamespace; // empty: served locally by kube-apiserver
    QString serviceName;
    qint32 servicePort = 0;
    bool insecureSkipTLSVerify = false;
    DetailedCondition available; // Available: Passed / Local, or FailedDiscoveryCheck, MissingEndpoints …

    bool isLocal() const { return serviceName.isEmpty(); }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::ApiServiceInfo)
