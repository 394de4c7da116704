// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/execcredential.h"
#include "kube/kubeconfigtypes.h"
#include "util/kubeerror.h"

#include <QByteArray>
#include <QObject>

#include <chrono>

class QProcess;
class QTimer;

namespace minato::kube {

// One run of an exec credential plugin: starts it, bounds it in time, collects its output
// and turns every way it can end into exactly one succeeded() or failed(). Owned and
// de-duplicated by ExecCredentialProvider; not meant to be used on its own.
class ExecPluginRun : public QObject
{
    Q_OBJECT
public:
    ExecPluginRun(const ExecConfig& config, const QByteArray& execInfo, std::chrono::milliseconds timeout,
        QObject* parent = nullptr);
    // Kills the plugin (and anything it spawned) if it is still running.
    ~ExecPluginRun() override;

    void start();

    static constexpr qsizetype MaxStderrBytes = 4096;
    static constexpr qsizetype MaxStdoutBytes = 1024 * 1024;

Q_SIGNALS:
    void succeeded(const minato::kube::ExecCredential& credential);
    void failed(const minato::KubeError& error);

private:
    void onErrorOccurred();
    void onFinished(int exitCode, bool crashed);
    void onTimeout();
    void readStdout();
    void readStderr();
    void killProcessGroup();
    void fail(QString message, bool withStderr = true);
    QString stderrText() const;
    bool commandExists() const;

    ExecConfig m_config;
    QProcess* m_process = nullptr;
    QTimer* m_timer = nullptr;
    QByteArray m_stdout;
    QByteArray m_stderr;
    bool m_stderrTruncated = false;
    std::chrono::milliseconds m_timeout;
    bool m_done = false;
    bool m_timedOut = false;
    bool m_outputTooLarge = false;
};

} // namespace minato::kube
