// SPDX-License-Identifier: Apache-2.0
#include "prometheusbackfill.h"

#include "fleet/prometheusdecoder.h"
#include "kube/apitransport.h"
#include "util/logging.h"

#include <QTimer>

#include <algorithm>

namespace minato::fleet {

PrometheusBackfill::PrometheusBackfill(ObjectService* objects, kube::ApiTransport* transport, QObject* parent)
    : QObject(parent)
    , m_objects(objects)
    , m_transport(transport)
{
    qRegisterMetaType<PrometheusBackfillResult>();
}

PrometheusBackfill::~PrometheusBackfill()
{
    const QStringList contexts = m_runs.keys();
    for (const QString& context : contexts)
        cancel(context);
}

qint64 PrometheusBackfill::stepFor(qint64 startMs, qint64 endMs, qint64 minimumStepMs)
{
    // Prometheus counts (end - start) / step and refuses more than 11,000; whole seconds keep
    // the steps of successive backfills on one grid.
    const qint64 range = std::max<qint64>(0, endMs - startMs);
    const qint64 minimum = std::max<qint64>(1000, (minimumStepMs + 999) / 1000 * 1000);
    const qint64 needed = ((range + MaxPoints - 1) / MaxPoints + 999) / 1000 * 1000;
    return std::max(minimum, needed);
}

QString PrometheusBackfill::query(KubeStateSeries series, const QString& selector)
{
    const QString name = KubeStateHistory::metricName(series);
    return selector.isEmpty() ? name : name + QLatin1Char('{') + selector + QLatin1Char('}');
}

kube::ClusterEndpoint PrometheusBackfill::endpointFor(const QString& context, const PrometheusSource& source)
{
    kube::ClusterEndpoint endpoint;
    endpoint.name = endpointName(context);
    endpoint.server = QUrl(source.url);
    endpoint.insecureSkipTlsVerify = source.insecureSkipTlsVerify;
    endpoint.certificateAuthorityFile = source.certificateAuthority;
    endpoint.auth = kube::ClusterEndpoint::Auth::None;
    return endpoint;
}

void PrometheusBackfill::backfill(
    const QString& context, const PrometheusSource& source, qint64 startMs, qint64 endMs, qint64 minimumStepMs)
{
    cancel(context);
    const quint64 generation = ++m_generations[context];
    Run& run = m_runs[context];
    run.result.context = context;
    run.result.startMs = startMs;
    run.result.endMs = endMs;
    run.result.stepMs = stepFor(startMs, endMs, minimumStepMs);

    QString endpoint = context;
    QString prefix;
    if (source.isService()) {
        run.where = QStringLiteral("service %1/%2").arg(source.serviceNamespace, source.serviceName);
        if (!source.servicePort.isEmpty())
            run.where += QLatin1Char(':') + source.servicePort;
        prefix = source.proxyPath();
    } else {
        run.where = source.url;
        const kube::ClusterEndpoint e = endpointFor(context, source);
        if (const std::optional<KubeError> invalid = e.validate()) {
            run.result.error = KubeError::make(invalid->kind,
                QStringLiteral("Prometheus history for %1: %2").arg(context, invalid->message), invalid->detail);
            // Never from inside backfill(): callers connect after calling, as with a network answer.
            QTimer::singleShot(0, this, [this, context, generation] {
                if (m_generations.value(context) == generation)
                    finish(context);
            });
            return;
        }
        m_transport->setEndpoint(e);
        endpoint = e.name;
    }

    // Prometheus' API takes seconds, fractions allowed; whole seconds are what we use.
    const QString start = QString::number(startMs / 1000);
    const QString end = QString::number((endMs + 999) / 1000);
    const QString step = QString::number(run.result.stepMs / 1000);
    const auto decoder = std::make_shared<PrometheusMatrixDecoder>();
    for (int index = 0; index < KubeStateSeriesCount; ++index) {
        const auto series = KubeStateSeries(index);
        ObjectService::Request request(endpoint, prefix + QStringLiteral("/api/v1/query_range"),
            { { QStringLiteral("query"), query(series, source.selector) }, { QStringLiteral("start"), start },
                { QStringLiteral("end"), end }, { QStringLiteral("step"), step } });
        request.decoder = decoder;
        request.cacheable = false;
        ++run.pending;
        run.tickets.append(
            m_objects->get(std::move(request), this, [this, context, generation, series](const kube::ApiReply& reply) {
                answerArrived(context, generation, series, reply);
            }));
    }
}

void PrometheusBackfill::cancel(const QString& context)
{
    const auto it = m_runs.find(context);
    if (it == m_runs.end())
        return;
    const QList<ObjectService::Ticket> tickets = it->tickets;
    m_runs.erase(it);
    ++m_generations[context];
    for (const ObjectService::Ticket ticket : tickets)
        m_objects->cancel(ticket);
}

KubeError PrometheusBackfill::describe(const Run& run, const kube::ApiReply& reply) const
{
    const QString what = QStringLiteral("Prometheus history for %1 (%2)").arg(run.result.context, run.where);
    // Prometheus' own error JSON says more than the status line (a bad query, a timeout).
    const QString prometheus = PrometheusDecoder::errorText(reply.body);
    if (reply.error) {
        KubeError error = *reply.error;
        if (!prometheus.isEmpty())
            error.message = QStringLiteral("%1: HTTP %2: %3").arg(what).arg(reply.httpStatus).arg(prometheus);
        else if (reply.httpStatus != 0 && error.message.isEmpty())
            error.message = QStringLiteral("%1: HTTP %2").arg(what).arg(reply.httpStatus);
        else
            error.message = QStringLiteral("%1: %2").arg(what, error.message);
        return error;
    }
    return KubeError::make(ErrorKind::Parse, QStringLiteral("%1: the answer could not be decoded").arg(what));
}

void PrometheusBackfill::answerArrived(
    const QString& context, quint64 generation, KubeStateSeries series, const kube::ApiReply& reply)
{
    const auto it = m_runs.find(context);
    if (it == m_runs.end() || m_generations.value(context) != generation)
        return; // a superseded backfill
    Run& run = *it;
    --run.pending;
    if (!run.result.error) {
        const auto* payload = dynamic_cast<const PrometheusMatrixDecoder::Payload*>(reply.decoded.get());
        if (!reply.isOk() || !payload) {
            run.result.error = describe(run, reply);
        } else if (!payload->matrix) {
            KubeError error = payload->matrix.error();
            error.message = QStringLiteral("Prometheus history for %1 (%2): %3")
                                .arg(run.result.context, run.where, error.message);
            run.result.error = error;
        } else {
            run.matrices[int(series)] = payload->matrix.value();
            for (const QString& warning : payload->matrix->warnings) {
                if (!run.result.warnings.contains(warning))
                    run.result.warnings.append(warning);
            }
        }
    }
    if (run.pending == 0)
        finish(context);
}

void PrometheusBackfill::finish(const QString& context)
{
    const auto it = m_runs.find(context);
    if (it == m_runs.end())
        return;
    Run run = std::move(*it);
    m_runs.erase(it);
    if (run.result.error) {
        qCWarning(lcFleet) << run.result.error->message;
    } else {
        // A few HPAs × a few thousand points: cheap enough to merge here.
        run.result.timelines = KubeStateHistory::timelines(context, run.matrices);
    }
    Q_EMIT backfillFinished(run.result);
}

} // namespace minato::fleet
