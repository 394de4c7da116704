// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/kubeerror.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QString>

#include <memory>

namespace minato::fleet {
class ObjectService;
}
namespace minato::kube {
struct ApiReply;
}

namespace minato::changes {
class OpenApiValidator;
class SchemaIndex;
} // namespace minato::changes

namespace minato::items {

// The OpenAPI schema of each cluster, fetched read-only through the fleet's ObjectService
// (GET /version, GET /openapi/v2) and kept on disk under <CacheLocation>/openapi, one file per cluster server
// and Kubernetes version (an upgrade is a new key). The 5 MB document is parsed once, off the
// calling thread, into a compact SchemaIndex; only that index stays in memory. Custom resources
// are validated against their CustomResourceDefinition's schema once loadDefinition() read it
// (minato-sim's /openapi/v2 has no CRDs; a real API server publishes them in both).
class OpenApiSchemaCache : public QObject
{
    Q_OBJECT
public:
    // objects is not owned and must outlive the cache; its endpoints are named by cluster.
    explicit OpenApiSchemaCache(
        fleet::ObjectService* objects, QString cacheDir = defaultCacheDir(), QObject* parent = nullptr);
    ~OpenApiSchemaCache() override;

    static QString defaultCacheDir();

    // Makes the validator of a cluster available; ends with validatorReady or validatorFailed.
    // server is the endpoint's URL, part of the cache key. Calling again re-checks the version.
    void load(const QString& cluster, const QString& server);
    // Adds one CustomResourceDefinition of a cluster ("ippools.crd.projectcalico.org", read by
    // GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/<name>) to its validator: the
    // kinds it defines are validated against its openAPIV3Schema before the OpenAPI document.
    // Ends with definitionReady or definitionFailed.
    void loadDefinition(const QString& cluster, const QString& definitionName);

    std::shared_ptr<const changes::OpenApiValidator> validator(const QString& cluster) const; // null until ready
    QHash<QString, std::shared_ptr<const changes::OpenApiValidator>> validators() const;
    QString cacheFilePath(const QString& server, const QString& gitVersion) const;

Q_SIGNALS:
    void validatorReady(const QString& cluster);
    void validatorFailed(const QString& cluster, const minato::KubeError& error);
    void definitionReady(const QString& cluster, const QString& definitionName);
    void definitionFailed(const QString& cluster, const QString& definitionName, const minato::KubeError& error);

private:
    struct Pending
    {
        QString cluster;
        QString server;
        QString cacheFile; // empty while /version is pending
    };

    void request(const Pending& pending, const QString& path);
    void onReply(const Pending& pending, const kube::ApiReply& reply);
    void onVersion(const Pending& pending, const QByteArray& body);
    void onDocument(const Pending& pending, const QByteArray& document);
    void parse(const Pending& pending, const QByteArray& document, bool fromDisk);
    void fail(const QString& cluster, const KubeError& error);
    void onDefinition(const QString& cluster, const QString& definitionName, const kube::ApiReply& reply);
    void rebuildValidator(const QString& cluster);

    fleet::ObjectService* m_objects;
    QString m_cacheDir;
    QList<quint64> m_tickets; // ObjectService requests in flight
    QHash<QString, std::shared_ptr<const changes::OpenApiValidator>> m_validators; // the two below, combined
    QHash<QString, std::shared_ptr<const changes::SchemaIndex>> m_documents; // cluster → its /openapi/v2
    QHash<QString, QMap<QString, std::shared_ptr<const changes::SchemaIndex>>> m_definitions; // cluster → CRD name →
    QHash<QString, QString> m_loadedFrom; // cluster → cache file of the validator it has
};

} // namespace minato::items
