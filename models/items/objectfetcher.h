// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

namespace minato::fleet {
class FleetEngine;
}

namespace minato::items {

// The YAML pane's source: GETs one full object on demand through the engine's ObjectService
// (the store holds projections only) and renders it off the GUI thread. One object at a
// time; a newer fetch makes older answers stale (dropped by generation).
class ObjectFetcher : public QObject
{
    Q_OBJECT
public:
    explicit ObjectFetcher(fleet::FleetEngine* engine, QObject* parent = nullptr);
    ~ObjectFetcher() override;

    // Returns the generation the answer will carry.
    quint64 fetch(const QString& cluster, fleet::WatchedKind kind, const QString& nameSpace, const QString& name);
    // "pay-prod · Service default/kubernetes": what the pane's title says of an object.
    static QString titleOf(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name);
    // The same for an object at a known path (a kind only the server's Table shows).
    quint64 fetchPath(const QString& cluster, const QString& title, const QString& path);
    // Renders the last fetched object again (the managedFields toggle), without a GET.
    void setShowManagedFields(bool show);
    bool showManagedFields() const { return m_showManagedFields; }
    QString currentTitle() const { return m_title; }

    // "/api/v1/namespaces/shop/pods/web-1", from the cluster's chosen group version.
    static QString objectPath(const QString& groupVersion, const fleet::KindSpec& spec, const QString& nameSpace,
        const QString& name);

Q_SIGNALS:
    void fetching(const QString& title);
    void objectReady(const QString& title, const QString& yaml);
    void fetchFailed(const QString& title, const QString& message);

private:
    void render(quint64 generation);

    QPointer<fleet::FleetEngine> m_engine;
    quint64 m_generation = 0;
    quint64 m_ticket = 0; // the ObjectService request in flight
    QString m_title;
    QByteArray m_json;
    bool m_showManagedFields = false;
};

} // namespace minato::items
