// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace minato::changes {

// Where each part of a change set goes in the exported folder (paths relative to it):
//   <cluster>/<namespace>/<kind>-<name>.yaml                 the clean manifest after the changes
//   <cluster>/<namespace>/<kind>-<name>.patch.yaml           the patch (".<n>.patch.yaml" when an
//                                                            object has several, n in change order)
//   <cluster>/<namespace>/<kind>-<name>.<operation>-plan.yaml plan documents
// Cluster-scoped objects use "_cluster" as namespace. Every segment is made path-safe.
struct ChangeSetFile
{
    enum class Role
    {
        Manifest,
        Patch,
        Plan
    };
    Role role = Role::Manifest;
    QString path;
    ObjectRef target;
    int changeIndex = -1; // the change it comes from; for a manifest, the last change with an "after"
};

class ChangeSetLayout
{
public:
    explicit ChangeSetLayout(const ChangeSet& set);

    QStringList clusters() const; // the clusters' own names, sorted
    QList<ChangeSetFile> files() const; // sorted by path
    QList<ChangeSetFile> files(const QString& cluster, ChangeSetFile::Role role) const;
    QString clusterFolder(const QString& cluster) const;
    QList<ChangeSetFile> filesOfChange(int changeIndex) const;

    // "Team A / prod rollout!" → "team-a-prod-rollout"; never empty.
    static QString slug(const QString& title);
    // A file or folder name kept close to the original: characters outside [A-Za-z0-9._-] become
    // "-", and "." / ".." cannot occur.
    static QString pathSegment(const QString& text);

private:
    QList<ChangeSetFile> m_files;
    QStringList m_clusters;
};

} // namespace minato::changes
