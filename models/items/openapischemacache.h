// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/kubeerror.h"

#include <QHash>
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
}

namespace minato::items {

// The OpenAPI schema of each cluster, fetched read-only through the fleet's ObjectService
// (GET /version, GET /openapi/v2) and kept on disk under <CacheLocation>/openapi, one file per cluster server
// and Kubernetes version (an upgrade is a new key). The 5 MB document is parsed once, off the
// calling thread, into a compact SchemaIndex; only that index stays in memory.
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

    std::shared_ptr<const changes::OpenApiValidator> validator(const QString& cluster) const; // null until ready
    QHash<QString, std::shared_ptr<const changes::OpenApiValidator>> validators() const;
    QString cacheFilePath(const QString& server, const QString& gitVersion) const;

Q_SIGNALS:
    void validatorReady(const QString& cluster);
    void validatorFailed(const QString& cluster, const minato::KubeError& error);

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

    fleet::ObjectService* m_objects;
    QString m_cacheDir;
    QList<quint64> m_tickets; // ObjectService requests in flight
    QHash<QString, std::shared_ptr<const changes::OpenApiValidator>> m_validators;
    QHash<QString, QString> m_loadedFrom; // cluster → cache file of the validator it has
};

} // namespace minato::items
