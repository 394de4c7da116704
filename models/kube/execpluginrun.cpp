// SPDX-License-Identifier: Apache-2.0
#include "execpluginrun.h"

#include "kube/execcredentialprotocol.h"
#include "util/logging.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace minato::kube {

namespace {

// How long to wait for a killed plugin to be reaped before reporting the timeout anyway;
// SIGKILL cannot be ignored, so this only matters for a process stuck in the kernel.
constexpr std::chrono::milliseconds ReapGrace { 2000 };

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(double(duration.count()) / 1000.0, 'g', 3) + QStringLiteral(" s");
}

} // namespace

ExecPluginRun::ExecPluginRun(
    const ExecConfig& config, const QByteArray& execInfo, std::chrono::milliseconds timeout, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_process(new QProcess(this))
    , m_timer(new QTimer(this))
    , m_timeout(timeout)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const ExecEnvVar& variable : config.env)
        environment.insert(variable.name, variable.value);
    environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execInfo));

    m_process->setProgram(config.command);
    m_process->setArguments(config.args);
    m_process->setProcessEnvironment(environment);
    // Nothing can answer a prompt: a plugin reading stdin gets EOF instead of waiting forever.
    m_process->setStandardInputFile(QProcess::nullDevice());
    // Its own process group, so a timeout also stops whatever the plugin spawned (gcloud,
    // az and friends run helpers that would otherwise outlive it).
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });

    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ExecPluginRun::onTimeout);
    connect(m_process, &QProcess::errorOccurred, this, &ExecPluginRun::onErrorOccurred);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &ExecPluginRun::readStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &ExecPluginRun::readStderr);
    connect(m_process, &QProcess::finished, this,
        [this](int exitCode, QProcess::ExitStatus status) { onFinished(exitCode, status == QProcess::CrashExit); });
}

ExecPluginRun::~ExecPluginRun()
{
    m_stdout.fill('\0');
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->disconnect(this);
    killProcessGroup();
    // Reaping a SIGKILLed child takes microseconds; waiting here keeps QProcess from
    // warning about, and leaving behind, a zombie.
    m_process->waitForFinished(int(ReapGrace.count()));
}

void ExecPluginRun::start()
{
    qCDebug(lcCredentials) << "running exec plugin" << m_config.command;
    m_timer->start(m_timeout);
    m_process->start();
}

void ExecPluginRun::onErrorOccurred()
{
    // Crashes and read errors are followed by finished(); only a failed start is final here.
    if (m_process->error() != QProcess::FailedToStart || m_done)
        return;
    if (!commandExists()) {
        QString message = QStringLiteral("exec: executable ") + m_config.command + QStringLiteral(" not found");
        if (!m_config.installHint.isEmpty())
            message += QStringLiteral("\n\n") + m_config.installHint.trimmed();
        fail(message, false);
        return;
    }
    fail(QStringLiteral("exec: executable ") + m_config.command + QStringLiteral(" could not be started: ")
            + m_process->errorString(),
        false);
}

void ExecPluginRun::onFinished(int exitCode, bool crashed)
{
    readStdout();
    readStderr();
    if (m_done)
        return;
    const QString executable = QStringLiteral("exec: executable ") + m_config.command;
    if (m_timedOut) {
        fail(executable + QStringLiteral(" did not finish within ") + seconds(m_timeout)
            + QStringLiteral(" and was stopped"));
        return;
    }
    if (m_outputTooLarge) {
        fail(executable + QStringLiteral(" wrote more than ") + QString::number(MaxStdoutBytes / 1024)
            + QStringLiteral(" KiB to stdout and was stopped"));
        return;
    }
    if (crashed) {
        fail(executable + QStringLiteral(" was terminated by a signal"));
        return;
    }
    if (exitCode != 0) {
        fail(executable + QStringLiteral(" failed with exit code ") + QString::number(exitCode));
        return;
    }

    Expected<ExecCredential> credential = execprotocol::parseOutput(m_stdout, m_config.apiVersion);
    if (!credential) {
        KubeError error = credential.error();
        // The output may have carried a token even though it was rejected; a plugin that
        // also echoed it to stderr must not get it into an error shown to people.
        error.detail = execprotocol::redacted(stderrText(), execprotocol::secretsIn(m_stdout));
        m_done = true;
        m_timer->stop();
        qCInfo(lcCredentials) << "exec plugin" << m_config.command << "failed:" << error.message;
        Q_EMIT failed(error);
        return;
    }
    m_done = true;
    m_timer->stop();
    qCDebug(lcCredentials) << "exec plugin" << m_config.command << "returned"
                           << (credential->hasToken() ? "a token" : "a client certificate") << "expiring"
                           << (credential->expiration ? credential->expiration->toString(Qt::ISODate)
                                                      : QStringLiteral("never"));
    Q_EMIT succeeded(*credential);
}

void ExecPluginRun::onTimeout()
{
    if (m_done)
        return;
    if (!m_timedOut) {
        m_timedOut = true;
        qCInfo(lcCredentials) << "exec plugin" << m_config.command << "timed out after" << seconds(m_timeout);
        killProcessGroup();
        // The failure is reported from onFinished, once the plugin is really gone.
        m_timer->start(ReapGrace);
        return;
    }
    fail(QStringLiteral("exec: executable ") + m_config.command + QStringLiteral(" did not finish within ")
        + seconds(m_timeout) + QStringLiteral(" and could not be stopped"));
}

void ExecPluginRun::readStdout()
{
    if (m_outputTooLarge) {
        m_process->readAllStandardOutput();
        return;
    }
    m_stdout += m_process->readAllStandardOutput();
    if (m_stdout.size() > MaxStdoutBytes) {
        m_outputTooLarge = true;
        m_stdout.fill('\0');
        m_stdout.clear();
        killProcessGroup();
    }
}

void ExecPluginRun::readStderr()
{
    m_stderr += m_process->readAllStandardError();
    // Keep the tail: the last lines usually say what finally went wrong.
    if (m_stderr.size() > 2 * MaxStderrBytes) {
        m_stderr = m_stderr.right(MaxStderrBytes);
        m_stderrTruncated = true;
    }
}

void ExecPluginRun::killProcessGroup()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    // The pid is known from the fork on, before started() is delivered. Until the child has
    // made its own group this finds no group, and killing the child alone suffices.
    if (const qint64 pid = m_process->processId(); pid > 0)
        ::kill(pid_t(-pid), SIGKILL);
    m_process->kill();
}

void ExecPluginRun::fail(QString message, bool withStderr)
{
    if (m_done)
        return;
    m_done = true;
    m_timer->stop();
    killProcessGroup();
    qCInfo(lcCredentials) << "exec plugin" << m_config.command << "failed:" << message;
    Q_EMIT failed(KubeError::make(ErrorKind::Credentials, std::move(message), withStderr ? stderrText() : QString()));
}

QString ExecPluginRun::stderrText() const
{
    QByteArray tail = m_stderr.right(MaxStderrBytes);
    const bool truncated = m_stderrTruncated || tail.size() < m_stderr.size();
    QString text = QString::fromUtf8(tail).trimmed();
    if (truncated)
        text.prepend(QStringLiteral("… "));
    return text;
}

bool ExecPluginRun::commandExists() const
{
    if (m_config.command.contains(QLatin1Char('/')))
        return QFileInfo::exists(m_config.command);
    return !QStandardPaths::findExecutable(m_config.command).isEmpty();
}

} // namespace minato::kube
