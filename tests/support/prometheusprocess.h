// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMap>
#include <QPair>
#include <QProcess>
#include <QString>

// A real Prometheus (Debian's /usr/bin/prometheus) for integration tests: scrapes one
// simulated cluster's kube-state-metrics endpoint (https://127.0.0.1:<port>/metrics, trusted
// through the simulator's CA) every second, its series labelled cluster=<name>, and listens on
// a free loopback port. Everything it writes (config, CA file, TSDB, log) stays in `folder`.
class PrometheusProcess
{
public:
    explicit PrometheusProcess(const QString& folder);
    ~PrometheusProcess(); // stop()
    PrometheusProcess(const PrometheusProcess&) = delete;
    PrometheusProcess& operator=(const PrometheusProcess&) = delete;

    // Empty when prometheus is not installed (the tests skip then).
    static QString executable();

    // Starts it and waits (in the event loop) until /-/ready answers 200; up to three tries on
    // another free port if it dies at once (a port taken between probing and binding). False:
    // see log().
    bool start(const QByteArray& caCertificate, quint16 simPort, const QString& cluster, int timeoutMs = 20000);
    // SIGTERM, then SIGKILL after 15 s.
    void stop();
    bool isRunning() const { return m_process.state() == QProcess::Running; }

    // An instant query (/api/v1/query), waited for in the event loop: each series of the
    // resulting vector as its labels and value; empty on any error.
    QList<QPair<QMap<QString, QString>, double>> instantQuery(const QString& promql, int timeoutMs = 10000) const;

    QString url() const { return m_url; } // "http://127.0.0.1:<port>"
    qint64 startedMs() const { return m_startedMs; } // wall clock when the process started
    QString caFile() const; // the simulator's CA as a PEM file
    QString logFile() const;
    QString log() const; // its output so far, for failure messages

private:
    bool startOnce(quint16 simPort, const QString& cluster, int timeoutMs);

    QString m_folder;
    QProcess m_process;
    QString m_url;
    qint64 m_startedMs = 0;
};
