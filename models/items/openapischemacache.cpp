// SPDX-License-Identifier: Apache-2.0
#include "items/openapischemacache.h"

#include "export/openapivalidator.h"
#include "export/schemaindex.h"
#include "fleet/objectservice.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFuture>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThreadPool>

#include <functional>

namespace minato::items {

using namespace changes;

namespace {

    struct ParseResult
    {
        std::shared_ptr<const SchemaIndex> index;
        KubeError error;
    };

    using IndexBuilder = std::function<Expected<std::shared_ptr<const SchemaIndex>>()>;

    QFuture<ParseResult> parseInPool(IndexBuilder build)
    {
        // QThreadPool wants a copyable callable; the promise is shared to get there.
        auto promise = std::make_shared<QPromise<ParseResult>>();
        QFuture<ParseResult> future = promise->future();
        promise->start();
        QThreadPool::globalInstance()->start([promise, build = std::move(build)] {
            const Expected<std::shared_ptr<const SchemaIndex>> index = build();
            promise->addResult(index ? ParseResult { *index, {} } : ParseResult { nullptr, index.error() });
            promise->finish();
        });
        return future;
    }

    QFuture<ParseResult> parseInPool(QByteArray document)
    {
        return parseInPool([document = std::move(document)] { return SchemaIndex::fromSwaggerV2(document); });
    }

} // namespace

OpenApiSchemaCache::OpenApiSchemaCache(fleet::ObjectService* objects, QString cacheDir, QObject* parent)
    : QObject(parent)
    , m_objects(objects)
    , m_cacheDir(std::move(cacheDir))
{
}

OpenApiSchemaCache::~OpenApiSchemaCache()
{
    for (const quint64 ticket : std::as_const(m_tickets))
        m_objects->cancel(ticket);
}

QString OpenApiSchemaCache::defaultCacheDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QLatin1String("/openapi");
}

QString OpenApiSchemaCache::cacheFilePath(const QString& server, const QString& gitVersion) const
{
    const QByteArray key
        = QCryptographicHash::hash((server + QLatin1Char('\n') + gitVersion).toUtf8(), QCryptographicHash::Sha256);
    return m_cacheDir + QLatin1String("/swagger-") + QString::fromLatin1(key.toHex().left(32)) + QLatin1String(".json");
}

void OpenApiSchemaCache::load(const QString& cluster, const QString& server)
{
    request({ cluster, server, {} }, QStringLiteral("/version"));
}

void OpenApiSchemaCache::request(const Pending& pending, const QString& path)
{
    // The version is asked afresh on every load (an upgrade is a new cache key).
    fleet::ObjectService::Request get { pending.cluster, path };
    get.cacheable = false;
    auto ticket = std::make_shared<quint64>(0);
    *ticket = m_objects->get(std::move(get), this, [this, pending, ticket](const kube::ApiReply& reply) {
        m_tickets.removeOne(*ticket);
        onReply(pending, reply);
    });
    m_tickets.append(*ticket);
}

std::shared_ptr<const OpenApiValidator> OpenApiSchemaCache::validator(const QString& cluster) const
{
    return m_validators.value(cluster);
}

QHash<QString, std::shared_ptr<const OpenApiValidator>> OpenApiSchemaCache::validators() const
{
    return m_validators;
}

void OpenApiSchemaCache::onReply(const Pending& pending, const kube::ApiReply& reply)
{
    if (reply.error) {
        fail(pending.cluster, *reply.error);
        return;
    }
    if (pending.cacheFile.isEmpty())
        onVersion(pending, reply.body);
    else
        onDocument(pending, reply.body);
}

void OpenApiSchemaCache::onVersion(const Pending& pending, const QByteArray& body)
{
    const QString gitVersion = QJsonDocument::fromJson(body).object().value(QLatin1String("gitVersion")).toString();
    if (gitVersion.isEmpty()) {
        fail(pending.cluster, KubeError::make(ErrorKind::Parse, QStringLiteral("/version has no gitVersion")));
        return;
    }
    Pending next = pending;
    next.cacheFile = cacheFilePath(pending.server, gitVersion);
    if (m_loadedFrom.value(pending.cluster) == next.cacheFile && m_documents.contains(pending.cluster)) {
        Q_EMIT validatorReady(pending.cluster);
        return;
    }
    QFile cached(next.cacheFile);
    if (cached.open(QIODevice::ReadOnly)) {
        parse(next, cached.readAll(), true);
        return;
    }
    request(next, QStringLiteral("/openapi/v2"));
}

void OpenApiSchemaCache::onDocument(const Pending& pending, const QByteArray& document)
{
    // A cache that cannot be written only costs a fetch next time.
    if (QDir().mkpath(m_cacheDir)) {
        QSaveFile file(pending.cacheFile);
        if (file.open(QIODevice::WriteOnly) && file.write(document) == document.size())
            file.commit();
    }
    parse(pending, document, false);
}

void OpenApiSchemaCache::parse(const Pending& pending, const QByteArray& document, bool fromDisk)
{
    parseInPool(document).then(this, [this, pending, fromDisk](const ParseResult& result) {
        if (result.index) {
            m_documents.insert(pending.cluster, result.index);
            m_loadedFrom.insert(pending.cluster, pending.cacheFile);
            rebuildValidator(pending.cluster);
            Q_EMIT validatorReady(pending.cluster);
        } else if (fromDisk) {
            // A damaged cache file is only a cache: drop it and ask the server.
            QFile::remove(pending.cacheFile);
            request(pending, QStringLiteral("/openapi/v2"));
        } else {
            fail(pending.cluster, result.error);
        }
    });
}

void OpenApiSchemaCache::fail(const QString& cluster, const KubeError& error)
{
    Q_EMIT validatorFailed(cluster, error);
}

void OpenApiSchemaCache::loadDefinition(const QString& cluster, const QString& definitionName)
{
    fleet::ObjectService::Request get { cluster,
        QStringLiteral("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/") + definitionName };
    auto ticket = std::make_shared<quint64>(0);
    *ticket
        = m_objects->get(std::move(get), this, [this, cluster, definitionName, ticket](const kube::ApiReply& reply) {
              m_tickets.removeOne(*ticket);
              onDefinition(cluster, definitionName, reply);
          });
    m_tickets.append(*ticket);
}

void OpenApiSchemaCache::onDefinition(
    const QString& cluster, const QString& definitionName, const kube::ApiReply& reply)
{
    if (reply.error) {
        Q_EMIT definitionFailed(cluster, definitionName, *reply.error);
        return;
    }
    // A CRD is a few hundred kB of JSON (FelixConfiguration's): read off the GUI thread too.
    parseInPool([body = reply.body] {
        return SchemaIndex::fromCustomResourceDefinitions({ QJsonDocument::fromJson(body).object() });
    }).then(this, [this, cluster, definitionName](const ParseResult& result) {
        if (!result.index) {
            Q_EMIT definitionFailed(cluster, definitionName, result.error);
            return;
        }
        m_definitions[cluster].insert(definitionName, result.index);
        rebuildValidator(cluster);
        Q_EMIT definitionReady(cluster, definitionName);
    });
}

void OpenApiSchemaCache::rebuildValidator(const QString& cluster)
{
    QList<std::shared_ptr<const SchemaIndex>> indexes;
    for (const std::shared_ptr<const SchemaIndex>& definition : m_definitions.value(cluster))
        indexes.append(definition);
    if (const std::shared_ptr<const SchemaIndex> document = m_documents.value(cluster))
        indexes.append(document);
    m_validators.insert(cluster, std::make_shared<const OpenApiValidator>(std::move(indexes)));
}

} // namespace minato::items
