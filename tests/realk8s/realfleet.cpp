// SPDX-License-Identifier: Apache-2.0
#include "realfleet.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>

QJsonObject RealFleet::Result::json() const
{
    return QJsonDocument::fromJson(out).object();
}

std::optional<RealFleet> RealFleet::fromEnvironment()
{
    const QString dir = qEnvironmentVariable("MINATO_REALK8S_DIR");
    if (dir.isEmpty())
        return std::nullopt;
    QFile file(dir + QStringLiteral("/env"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    RealFleet fleet;
    fleet.m_dir = dir;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        QString value = line.mid(eq + 1);
        if (value.size() >= 2 && value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
            value = value.mid(1, value.size() - 2);
        fleet.m_env.insert(line.left(eq), value);
    }
    fleet.m_home = std::make_shared<QTemporaryDir>();
    fleet.m_kubectl = KubectlGeneration::probe();
    if (!fleet.m_kubectl.isValid()) {
        qWarning("%s", qPrintable(fleet.m_kubectl.error()));
        return std::nullopt;
    }
    return fleet;
}

RealFleet::Result RealFleet::run(
    const QString& program, const QStringList& arguments, const QString& home, const QByteArray& input)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("KUBECONFIG"));
    env.insert(QStringLiteral("HOME"), home);
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    Result result;
    if (!process.waitForStarted(10000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.elapsed = QStringLiteral("%1 ms").arg(timer.elapsed());
    return result;
}

QString RealFleet::kubectlContext(const QString& context) const
{
    if (context == QLatin1String("real-exec") && !m_kubectl.can(QStringLiteral("exec-credential-v1")))
        return QStringLiteral("real-v1beta1");
    return context;
}

RealFleet::Result RealFleet::kubectl(const QString& context, const QStringList& arguments) const
{
    return run(m_kubectl.executable(),
        QStringList { QStringLiteral("--kubeconfig=") + kubeconfig(),
            QStringLiteral("--context=") + kubectlContext(context) }
            + arguments,
        m_home->path());
}

RealFleet::Result RealFleet::admin(const QString& cluster, const QStringList& arguments, const QByteArray& input) const
{
    return run(m_kubectl.executable(),
        QStringList { QStringLiteral("--kubeconfig=") + path(QStringLiteral("admin.kubeconfig")),
            QStringLiteral("--context=") + cluster }
            + arguments,
        m_home->path(), input);
}

RealFleet::Result RealFleet::fleetScript(const QString& subcommand, const QStringList& arguments) const
{
    return run(QStringLiteral("bash"),
        QStringList { QStringLiteral(MINATO_REALK8S_FLEET_SH), subcommand, m_dir } + arguments, m_home->path());
}

std::optional<QJsonArray> RealFleet::rawItems(const QString& context, const QString& path, QString* error) const
{
    const Result result = kubectl(context, { QStringLiteral("get"), QStringLiteral("--raw"), path });
    if (!result.ok()) {
        if (error)
            *error = QString::fromUtf8(result.err).trimmed();
        return std::nullopt;
    }
    return result.json().value(QStringLiteral("items")).toArray();
}
