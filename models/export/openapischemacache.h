// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/kubeerror.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

namespace minato::kube {
class ApiClient;
struct ApiReply;
} // namespace minato::kube

namespace minato::changes {

class OpenApiValidator;

// The OpenAPI schema of each cluster, fetched read-only through the ApiClient (GET /version,
// GET /openapi/v2) and kept on disk under <CacheLocation>/openapi, one file per cluster server
// and Kubernetes version (an upgrade is a new key). The 5 MB document is parsed once, off the
// calling thread, into a compact SchemaIndex; only that index stays in memory.
class OpenApiSchemaCache : public QObject
{
    Q_OBJECT
public:
    // client is not owned and must outlive the cache; its endpoints are named by cluster.
    explicit OpenApiSchemaCache(
        kube::ApiClient* client, QString cacheDir = defaultCacheDir(), QObject* parent = nullptr);
    ~OpenApiSchemaCache() override;

    static QString defaultCacheDir();

    // Makes the validator of a cluster available; ends with validatorReady or validatorFailed.
    // server is the endpoint's URL, part of the cache key. Calling again re-checks the version.
    void load(const QString& cluster, const QString& server);

    std::shared_ptr<const OpenApiValidator> validator(const QString& cluster) const; // null until ready
    QHash<QString, std::shared_ptr<const OpenApiValidator>> validators() const;
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

    void onReply(const kube::ApiReply& reply);
    void onVersion(const Pending& pending, const QByteArray& body);
    void onDocument(const Pending& pending, const QByteArray& document);
    void parse(const Pending& pending, const QByteArray& document, bool fromDisk);
    void fail(const QString& cluster, const KubeError& error);

    kube::ApiClient* m_client;
    QString m_cacheDir;
    QHash<quint64, Pending> m_pending; // by RequestId
    QHash<QString, std::shared_ptr<const OpenApiValidator>> m_validators;
    QHash<QString, QString> m_loadedFrom; // cluster → cache file of the validator it has
};

} // namespace minato::changes
