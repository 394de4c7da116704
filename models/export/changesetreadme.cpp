// SPDX-License-Identifier: Apache-2.0
#include "changesetreadme.h"

#include "changesetjson.h"
#include "changesetlayout.h"
#include "schemafindings.h"

#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>

namespace minato::changes {

namespace {

    QString objectLabel(const ObjectRef& ref)
    {
        const QString name = ref.kind + QLatin1Char('/') + ref.name;
        return ref.namespaceName.isEmpty() ? name : ref.namespaceName + QLatin1Char('/') + name;
    }

    // "deployment.apps" for kubectl: the singular kind with its group resolves without discovery
    // ambiguity; the core group has none.
    QString kubectlResource(const ObjectRef& ref)
    {
        const qsizetype slash = ref.apiVersion.indexOf(QLatin1Char('/'));
        const QString kind = ref.kind.toLower();
        return slash < 0 ? kind : kind + QLatin1Char('.') + ref.apiVersion.left(slash);
    }

    QString kubectl(const ObjectRef& ref)
    {
        QString line = QStringLiteral("kubectl --context %1").arg(shellWord(ref.cluster));
        if (!ref.namespaceName.isEmpty())
            line += QStringLiteral(" -n %1").arg(shellWord(ref.namespaceName));
        return line;
    }

    QString singleLine(const QString& text)
    {
        return text.simplified();
    }

    class ReadmeWriter
    {
    public:
        ReadmeWriter(const ChangeSet& set, const SchemaFindings* findings)
            : m_set(set)
            , m_layout(set)
            , m_findings(findings)
            , m_out(&m_text)
        { }

        QByteArray write()
        {
            header();
            changes();
            warnings();
            validation();
            howToApply();
            m_out.flush();
            return m_text.toUtf8();
        }

    private:
        void header()
        {
            const QString title = singleLine(m_set.title);
            m_out << "# " << (title.isEmpty() ? QStringLiteral("Change set") : title) << "\n\n";
            m_out << "Prepared with Minato, which never changes a cluster: review these files, commit them and "
                     "apply them through your own pipeline.\n\n";
            m_out << "## Why\n\n"
                  << (m_set.reason.trimmed().isEmpty() ? QStringLiteral("(no reason given)") : m_set.reason.trimmed())
                  << "\n\n";
            m_out << "| | |\n|---|---|\n";
            m_out << "| Author | " << (m_set.author.isEmpty() ? QStringLiteral("(unknown)") : singleLine(m_set.author))
                  << " |\n";
            m_out << "| Created | "
                  << (m_set.created.isValid() ? m_set.created.toUTC().toString(Qt::ISODate)
                                              : QStringLiteral("(unknown)"))
                  << " |\n";
            QStringList clusters;
            for (const QString& cluster : m_layout.clusters())
                clusters.append(QLatin1Char('`') + cluster + QLatin1Char('`'));
            m_out << "| Clusters | " << clusters.join(QLatin1String(", ")) << " |\n";
            m_out << "| Changes | " << m_set.changes.size() << " |\n\n";
        }

        void changes()
        {
            m_out << "## What\n\n";
            for (const QString& cluster : m_layout.clusters()) {
                m_out << "### " << cluster << "\n\n";
                for (int i = 0; i < m_set.changes.size(); ++i) {
                    const Change& change = m_set.changes.at(i);
                    if (change.target.cluster != cluster)
                        continue;
                    m_out << "- " << singleLine(change.summary) << " (`" << objectLabel(change.target) << "`"
                          << (change.isCreation() ? ", new" : "") << ")";
                    QStringList paths;
                    for (const ChangeSetFile& file : m_layout.filesOfChange(i))
                        paths.append(QLatin1Char('`') + file.path + QLatin1Char('`'));
                    if (!paths.isEmpty())
                        m_out << ": " << paths.join(QLatin1String(", "));
                    m_out << "\n";
                }
                m_out << "\n";
            }
        }

        void warnings()
        {
            QStringList all;
            for (const Change& change : m_set.changes) {
                for (const QString& warning : change.warnings) {
                    const QString line = singleLine(warning);
                    if (!all.contains(line))
                        all.append(line);
                }
            }
            if (all.isEmpty())
                return;
            m_out << "## Warnings\n\n";
            for (const QString& warning : std::as_const(all))
                m_out << "- " << warning << "\n";
            m_out << "\n";
        }

        void validation()
        {
            m_out << "## Schema validation\n\n";
            if (!m_findings) {
                m_out << "Not validated against the clusters' OpenAPI schemas.\n\n";
                return;
            }
            if (m_findings->count() == 0)
                m_out << "Every manifest matches its cluster's OpenAPI schema.\n";
            for (const ObjectRef& ref : m_findings->objects()) {
                for (const SchemaFinding& finding : m_findings->forObject(ref)) {
                    m_out << "- error: `" << ref.cluster << "` `" << objectLabel(ref) << "` `" << finding.path
                          << "`: " << finding.message << "\n";
                }
            }
            for (const QString& cluster : m_findings->clustersWithNotes()) {
                for (const QString& note : m_findings->notes(cluster))
                    m_out << "- note: `" << cluster << "`: " << singleLine(note) << "\n";
            }
            m_out << "\n";
        }

        void howToApply()
        {
            m_out << "## How to apply\n\n";
            kustomizeCommands();
            fileCommands();
            plans();
        }

        void kustomizeCommands()
        {
            QString commands;
            for (const QString& cluster : m_layout.clusters()) {
                if (m_layout.files(cluster, ChangeSetFile::Role::Manifest).isEmpty())
                    continue;
                const QString context = QStringLiteral("kubectl --context ") + shellWord(cluster);
                const QString folder = shellWord(m_layout.clusterFolder(cluster) + QLatin1Char('/'));
                commands += context + QLatin1String(" diff -k ") + folder + QLatin1Char('\n');
                commands += context + QLatin1String(" apply -k ") + folder + QLatin1Char('\n');
            }
            if (commands.isEmpty())
                return;
            m_out << "Each cluster folder is a kustomization of the full manifests after the change (Secrets "
                     "excepted, see below)."
                  << (anyCreation() ? " Objects marked new above do not exist yet: the same apply creates them." : "")
                  << " Preview, then apply:\n\n```sh\n"
                  << commands << "```\n\n";
        }

        bool anyCreation() const
        {
            return std::any_of(
                m_set.changes.cbegin(), m_set.changes.cend(), [](const Change& change) { return change.isCreation(); });
        }

        void fileCommands()
        {
            QString commands;
            for (const ChangeSetFile& file : m_layout.files()) {
                const Change& change = m_set.changes.at(file.changeIndex);
                if (file.role == ChangeSetFile::Role::Manifest) {
                    if (file.target.kind == QLatin1String("Secret"))
                        commands += QLatin1String(
                            "# not in the kustomization: replace the <set-me: KEY> placeholders first\n");
                    commands += QLatin1String("kubectl --context ") + shellWord(file.target.cluster)
                        + QLatin1String(" apply -f ") + shellWord(file.path) + QLatin1Char('\n');
                } else if (file.role == ChangeSetFile::Role::Patch) {
                    commands += kubectl(file.target) + QLatin1String(" patch ") + kubectlResource(file.target)
                        + QLatin1Char(' ') + shellWord(file.target.name) + QLatin1String(" --type ")
                        + patchTypeName(change.patchType) + QLatin1String(" --patch-file ") + shellWord(file.path)
                        + QLatin1Char('\n');
                }
            }
            if (commands.isEmpty())
                return;
            m_out << "The `*.patch.yaml` files hold only what changes and are not part of the kustomization (a "
                     "patch on top of the full manifest it produced would say everything twice). Apply a "
                     "single manifest or a single patch instead with:\n\n```sh\n"
                  << commands << "```\n\n";
        }

        void plans()
        {
            bool any = false;
            for (const ChangeSetFile& file : m_layout.files()) {
                if (file.role != ChangeSetFile::Role::Plan)
                    continue;
                if (!any)
                    m_out << "Plans are documents for a person, never applied by kustomize:\n\n";
                any = true;
                const Change& change = m_set.changes.at(file.changeIndex);
                m_out << "- `" << file.path << "`";
                if (change.operation == QLatin1String("delete")) {
                    m_out << ": when approved, `" << kubectl(file.target) << " delete " << kubectlResource(file.target)
                          << ' ' << shellWord(file.target.name) << "`";
                } else if (change.operation == QLatin1String("drain")) {
                    m_out << ": when approved, `kubectl --context " << shellWord(file.target.cluster) << " drain "
                          << shellWord(file.target.name) << " --ignore-daemonsets`";
                }
                m_out << "\n";
            }
            if (any)
                m_out << "\n";
        }

        const ChangeSet& m_set;
        ChangeSetLayout m_layout;
        const SchemaFindings* m_findings;
        QString m_text;
        QTextStream m_out;
    };

} // namespace

QString shellWord(const QString& word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9@%+=:,./_-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QByteArray changeSetReadme(const ChangeSet& set, const SchemaFindings* findings)
{
    return ReadmeWriter(set, findings).write();
}

} // namespace minato::changes
