// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigsources.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace minato::kube {

namespace {

class SourceCollector
{
public:
    explicit SourceCollector(QString workingDirectory)
        : m_workingDirectory(std::move(workingDirectory))
    { }

    QString absolute(const QString& path) const
    {
        return QDir::cleanPath(QDir(m_workingDirectory).absoluteFilePath(path));
    }

    void add(const QString& path)
    {
        const QString file = absolute(path);
        if (m_seen.contains(file))
            return;
        m_seen.insert(file);
        m_result.files << file;
    }

    void note(Severity severity, const QString& code, const QString& message, const SourceLocation& where)
    {
        m_result.diagnostics.append(Diagnostic { severity, code, message, where, {} });
    }

    KubeconfigSourceList take() { return std::move(m_result); }

private:
    QString m_workingDirectory;
    QSet<QString> m_seen;
    KubeconfigSourceList m_result;
};

} // namespace

KubeconfigSourceList KubeconfigSources::resolve(const QStringList& explicitFiles,
    const QProcessEnvironment& environment, const QString& workingDirectory, const QList<ExtraKubeconfigSource>& extras)
{
    SourceCollector sources(workingDirectory);
    const QString kubeconfigVariable = environment.value(QStringLiteral("KUBECONFIG"));
    if (!explicitFiles.isEmpty()) {
        // kubectl requires an explicit file to exist; the parser reports other problems.
        for (const QString& file : explicitFiles) {
            const QString path = sources.absolute(file);
            if (QFileInfo::exists(path)) {
                sources.add(path);
            } else {
                sources.note(Severity::Error, QStringLiteral("file-missing"),
                    QStringLiteral("the --kubeconfig file does not exist"), SourceLocation { path, 0, 0 });
            }
        }
    } else if (!kubeconfigVariable.isEmpty()) {
        for (const QString& entry : kubeconfigVariable.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
            const QString path = sources.absolute(entry);
            if (QFileInfo::exists(path)) {
                sources.add(path);
            } else {
                // client-go skips these silently; keep a trace for people wondering where a context went.
                sources.note(Severity::Info, QStringLiteral("file-skipped"),
                    QStringLiteral("listed in KUBECONFIG but does not exist; skipped, as kubectl does"),
                    SourceLocation { path, 0, 0 });
            }
        }
    } else {
        QString home = environment.value(QStringLiteral("HOME"));
        if (home.isEmpty())
            home = QDir::homePath();
        const QString path = QDir(home).filePath(QStringLiteral(".kube/config"));
        if (QFileInfo::exists(path)) {
            sources.add(path);
        } else {
            sources.note(Severity::Info, QStringLiteral("file-skipped"),
                QStringLiteral("the default kubeconfig does not exist"), SourceLocation { path, 0, 0 });
        }
    }

    for (const ExtraKubeconfigSource& extra : extras) {
        const QFileInfo info(extra.path);
        if (info.isDir()) {
            const QFileInfoList entries = QDir(extra.path).entryInfoList(QDir::Files, QDir::Name);
            for (const QFileInfo& entry : entries)
                sources.add(entry.absoluteFilePath());
            if (entries.isEmpty()) {
                sources.note(Severity::Info, QStringLiteral("source-empty"),
                    QStringLiteral("fleet source folder %1 holds no files").arg(extra.path), extra.declaredAt);
            }
        } else if (info.exists()) {
            sources.add(extra.path);
        } else {
            sources.note(Severity::Error, QStringLiteral("file-missing"),
                QStringLiteral("fleet source %1 does not exist").arg(extra.path), extra.declaredAt);
        }
    }
    return sources.take();
}

} // namespace minato::kube
