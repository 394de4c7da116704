// SPDX-License-Identifier: Apache-2.0
#include "changesetlayout.h"

#include <QMap>

#include <algorithm>

namespace minato::changes {

namespace {

    QString objectKey(const ObjectRef& ref)
    {
        const QChar sep(0x1f);
        return ref.cluster + sep + ref.namespaceName + sep + ref.kind + sep + ref.name + sep + ref.apiVersion;
    }

    // "<cluster>/<namespace>/<kind>-<name>"; qualified by API version when two objects of the
    // change set would otherwise share it (the same kind name in two groups).
    QString objectBase(const ObjectRef& ref, bool qualified)
    {
        const QString ns = ref.namespaceName.isEmpty() ? QStringLiteral("_cluster") : ref.namespaceName;
        QString kind = ref.kind.toLower();
        if (qualified)
            kind += QLatin1Char('.') + QString(ref.apiVersion).replace(QLatin1Char('/'), QLatin1Char('.'));
        return ChangeSetLayout::pathSegment(ref.cluster) + QLatin1Char('/') + ChangeSetLayout::pathSegment(ns)
            + QLatin1Char('/') + ChangeSetLayout::pathSegment(kind + QLatin1Char('-') + ref.name);
    }

} // namespace

QString ChangeSetLayout::pathSegment(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const bool safe = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-');
        out += safe ? c : QLatin1Char('-');
    }
    if (out.isEmpty() || out == QLatin1String(".") || out == QLatin1String(".."))
        out.replace(QLatin1Char('.'), QLatin1Char('_')).prepend(QLatin1Char('_'));
    return out;
}

QString ChangeSetLayout::slug(const QString& title)
{
    QString out;
    for (const QChar c : title.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    out.truncate(80);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("change-set") : out;
}

ChangeSetLayout::ChangeSetLayout(const ChangeSet& set)
{
    // Each object's base path, decided in change order: a later change never renames an earlier file.
    QMap<QString, QString> baseOf;
    QMap<QString, QString> ownerOfBase;
    const auto base = [&baseOf, &ownerOfBase](const ObjectRef& ref) {
        const QString key = objectKey(ref);
        if (!baseOf.contains(key)) {
            QString candidate = objectBase(ref, false);
            if (ownerOfBase.contains(candidate))
                candidate = objectBase(ref, true);
            ownerOfBase.insert(candidate, key);
            baseOf.insert(key, candidate);
        }
        return baseOf.value(key);
    };
    // Per object: the last change with a manifest wins (each change's "after" builds on the one
    // before), and all its patches in change order.
    QMap<QString, int> manifestOf;
    QMap<QString, QList<int>> patchesOf;
    for (int i = 0; i < set.changes.size(); ++i) {
        const Change& change = set.changes.at(i);
        const QString key = objectKey(change.target);
        base(change.target);
        if (!change.after.isEmpty())
            manifestOf.insert(key, i);
        if (change.patchType != PatchType::None && !change.patch.isEmpty())
            patchesOf[key].append(i);
        if (!change.plan.isEmpty()) {
            m_files.append({ ChangeSetFile::Role::Plan,
                base(change.target) + QLatin1Char('.') + pathSegment(change.operation) + QLatin1String("-plan.yaml"),
                change.target, i });
        }
        if (!m_clusters.contains(change.target.cluster))
            m_clusters.append(change.target.cluster);
    }
    for (auto it = manifestOf.cbegin(); it != manifestOf.cend(); ++it) {
        const ObjectRef& ref = set.changes.at(it.value()).target;
        m_files.append({ ChangeSetFile::Role::Manifest, base(ref) + QLatin1String(".yaml"), ref, it.value() });
    }
    for (auto it = patchesOf.cbegin(); it != patchesOf.cend(); ++it) {
        const QList<int>& indices = it.value();
        for (int n = 0; n < indices.size(); ++n) {
            const ObjectRef& ref = set.changes.at(indices.at(n)).target;
            const QString suffix
                = indices.size() == 1 ? QStringLiteral(".patch.yaml") : QStringLiteral(".%1.patch.yaml").arg(n + 1);
            m_files.append({ ChangeSetFile::Role::Patch, base(ref) + suffix, ref, indices.at(n) });
        }
    }
    // Two plans of the same operation on one object would share a path: the later one wins.
    std::stable_sort(
        m_files.begin(), m_files.end(), [](const ChangeSetFile& a, const ChangeSetFile& b) { return a.path < b.path; });
    for (qsizetype i = m_files.size() - 1; i > 0; --i) {
        if (m_files.at(i).path == m_files.at(i - 1).path)
            m_files.removeAt(i - 1);
    }
    std::sort(m_clusters.begin(), m_clusters.end());
}

QStringList ChangeSetLayout::clusters() const
{
    return m_clusters;
}

QList<ChangeSetFile> ChangeSetLayout::files() const
{
    return m_files;
}

QList<ChangeSetFile> ChangeSetLayout::files(const QString& cluster, ChangeSetFile::Role role) const
{
    QList<ChangeSetFile> out;
    for (const ChangeSetFile& file : m_files) {
        if (file.role == role && file.target.cluster == cluster)
            out.append(file);
    }
    return out;
}

QString ChangeSetLayout::clusterFolder(const QString& cluster) const
{
    return pathSegment(cluster);
}

QList<ChangeSetFile> ChangeSetLayout::filesOfChange(int changeIndex) const
{
    QList<ChangeSetFile> out;
    for (const ChangeSetFile& file : m_files) {
        if (file.changeIndex == changeIndex)
            out.append(file);
    }
    return out;
}

} // namespace minato::changes
