// SPDX-License-Identifier: Apache-2.0
#include "kubectlgeneration.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtGlobal>

namespace {

QStringList strings(const QJsonValue& value)
{
    QStringList result;
    for (const QJsonValue& v : value.toArray())
        result << v.toString();
    return result;
}

} // namespace

KubectlGeneration KubectlGeneration::probe()
{
    KubectlGeneration g;
    QFile table(QStringLiteral(MINATO_TEST_DATA_DIR "/kubectl/generations.json"));
    if (!table.open(QIODevice::ReadOnly)) {
        g.m_error = QStringLiteral("cannot read ") + table.fileName();
        return g;
    }
    const QJsonObject root = QJsonDocument::fromJson(table.readAll()).object();
    for (const QJsonValue& v : root.value(QStringLiteral("fields")).toArray()) {
        const QJsonObject f = v.toObject();
        g.m_fields.append({ f.value(QStringLiteral("section")).toString(), strings(f.value(QStringLiteral("path"))),
            f.value(QStringLiteral("since")).toInt(), f.value(QStringLiteral("default")),
            strings(f.value(QStringLiteral("defaultFor"))), f.value(QStringLiteral("change")).toString() });
    }
    for (const QJsonValue& v : root.value(QStringLiteral("redactions")).toArray()) {
        const QJsonObject r = v.toObject();
        g.m_redactions.append({ r.value(QStringLiteral("section")).toString(),
            strings(r.value(QStringLiteral("path"))), r.value(QStringLiteral("since")).toInt(),
            r.value(QStringLiteral("shownAs")).toString() });
    }
    g.m_capabilities = root.value(QStringLiteral("capabilities")).toObject();
    if (g.m_fields.isEmpty() || g.m_capabilities.isEmpty()) {
        g.m_error = table.fileName() + QStringLiteral(" has no fields or capabilities");
        return g;
    }

    g.m_executable = qEnvironmentVariable("MINATO_KUBECTL");
    if (g.m_executable.isEmpty())
        g.m_executable = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (g.m_executable.isEmpty()) {
        g.m_error = QStringLiteral("kubectl is not on PATH and MINATO_KUBECTL is unset; the install script provides it");
        return g;
    }
    QProcess process;
    process.start(g.m_executable, { QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("-o"),
                                      QStringLiteral("json") });
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        g.m_error = g.m_executable + QStringLiteral(" version --client failed: ")
            + QString::fromUtf8(process.readAllStandardError()).trimmed();
        return g;
    }
    const QJsonObject client
        = QJsonDocument::fromJson(process.readAllStandardOutput()).object().value(QStringLiteral("clientVersion")).toObject();
    g.m_gitVersion = client.value(QStringLiteral("gitVersion")).toString();
    // "32+" on vendor builds: the digits are the minor.
    const QRegularExpressionMatch minor
        = QRegularExpression(QStringLiteral("^(\\d+)")).match(client.value(QStringLiteral("minor")).toString());
    if (client.value(QStringLiteral("major")).toString() != QLatin1String("1") || !minor.hasMatch()) {
        g.m_error = g.m_executable + QStringLiteral(" printed no 1.x client version");
        return g;
    }
    g.m_minor = minor.captured(1).toInt();
    return g;
}

QString KubectlGeneration::describe() const
{
    return QStringLiteral("kubectl %1 (%2)").arg(m_gitVersion, m_executable);
}

const KubectlGeneration::Field* KubectlGeneration::field(const QString& section, const QStringList& path) const
{
    for (const Field& f : m_fields) {
        if (f.section == section && f.path == path)
            return &f;
    }
    return nullptr;
}

bool KubectlGeneration::shows(const QString& section, const QStringList& path) const
{
    const Field* f = field(section, path);
    return !f || m_minor >= f->since;
}

const KubectlGeneration::Redaction* KubectlGeneration::redaction(
    const QString& section, const QStringList& path) const
{
    for (const Redaction& r : m_redactions) {
        if (r.section == section && r.path == path && m_minor >= r.since)
            return &r;
    }
    return nullptr;
}

bool KubectlGeneration::can(const QString& capability) const
{
    const QJsonValue entry = m_capabilities.value(capability);
    if (!entry.isObject())
        qFatal("generations.json has no capability %s", qPrintable(capability));
    return m_minor >= entry.toObject().value(QStringLiteral("since")).toInt();
}
