// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetconfig.h"
#include "fleet/kubestatehistory.h"
#include "fleet/objectservice.h"
#include "history/hpatimeline.h"
#include "kube/clusterendpoint.h"
#include "util/kubeerror.h"

#include <QHash>
#include <QMetaType>
#include <QObject>

#include <optional>

namespace minato::kube {
class ApiTransport;
}

namespace minato::fleet {

// What one cluster's backfill produced: its HPA timelines, or why there are none.
struct PrometheusBackfillResult
{
    QString context;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 stepMs = 0;
    QList<history::HpaTimeline> timelines;
    QStringList warnings; // Prometheus' own, e.g. a partial answer
    std::optional<KubeError> error; // the first query that failed; timelines are then empty

    bool isOk() const { return !error.has_value(); }
};

// HPA history from a cluster's Prometheus (kube-state-metrics), reaching back before Minato ran:
// one query_range per KubeStateSeries for all HPAs of the cluster, decoded in the I/O thread
// and merged into timelines. Every request is a GET through ObjectService, so the read-only
// guard and the one libcurl client apply. A `url:` source gets an endpoint of its own
// ("prometheus/<context>") that carries none of the cluster's credentials; a `service:` source
// goes through the cluster's own endpoint and the apiserver's service proxy. Lives in the GUI
// thread; answers arrive as backfillFinished, once per backfill(), never from inside it.
class PrometheusBackfill : public QObject
{
    Q_OBJECT
public:
    // Both must outlive this object; `transport` is the one `objects` sends through.
    PrometheusBackfill(ObjectService* objects, kube::ApiTransport* transport, QObject* parent = nullptr);
    ~PrometheusBackfill() override; // cancels what is in flight; no signal follows

    // Prometheus refuses a range query of more than 11,000 points per series.
    static constexpr qint64 MaxPoints = 11000;
    // The step in whole seconds: minimumStepMs, or coarser so the range stays under MaxPoints.
    static qint64 stepFor(qint64 startMs, qint64 endMs, qint64 minimumStepMs);
    // The PromQL of one series, with the source's selector: `name{cluster="prod-1"}`.
    static QString query(KubeStateSeries series, const QString& selector);
    // The endpoint a `url:` source is reached at; no credentials, its own TLS settings.
    static kube::ClusterEndpoint endpointFor(const QString& context, const PrometheusSource& source);
    static QString endpointName(const QString& context) { return QStringLiteral("prometheus/") + context; }

    // Backfills [startMs, endMs] of one cluster (the context is also the name of its endpoint);
    // a backfill of the same cluster still running is cancelled.
    void backfill(const QString& context, const PrometheusSource& source, qint64 startMs, qint64 endMs,
        qint64 minimumStepMs = 15000);
    void cancel(const QString& context);
    int runningCount() const { return int(m_runs.size()); }

Q_SIGNALS:
    void backfillFinished(const minato::fleet::PrometheusBackfillResult& result);

private:
    struct Run
    {
        PrometheusBackfillResult result;
        QString where; // "http://prometheus:9090" or "service monitoring/prometheus-k8s:9090", for messages
        KubeStateHistory::Matrices matrices;
        QList<ObjectService::Ticket> tickets;
        int pending = 0;
    };
    void answerArrived(const QString& context, quint64 generation, KubeStateSeries series, const kube::ApiReply& reply);
    void finish(const QString& context);
    KubeError describe(const Run& run, const kube::ApiReply& reply) const;

    ObjectService* m_objects;
    kube::ApiTransport* m_transport;
    QHash<QString, Run> m_runs;
    QHash<QString, quint64> m_generations;
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::PrometheusBackfillResult)
