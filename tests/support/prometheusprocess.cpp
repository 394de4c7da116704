// SPDX-License-Identifier: Apache-2.0
#include "prometheusprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

PrometheusProcess::PrometheusProcess(const QString& folder)
    : m_folder(folder)
{ }

PrometheusProcess::~PrometheusProcess()
{
    stop();
}

QString PrometheusProcess::executable()
{
    return QStandardPaths::findExecutable(u"prometheus"_s);
}

QString PrometheusProcess::caFile() const
{
    return QDir(m_folder).filePath(u"sim-ca.crt"_s);
}

QString PrometheusProcess::logFile() const
{
    return QDir(m_folder).filePath(u"prometheus.log"_s);
}

QString PrometheusProcess::log() const
{
    QFile file(logFile());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool PrometheusProcess::start(const QByteArray& caCertificate, quint16 simPort, const QString& cluster, int timeoutMs)
{
    QFile ca(caFile());
    if (!ca.open(QIODevice::WriteOnly))
        return false;
    ca.write(caCertificate); // a certificate, not a secret
    ca.close();
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (startOnce(simPort, cluster, timeoutMs))
            return true;
        stop();
    }
    return false;
}

bool PrometheusProcess::startOnce(quint16 simPort, const QString& cluster, int timeoutMs)
{
    QTcpServer probe; // a free port: bind 0, read it, release it; start() retries on a race
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return false;
    const quint16 port = probe.serverPort();
    probe.close();
    const QString config = QDir(m_folder).filePath(u"prometheus.yml"_s);
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QStringLiteral("global:\n"
                              "  scrape_interval: 1s\n"
                              "  scrape_timeout: 1s\n"
                              "  evaluation_interval: 1s\n"
                              "scrape_configs:\n"
                              "  - job_name: kube-state-metrics\n"
                              "    scheme: https\n"
                              "    tls_config:\n"
                              "      ca_file: %1\n"
                              "    static_configs:\n"
                              "      - targets: ['127.0.0.1:%2']\n"
                              "        labels:\n"
                              "          cluster: %3\n")
                   .arg(caFile())
                   .arg(simPort)
                   .arg(cluster)
                   .toUtf8());
    file.close();
    m_process.setWorkingDirectory(m_folder);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(logFile(), QIODevice::Append);
    m_process.start(executable(),
        { u"--config.file="_s + config, u"--storage.tsdb.path="_s + QDir(m_folder).filePath(u"tsdb"_s),
            u"--web.listen-address=127.0.0.1:"_s + QString::number(port), u"--log.level=warn"_s });
    if (!m_process.waitForStarted(10000))
        return false;
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_url = u"http://127.0.0.1:"_s + QString::number(port);

    QNetworkAccessManager network;
    QNetworkReply* pending = nullptr;
    bool ready = false;
    // Ends with `ready`, the process gone, or the time up; `ready` says which.
    (void)QTest::qWaitFor(
        [&] {
            if (m_process.state() != QProcess::Running || ready)
                return true;
            if (pending && pending->isFinished()) {
                ready = pending->error() == QNetworkReply::NoError
                    && pending->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
                pending->deleteLater();
                pending = nullptr;
            }
            if (!pending && !ready)
                pending = network.get(QNetworkRequest(QUrl(m_url + u"/-/ready"_s)));
            return ready;
        },
        timeoutMs);
    if (pending) {
        pending->abort();
        delete pending;
    }
    return ready && m_process.state() == QProcess::Running;
}

void PrometheusProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate(); // SIGTERM: Prometheus shuts down cleanly
    if (!m_process.waitForFinished(15000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QList<QPair<QMap<QString, QString>, double>> PrometheusProcess::instantQuery(const QString& promql, int timeoutMs) const
{
    QList<QPair<QMap<QString, QString>, double>> out;
    QUrl url(m_url + u"/api/v1/query"_s);
    QUrlQuery query;
    query.addQueryItem(u"query"_s, promql);
    url.setQuery(query);
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(url));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs)) {
        reply->abort();
        delete reply;
        return out;
    }
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    for (const QJsonValue& item : answer.value(u"data").toObject().value(u"result").toArray()) {
        QMap<QString, QString> labels;
        const QJsonObject metric = item.toObject().value(u"metric").toObject();
        for (auto it = metric.begin(); it != metric.end(); ++it)
            labels.insert(it.key(), it.value().toString());
        out.append({ labels, item.toObject().value(u"value").toArray().at(1).toString().toDouble() });
    }
    return out;
}
