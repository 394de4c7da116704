// SPDX-License-Identifier: Apache-2.0
#include "items/changesetworkspace.h"

#include "items/calicochangeplanner.h"
#include "items/changeplanner.h"
#include "export/changesetstore.h"
#include "export/changesetvalidation.h"
#include "items/openapischemacache.h"
#include "export/operations.h"
#include "export/resourcelocator.h"
#include "fleet/clustersession.h"
#include "fleet/fleetengine.h"
#include "items/changesetmodel.h"
#include "items/resourcetablemodel.h"
#include "util/logging.h"

#include <QDateTime>

namespace minato::items {

namespace {

QString loginName()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("LOGNAME") : user;
}

} // namespace

ChangeSetWorkspace::ChangeSetWorkspace(
    fleet::FleetEngine* engine, const QString& storePath, const QString& schemaCacheDir, QObject* parent)
    : QObject(parent)
    , m_model(new ChangeSetModel(this))
    , m_planner(new ChangePlanner(engine, this))
    , m_store(std::make_unique<changes::ChangeSetStore>(
          storePath.isEmpty() ? changes::ChangeSetStore::defaultFilePath() : storePath))
    , m_engine(engine)
    , m_schemas(new OpenApiSchemaCache(engine->objects(),
          schemaCacheDir.isEmpty() ? OpenApiSchemaCache::defaultCacheDir() : schemaCacheDir, this))
    , m_networkPlanner(new CalicoChangePlanner(engine, this))
{
    auto loaded = m_store->load();
    changes::ChangeSet set = loaded ? *loaded : changes::ChangeSet();
    if (!loaded)
        qCWarning(lcUi).noquote() << loaded.error().message; // the bad file was kept aside
    if (set.author.isEmpty())
        set.author = loginName();
    if (!set.created.isValid())
        set.created = QDateTime::currentDateTimeUtc();
    m_model->setChangeSet(set);

    connect(m_model, &ChangeSetModel::changeSetEdited, this, &ChangeSetWorkspace::save);
    connect(m_model, &ChangeSetModel::changeSetEdited, this, &ChangeSetWorkspace::loadSchemas);
    connect(m_model, &ChangeSetModel::changeSetEdited, this, &ChangeSetWorkspace::revalidate);
    connect(m_schemas, &OpenApiSchemaCache::validatorReady, this, &ChangeSetWorkspace::revalidate);
    connect(m_schemas, &OpenApiSchemaCache::validatorFailed, this, &ChangeSetWorkspace::revalidate);
    connect(m_schemas, &OpenApiSchemaCache::definitionReady, this,
        [this](const QString& cluster, const QString& definition) {
            if (auto it = m_definitionErrors.find(cluster); it != m_definitionErrors.end())
                it->remove(definition);
            revalidate();
        });
    connect(m_schemas, &OpenApiSchemaCache::definitionFailed, this,
        [this](const QString& cluster, const QString& definition, const KubeError& error) {
            // A kind served without a CRD (an aggregated API) is validated by the OpenAPI
            // document, or noted as unvalidated there: a 404 needs no note of its own.
            if (error.kind != ErrorKind::NotFound)
                m_definitionErrors[cluster].insert(definition, error.message);
            revalidate();
        });
    // A change set restored at start names clusters that connect later.
    connect(engine, &fleet::FleetEngine::sessionStatusChanged, this, &ChangeSetWorkspace::loadSchemas);
    connect(m_planner, &ChangePlanner::changeReady, this,
        [this](quint64, const changes::Change& change) {
            m_model->addChange(change);
            Q_EMIT statusMessage(tr("Added to the change set: %1").arg(change.summary));
        });
    connect(m_planner, &ChangePlanner::fetchFailed, this,
        [this](quint64, const changes::ObjectRef& target, const QString& message) {
            Q_EMIT statusMessage(tr("%1 in %2 could not be read: %3").arg(changes::describe(target), target.cluster, message));
        });
    connect(m_planner, &ChangePlanner::operationRefused, this,
        [this](quint64, const changes::ObjectRef& target, const QString& message) {
            Q_EMIT statusMessage(tr("%1 in %2: %3").arg(changes::describe(target), target.cluster, message));
        });
    connect(m_networkPlanner, &CalicoChangePlanner::changesReady, this,
        [this](quint64, const QList<changes::Change>& planned) {
            QStringList summaries;
            for (const changes::Change& change : planned) {
                m_model->addChange(change);
                summaries << change.summary;
            }
            Q_EMIT statusMessage(tr("Added to the change set: %1").arg(summaries.join(QStringLiteral("; "))));
        });
    connect(m_networkPlanner, &CalicoChangePlanner::fetchFailed, this,
        [this](quint64, const QString& cluster, const QString& message) {
            Q_EMIT statusMessage(tr("The network change on %1 could not be prepared: %2").arg(cluster, message));
        });
    connect(m_networkPlanner, &CalicoChangePlanner::changeRefused, this,
        [this](quint64, const QString& cluster, const QString& message) {
            Q_EMIT statusMessage(tr("Network change on %1 refused: %2").arg(cluster, message));
        });
    const auto idleWhenBothAre = [this] {
        if (pendingCount() == 0)
            Q_EMIT idle();
    };
    connect(m_planner, &ChangePlanner::idle, this, idleWhenBothAre);
    connect(m_networkPlanner, &CalicoChangePlanner::idle, this, idleWhenBothAre);
}

ChangeSetWorkspace::~ChangeSetWorkspace() = default;

int ChangeSetWorkspace::pendingCount() const
{
    return m_planner->pendingCount() + m_networkPlanner->pendingCount();
}

QString ChangeSetWorkspace::storePath() const
{
    return m_store->filePath();
}

void ChangeSetWorkspace::plan(const changes::OperationRequest& request, const QList<changes::ObjectRef>& targets)
{
    for (const changes::ObjectRef& target : targets)
        m_planner->plan(target, request);
}

void ChangeSetWorkspace::planRows(const changes::OperationRequest& request, const ResourceTableModel* table,
    fleet::WatchedKind kind, const QList<int>& rows)
{
    QList<changes::ObjectRef> targets;
    for (const int row : rows) {
        const QModelIndex index = table->index(row, 0);
        if (!index.isValid())
            continue;
        changes::ObjectRef ref;
        ref.cluster = index.data(ResourceTableModel::ClusterRole).toString();
        ref.kind = table->registry().kindName(kind);
        ref.namespaceName = index.data(ResourceTableModel::NamespaceRole).toString();
        ref.name = index.data(ResourceTableModel::NameRole).toString();
        targets.append(ref);
    }
    plan(request, targets);
}

void ChangeSetWorkspace::planNetwork(const changes::NetworkChangeRequest& request)
{
    m_networkPlanner->plan(request);
}

void ChangeSetWorkspace::loadSchemas()
{
    if (!m_engine)
        return;
    QStringList clusters;
    for (const changes::Change& change : m_model->changeSet().changes) {
        if (!clusters.contains(change.target.cluster))
            clusters << change.target.cluster;
    }
    for (const QString& cluster : std::as_const(clusters)) {
        const fleet::ClusterSession* session = m_engine->session(cluster);
        if (!session)
            continue;
        const fleet::SessionState state = session->status().state;
        if (state != fleet::SessionState::Live && state != fleet::SessionState::Degraded)
            continue;
        if (!m_schemaRequested.contains(cluster)) {
            m_schemaRequested.insert(cluster);
            m_schemas->load(cluster, session->cluster().cluster.server);
        }
        loadDefinitions(cluster, *session);
    }
}

void ChangeSetWorkspace::loadDefinitions(const QString& cluster, const fleet::ClusterSession& session)
{
    for (const changes::Change& change : m_model->changeSet().changes) {
        // Built-in groups have no CRD; custom resources and aggregated APIs take JSON merge patches.
        if (change.target.cluster != cluster
            || changes::patchTypeFor(change.target.apiVersion) != changes::PatchType::JsonMerge)
            continue;
        const auto location = changes::locateResource(session.discovery(), change.target);
        if (!location || location->group.isEmpty())
            continue;
        const QString definition = location->plural + QLatin1Char('.') + location->group;
        const QString key = cluster + QLatin1Char('\n') + definition;
        if (m_definitionRequested.contains(key))
            continue;
        m_definitionRequested.insert(key);
        m_schemas->loadDefinition(cluster, definition);
    }
}

void ChangeSetWorkspace::revalidate()
{
    changes::SchemaFindings findings = changes::validateChangeSet(m_model->changeSet(), m_schemas->validators());
    for (auto it = m_definitionErrors.cbegin(); it != m_definitionErrors.cend(); ++it) {
        for (auto error = it->cbegin(); error != it->cend(); ++error)
            findings.addNote(it.key(),
                QStringLiteral("CustomResourceDefinition %1 could not be read: %2").arg(error.key(), error.value()));
    }
    m_model->setSchemaFindings(findings);
}

void ChangeSetWorkspace::save()
{
    if (const auto saved = m_store->save(m_model->changeSet()); !saved)
        Q_EMIT statusMessage(tr("The change set could not be saved: %1").arg(saved.error().message));
}

} // namespace minato::items
