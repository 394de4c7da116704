// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "export/networkchanges.h"
#include "export/operationsrequest.h"
#include "fleet/watchedkind.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace minato::fleet {
class ClusterSession;
class FleetEngine;
} // namespace minato::fleet

namespace minato::changes {
class ChangeSetStore;
} // namespace minato::changes

namespace minato::items {

class CalicoChangePlanner;
class ChangePlanner;
class OpenApiSchemaCache;

class ChangeSetModel;
class ResourceTableModel;

// The open change set behind the window: operations asked for in the views are planned
// (objects fetched by GET, cleaned, changed) into the model, which is saved after every edit
// so it survives a restart. Nothing is ever sent to a cluster; export writes a folder.
class ChangeSetWorkspace : public QObject
{
    Q_OBJECT
public:
    // `storePath` empty: the default file in the data dir; `schemaCacheDir` empty: the
    // default OpenAPI cache in the cache dir.
    explicit ChangeSetWorkspace(fleet::FleetEngine* engine, const QString& storePath = {},
        const QString& schemaCacheDir = {}, QObject* parent = nullptr);
    ~ChangeSetWorkspace() override;

    ChangeSetModel* model() const { return m_model; }
    int pendingCount() const;
    QString storePath() const;

public Q_SLOTS:
    // Plans the request on every target; results arrive in the model, problems as messages.
    void plan(const minato::changes::OperationRequest& request, const QList<minato::changes::ObjectRef>& targets);

    // The same for rows of a browser table showing `kind`.
    void planRows(const minato::changes::OperationRequest& request, const ResourceTableModel* table,
        minato::fleet::WatchedKind kind, const QList<int>& rows);

    // A change from the network view (the cluster is in the request): fetched through the
    // engine in the Calico group/version the cluster serves, its changes added to the model.
    void planNetwork(const minato::changes::NetworkChangeRequest& request);

Q_SIGNALS:
    // For the status bar: what was added, what failed and why (one line each).
    void statusMessage(const QString& message);
    // Every planned target has answered.
    void idle();

private:
    void save();
    // Asks for the schema of every cluster in the set whose session can answer, once each.
    void loadSchemas();
    // The CustomResourceDefinitions of the set's custom resources, once each per cluster.
    void loadDefinitions(const QString& cluster, const fleet::ClusterSession& session);
    void revalidate();

    ChangeSetModel* m_model;
    ChangePlanner* m_planner;
    std::unique_ptr<changes::ChangeSetStore> m_store;
    QPointer<fleet::FleetEngine> m_engine;
    OpenApiSchemaCache* m_schemas;
    CalicoChangePlanner* m_networkPlanner;
    QSet<QString> m_schemaRequested; // clusters whose schema was asked for
    QSet<QString> m_definitionRequested; // "<cluster>\n<plural>.<group>"
    QHash<QString, QMap<QString, QString>> m_definitionErrors; // cluster → CRD → why it could not be read
};

} // namespace minato::items
