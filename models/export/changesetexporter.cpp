// SPDX-License-Identifier: Apache-2.0
#include "changesetexporter.h"

#include "atomicfolder.h"
#include "changesetlayout.h"
#include "changesetreadme.h"
#include "manifestyaml.h"
#include "secretplaceholders.h"

#include <QJsonArray>

namespace minato::changes {

namespace {

    // Only the full manifests: a patch of an object that is also a resource would be applied on
    // top of the manifest it produced, and a patch whose object is not a resource (a delete
    // plan's target) makes `kustomize build` fail. Secrets are left out: their placeholders
    // would replace the real values. See docs/change-sets.md.
    QByteArray kustomization(const ChangeSetLayout& layout, const QString& cluster)
    {
        const QString prefix = layout.clusterFolder(cluster) + QLatin1Char('/');
        QJsonArray resources;
        for (const ChangeSetFile& file : layout.files(cluster, ChangeSetFile::Role::Manifest)) {
            if (file.target.kind != QLatin1String("Secret"))
                resources.append(file.path.mid(prefix.size()));
        }
        return manifestYaml(QJsonObject {
            { QStringLiteral("apiVersion"), QStringLiteral("kustomize.config.k8s.io/v1beta1") },
            { QStringLiteral("kind"), QStringLiteral("Kustomization") }, { QStringLiteral("resources"), resources } });
    }

} // namespace

QMap<QString, QByteArray> changeSetFiles(const ChangeSet& set, const SchemaFindings* findings)
{
    const ChangeSetLayout layout(set);
    QMap<QString, QByteArray> files;
    files.insert(QStringLiteral("README.md"), changeSetReadme(set, findings));
    for (const QString& cluster : layout.clusters())
        files.insert(
            layout.clusterFolder(cluster) + QLatin1String("/kustomization.yaml"), kustomization(layout, cluster));
    for (const ChangeSetFile& file : layout.files()) {
        const Change& change = set.changes.at(file.changeIndex);
        switch (file.role) {
        case ChangeSetFile::Role::Manifest:
            files.insert(file.path, manifestYaml(change.after));
            break;
        case ChangeSetFile::Role::Patch:
            files.insert(file.path, patchYaml(change));
            break;
        case ChangeSetFile::Role::Plan:
            files.insert(file.path, manifestYaml(change.plan));
            break;
        }
    }
    return files;
}

QString changeSetFolderName(const ChangeSet& set)
{
    return ChangeSetLayout::slug(set.title);
}

Expected<QString> exportChangeSet(
    const ChangeSet& set, const QString& parentDir, const ExportOptions& options, const SchemaFindings* findings)
{
    return writeFolderAtomically(parentDir, changeSetFolderName(set), changeSetFiles(set, findings), options.overwrite);
}

} // namespace minato::changes
