// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace minato::sim {

// Upstream documents compiled into the simulator (resources/simapi.qrc): the OpenAPI v2
// document and the Calico CustomResourceDefinitions. Loaded once, shared by all clusters.
class ApiDocuments
{
public:
    // The /openapi/v2 body (Kubernetes v1.20.2 swagger.json), 5 MB, loaded on first use.
    static const QByteArray& openApiV2();
    // The CRD objects (as JSON) of one API group, e.g. "crd.projectcalico.org".
    static QList<QJsonObject> customResourceDefinitions(const QString& group);
};

} // namespace minato::sim
