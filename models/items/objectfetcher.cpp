// SPDX-License-Identifier: Apache-2.0
#include "objectfetcher.h"

#include "fleet/clustersession.h"
#include "fleet/fleetengine.h"
#include "fleet/objectservice.h"
#include "fleet/yamlrender.h"
#include "kube/resourcename.h"

#include <QCoreApplication>
#include <QThreadPool>

namespace minato::items {

ObjectFetcher::ObjectFetcher(fleet::FleetEngine* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
{
}

ObjectFetcher::~ObjectFetcher()
{
    if (m_ticket && m_engine)
        m_engine->objects()->cancel(m_ticket);
}

QString ObjectFetcher::objectPath(
    const QString& groupVersion, const fleet::KindSpec& spec, const QString& nameSpace, const QString& name)
{
    const qsizetype slash = groupVersion.indexOf(QLatin1Char('/'));
    return kube::collectionPath(slash < 0 ? QString() : groupVersion.left(slash), groupVersion.mid(slash + 1),
               spec.plural, spec.namespaced ? nameSpace : QString())
        + QLatin1Char('/') + name;
}

QString ObjectFetcher::titleOf(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name)
{
    return QStringLiteral("%1 · %2 %3").arg(cluster, kind, nameSpace.isEmpty() ? name : nameSpace + QLatin1Char('/') + name);
}

quint64 ObjectFetcher::fetch(const QString& cluster, fleet::WatchedKind kind, const QString& nameSpace, const QString& name)
{
    const QString title = titleOf(cluster, fleet::watchedKindName(kind), nameSpace, name);
    fleet::ClusterSession* session = m_engine ? m_engine->session(cluster) : nullptr;
    if (!session)
        return fetchPath(cluster, title, {});
    QString groupVersion = session->watchPlan().groupVersions.value(kind);
    if (groupVersion.isEmpty()) {
        const fleet::KindSource& source = m_engine->kinds().spec(kind).sources.constFirst();
        groupVersion = source.group.isEmpty() ? source.versions.constFirst()
                                              : source.group + QLatin1Char('/') + source.versions.constFirst();
    }
    return fetchPath(cluster, title, objectPath(groupVersion, m_engine->kinds().spec(kind), nameSpace, name));
}

quint64 ObjectFetcher::fetchPath(const QString& cluster, const QString& title, const QString& path)
{
    ++m_generation;
    m_json.clear();
    m_title = title;
    Q_EMIT fetching(m_title);
    if (!m_engine || !m_engine->session(cluster) || path.isEmpty()) {
        Q_EMIT fetchFailed(m_title, tr("cluster %1 is not connected").arg(cluster));
        return m_generation;
    }
    fleet::ObjectService* objects = m_engine->objects();
    if (m_ticket)
        objects->cancel(m_ticket);
    // Always from the server: the pane shows the object as it is now.
    fleet::ObjectService::Request request { cluster, path };
    request.cacheable = false;
    const quint64 generation = m_generation;
    m_ticket = objects->get(std::move(request), this, [this, generation](const kube::ApiReply& reply) {
        if (generation != m_generation)
            return; // superseded by a newer fetch
        m_ticket = 0;
        if (!reply.isOk()) {
            Q_EMIT fetchFailed(m_title, reply.error->message);
            return;
        }
        m_json = reply.body;
        render(m_generation);
    });
    return m_generation;
}

void ObjectFetcher::setShowManagedFields(bool show)
{
    if (show == m_showManagedFields)
        return;
    m_showManagedFields = show;
    if (!m_json.isEmpty())
        render(m_generation);
}

void ObjectFetcher::render(quint64 generation)
{
    // A big object (a CRD, a ConfigMap of dashboards) takes a while to render; not here.
    QPointer<ObjectFetcher> self(this);
    const QByteArray json = m_json;
    const QString title = m_title;
    fleet::YamlRenderOptions options;
    options.dropManagedFields = !m_showManagedFields;
    QThreadPool::globalInstance()->start([self, json, title, options, generation] {
        auto yaml = fleet::renderYaml(json, options);
        // The application object outlives us; self is checked back in the GUI thread.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, yaml = std::move(yaml), title, generation] {
                if (!self || generation != self->m_generation)
                    return;
                if (yaml)
                    Q_EMIT self->objectReady(title, *yaml);
                else
                    Q_EMIT self->fetchFailed(title, yaml.error().message);
            },
            Qt::QueuedConnection);
    });
}

} // namespace minato::items
