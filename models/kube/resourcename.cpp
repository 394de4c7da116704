// SPDX-License-Identifier: Apache-2.0
#include "kube/resourcename.h"

namespace minato::kube {

QString groupVersionPath(const QString& group, const QString& version)
{
    return group.isEmpty() ? QString(QStringLiteral("/api/") + version)
                           : QString(QStringLiteral("/apis/") + group + QLatin1Char('/') + version);
}

QString collectionPath(const QString& group, const QString& version, const QString& plural, const QString& nameSpace)
{
    QString path = groupVersionPath(group, version);
    if (!nameSpace.isEmpty())
        path += QStringLiteral("/namespaces/") + nameSpace;
    return path + QLatin1Char('/') + plural;
}

ResourceQuery ResourceQuery::parse(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    const qsizetype dot = trimmed.indexOf(QLatin1Char('.'));
    ResourceQuery query;
    query.name = (dot < 0 ? trimmed : trimmed.left(dot)).toString().toLower();
    if (dot >= 0)
        query.qualifier = trimmed.mid(dot + 1).toString().toLower();
    return query;
}

bool ResourceQuery::namesVersion(const QString& group, const QString& version) const
{
    return !qualifier.isEmpty()
        && qualifier == (group.isEmpty() ? version : version + QLatin1Char('.') + group);
}

bool ResourceQuery::matches(const ApiResourceInfo& resource) const
{
    if (name == resource.name || name == resource.singularName || name == resource.kind.toLower())
        return true;
    return resource.shortNames.contains(name);
}

QString ServedResource::qualifiedName() const
{
    return group.isEmpty() ? info.name : info.name + QLatin1Char('.') + group;
}

QString ServedResource::collectionPath(const QString& nameSpace) const
{
    return kube::collectionPath(group, version, info.name, info.namespaced ? nameSpace : QString());
}

QString ServedResource::objectPath(const QString& nameSpace, const QString& name) const
{
    return collectionPath(nameSpace) + QLatin1Char('/') + name;
}

QList<QPair<QString, QString>> candidateGroupVersions(const ResourceQuery& query, const DiscoveryResult& discovery)
{
    QList<QPair<QString, QString>> out;
    for (const ApiGroupInfo& group : discovery.groups) {
        QString version;
        for (const QString& served : group.versions) {
            if (query.namesVersion(group.name, served))
                version = served;
        }
        if (version.isEmpty() && (query.qualifier.isEmpty() || query.qualifier == group.name))
            version = group.preferredVersion.isEmpty() ? group.versions.value(0) : group.preferredVersion;
        if (!version.isEmpty())
            out.append({ group.name, version });
    }
    return out;
}

std::optional<ServedResource> findResource(const ResourceQuery& query, const DiscoveryResult& discovery)
{
    if (query.isEmpty())
        return std::nullopt;
    for (const auto& [group, version] : candidateGroupVersions(query, discovery)) {
        const auto list = discovery.resources.constFind(DiscoveryResult::groupVersion(group, version));
        if (list == discovery.resources.cend())
            continue;
        for (const ApiResourceInfo& resource : *list) {
            if (query.matches(resource) && resource.supports(u"list"))
                return ServedResource { group, version, resource };
        }
    }
    return std::nullopt;
}

} // namespace minato::kube
