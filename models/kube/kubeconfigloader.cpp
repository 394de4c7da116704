// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigloader.h"

#include "kube/kubeconfigparser.h"
#include "util/logging.h"

#include <QHash>

namespace minato::kube {

namespace {

// A later entry that lost to an earlier one of the same name.
struct ShadowedEntry
{
    DiagnosticSubject kind;
    QString name;
    SourceLocation where;
    SourceLocation winner;
    bool identical = false;
};

QString subjectName(DiagnosticSubject kind)
{
    switch (kind) {
    case DiagnosticSubject::Cluster:
        return QStringLiteral("cluster");
    case DiagnosticSubject::User:
        return QStringLiteral("user");
    case DiagnosticSubject::Context:
        return QStringLiteral("context");
    case DiagnosticSubject::File:
        break;
    }
    return QStringLiteral("file");
}

template <typename Entry>
void mergeEntries(const QList<Entry>& incoming, QList<Entry>& merged, QHash<QString, qsizetype>& index,
    DiagnosticSubject kind, QList<ShadowedEntry>& shadowed)
{
    for (const Entry& entry : incoming) {
        const auto it = index.constFind(entry.name);
        if (it == index.cend()) {
            index.insert(entry.name, merged.size());
            merged.append(entry);
            continue;
        }
        const Entry& winner = merged.at(*it);
        Entry lhs = entry;
        Entry rhs = winner;
        lhs.origin = rhs.origin = SourceLocation {};
        shadowed.append(ShadowedEntry { kind, entry.name, entry.origin, winner.origin, lhs == rhs });
    }
}

class Merger
{
public:
    Kubeconfig run(const QList<KubeconfigFile>& files)
    {
        for (const KubeconfigFile& file : files) {
            m_result.files << file.path;
            for (const char* section : { "clusters", "users", "contexts" }) {
                // What a file could not deliver may be what a context in another file is missing.
                if (!file.loaded || file.unreadableSections.contains(QLatin1String(section)))
                    m_unreadable[QLatin1String(section)] << file.path;
            }
            mergeEntries(file.clusters, m_result.clusters, m_clusterIndex, DiagnosticSubject::Cluster, m_shadowed);
            mergeEntries(file.users, m_result.users, m_userIndex, DiagnosticSubject::User, m_shadowed);
            mergeEntries(file.contexts, m_result.contexts, m_contextIndex, DiagnosticSubject::Context, m_shadowed);
            if (m_result.currentContext.isEmpty() && !file.currentContext.isEmpty()) {
                m_result.currentContext = file.currentContext;
                m_currentContextAt = file.currentContextAt;
            }
        }
        for (const KubeconfigFile& file : files) {
            for (const SubjectDiagnostic& item : file.diagnostics)
                attach(item, file.path);
        }
        for (const ShadowedEntry& entry : m_shadowed)
            reportShadowed(entry);
        checkReferences();
        return std::move(m_result);
    }

private:
    bool isWinner(DiagnosticSubject kind, const QString& name, const QString& file) const
    {
        const QHash<QString, qsizetype>* index = nullptr;
        SourceLocation origin;
        switch (kind) {
        case DiagnosticSubject::Cluster:
            index = &m_clusterIndex;
            break;
        case DiagnosticSubject::User:
            index = &m_userIndex;
            break;
        case DiagnosticSubject::Context:
            index = &m_contextIndex;
            break;
        case DiagnosticSubject::File:
            return false;
        }
        const auto it = index->constFind(name);
        if (it == index->cend())
            return false;
        if (kind == DiagnosticSubject::Cluster)
            origin = m_result.clusters.at(*it).origin;
        else if (kind == DiagnosticSubject::User)
            origin = m_result.users.at(*it).origin;
        else
            origin = m_result.contexts.at(*it).origin;
        return origin.file == file;
    }

    // Contexts of the merged config that reference cluster or user `name`, optionally only
    // those defined in `fromFile`.
    QStringList contextsUsing(DiagnosticSubject kind, const QString& name, const QString& fromFile = {}) const
    {
        QStringList names;
        for (const ContextEntry& context : m_result.contexts) {
            const QString& reference = kind == DiagnosticSubject::Cluster ? context.cluster : context.user;
            if (reference == name && (fromFile.isEmpty() || context.origin.file == fromFile))
                names << context.name;
        }
        return names;
    }

    void addFannedOut(const Diagnostic& diagnostic, const QStringList& contexts)
    {
        if (contexts.isEmpty()) {
            m_result.diagnostics.append(diagnostic);
            return;
        }
        for (const QString& context : contexts) {
            Diagnostic copy = diagnostic;
            copy.context = context;
            m_result.diagnostics.append(copy);
        }
    }

    void attach(const SubjectDiagnostic& item, const QString& file)
    {
        const bool winner = isWinner(item.subject, item.name, file);
        switch (item.subject) {
        case DiagnosticSubject::File:
            m_result.diagnostics.append(item.diagnostic);
            return;
        case DiagnosticSubject::Context: {
            Diagnostic copy = item.diagnostic;
            if (winner)
                copy.context = item.name;
            m_result.diagnostics.append(copy);
            return;
        }
        case DiagnosticSubject::Cluster:
        case DiagnosticSubject::User:
            // A shadowed entry's problems do not reach any context: nothing uses that entry.
            addFannedOut(item.diagnostic, winner ? contextsUsing(item.subject, item.name) : QStringList());
            return;
        }
    }

    void reportShadowed(const ShadowedEntry& entry)
    {
        const QString kind = subjectName(entry.kind);
        Diagnostic diagnostic { entry.identical ? Severity::Info : Severity::Warning, QStringLiteral("name-shadowed"),
            QStringLiteral("%1 \"%2\" is shadowed by %3; this definition is ignored%4")
                .arg(kind, entry.name, entry.winner.toString(),
                    entry.identical ? QStringLiteral(" (it is identical)") : QStringLiteral(" and differs from it")),
            entry.where, {} };
        if (entry.kind == DiagnosticSubject::Context) {
            diagnostic.context = entry.name;
            m_result.diagnostics.append(diagnostic);
            return;
        }
        // Contexts from the losing file that expected their own file's entry now use another one.
        addFannedOut(
            diagnostic, entry.identical ? QStringList() : contextsUsing(entry.kind, entry.name, entry.where.file));
    }

    QString unreadableHint(const QString& section) const
    {
        const QStringList files = m_unreadable.value(section);
        if (files.isEmpty())
            return {};
        return QStringLiteral("; it may be defined in %1, whose %2 could not be read")
            .arg(files.join(QLatin1String(", ")), section);
    }

    void report(Severity severity, const QString& code, const QString& message, const SourceLocation& where,
        const QString& context)
    {
        m_result.diagnostics.append(Diagnostic { severity, code, message, where, context });
    }

    void checkReferences()
    {
        for (const ContextEntry& context : std::as_const(m_result.contexts)) {
            const QString what = QStringLiteral("context \"%1\"").arg(context.name);
            if (context.cluster.isEmpty()) {
                report(Severity::Error, QStringLiteral("context-missing-cluster"),
                    QStringLiteral("%1 names no cluster").arg(what), context.origin, context.name);
            } else if (!m_result.cluster(context.cluster)) {
                report(Severity::Error, QStringLiteral("context-missing-cluster"),
                    QStringLiteral("%1: cluster \"%2\" is not defined in any loaded file%3")
                        .arg(what, context.cluster, unreadableHint(QStringLiteral("clusters"))),
                    context.origin, context.name);
            }
            if (context.user.isEmpty()) {
                report(Severity::Warning, QStringLiteral("context-missing-user"),
                    QStringLiteral("%1 names no user; requests will be anonymous").arg(what), context.origin,
                    context.name);
            } else if (!m_result.user(context.user)) {
                report(Severity::Error, QStringLiteral("context-missing-user"),
                    QStringLiteral("%1: user \"%2\" is not defined in any loaded file%3")
                        .arg(what, context.user, unreadableHint(QStringLiteral("users"))),
                    context.origin, context.name);
            }
        }
        if (!m_result.currentContext.isEmpty() && !m_result.context(m_result.currentContext)) {
            report(Severity::Error, QStringLiteral("current-context-missing"),
                QStringLiteral("current-context \"%1\" is not defined in any loaded file%2")
                    .arg(m_result.currentContext, unreadableHint(QStringLiteral("contexts"))),
                m_currentContextAt, {});
        }
        if (m_result.contexts.isEmpty()) {
            report(Severity::Info, QStringLiteral("no-contexts"),
                m_result.files.isEmpty()
                    ? QStringLiteral("no kubeconfig file was found")
                    : QStringLiteral("no contexts in %1 kubeconfig file(s)").arg(m_result.files.size()),
                {}, {});
        }
    }

    Kubeconfig m_result;
    QHash<QString, qsizetype> m_clusterIndex;
    QHash<QString, qsizetype> m_userIndex;
    QHash<QString, qsizetype> m_contextIndex;
    QList<ShadowedEntry> m_shadowed;
    QHash<QString, QStringList> m_unreadable; // section -> files that could not deliver it
    SourceLocation m_currentContextAt;
};

} // namespace

KubeconfigLoader::KubeconfigLoader(KubeconfigLoadOptions options)
    : m_options(std::move(options))
{ }

Kubeconfig KubeconfigLoader::load(const QStringList& files) const
{
    const KubeconfigParser parser(m_options);
    QList<KubeconfigFile> parsed;
    parsed.reserve(files.size());
    QStringList seen;
    for (const QString& file : files) {
        // A file listed twice would only shadow itself; client-go drops such repeats too.
        if (seen.contains(file))
            continue;
        seen << file;
        parsed.append(parser.parseFile(file));
    }
    Kubeconfig config = merge(parsed);
    qCDebug(lcKube) << "loaded" << config.files.size() << "kubeconfig files:" << config.contexts.size() << "contexts,"
                    << config.diagnostics.size() << "diagnostics";
    return config;
}

Kubeconfig KubeconfigLoader::load(const KubeconfigSourceList& sources) const
{
    Kubeconfig config = load(sources.files);
    config.diagnostics = sources.diagnostics + config.diagnostics;
    return config;
}

Kubeconfig KubeconfigLoader::merge(const QList<KubeconfigFile>& files)
{
    Merger merger;
    return merger.run(files);
}

} // namespace minato::kube
