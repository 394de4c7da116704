// SPDX-License-Identifier: Apache-2.0
#include "discovery.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace minato::sim {

namespace {

    QByteArray compact(const QJsonObject& object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }

    QJsonObject groupVersion(const ResourceInfo& info)
    {
        return { { QStringLiteral("groupVersion"), info.groupVersion() }, { QStringLiteral("version"), info.version } };
    }

    QJsonObject apiGroup(const ResourceInfo& info)
    {
        return { { QStringLiteral("name"), info.group },
            { QStringLiteral("versions"), QJsonArray { groupVersion(info) } },
            { QStringLiteral("preferredVersion"), groupVersion(info) } };
    }

    // A subresource as discovery lists it; group and version empty when it answers with the
    // parent's kind.
    struct Subresource
    {
        QString name; // "status", "scale", "log" …
        QString group;
        QString version;
        QString kind;
        QStringList verbs;
    };

    // The subresources kube-apiserver lists for the built-in kinds the catalog serves (it lists
    // "deployments/status", "deployments/scale", "pods/log" … after each resource).
    QList<Subresource> subresourcesOf(const ResourceInfo& info)
    {
        static const QStringList update { QStringLiteral("get"), QStringLiteral("patch"), QStringLiteral("update") };
        static const QStringList withStatus { QStringLiteral("pods"), QStringLiteral("nodes"),
            QStringLiteral("namespaces"), QStringLiteral("services"), QStringLiteral("persistentvolumeclaims"),
            QStringLiteral("persistentvolumes"), QStringLiteral("replicationcontrollers"),
            QStringLiteral("resourcequotas"), QStringLiteral("deployments.apps"), QStringLiteral("statefulsets.apps"),
            QStringLiteral("daemonsets.apps"), QStringLiteral("replicasets.apps"), QStringLiteral("jobs.batch"),
            QStringLiteral("cronjobs.batch"), QStringLiteral("horizontalpodautoscalers.autoscaling"),
            QStringLiteral("poddisruptionbudgets.policy"), QStringLiteral("ingresses.networking.k8s.io"),
            QStringLiteral("apiservices.apiregistration.k8s.io"),
            QStringLiteral("customresourcedefinitions.apiextensions.k8s.io") };
        static const QStringList scalable { QStringLiteral("deployments.apps"), QStringLiteral("statefulsets.apps"),
            QStringLiteral("replicasets.apps"), QStringLiteral("replicationcontrollers") };
        if (info.origin != ResourceOrigin::BuiltIn)
            return {};
        const QString key = info.key();
        QList<Subresource> out;
        if (key == QLatin1String("pods")) {
            out << Subresource { QStringLiteral("binding"), {}, {}, QStringLiteral("Binding"),
                { QStringLiteral("create") } }
                << Subresource { QStringLiteral("eviction"), QStringLiteral("policy"), QStringLiteral("v1"),
                       QStringLiteral("Eviction"), { QStringLiteral("create") } }
                << Subresource { QStringLiteral("exec"), {}, {}, QStringLiteral("PodExecOptions"),
                       { QStringLiteral("create"), QStringLiteral("get") } }
                << Subresource { QStringLiteral("log"), {}, {}, QStringLiteral("Pod"), { QStringLiteral("get") } };
        }
        if (scalable.contains(key))
            out << Subresource { QStringLiteral("scale"), QStringLiteral("autoscaling"), QStringLiteral("v1"),
                QStringLiteral("Scale"), update };
        if (withStatus.contains(key))
            out << Subresource { QStringLiteral("status"), {}, {}, info.kind, update };
        return out;
    }

} // namespace

Discovery::Discovery(const ResourceCatalog& catalog, Served served, Available available)
    : m_catalog(catalog)
    , m_served(std::move(served))
    , m_available(std::move(available))
{ }

QByteArray Discovery::storageVersionHash(const ResourceInfo& info)
{
    const QByteArray digest = QCryptographicHash::hash(
        (info.group + QLatin1Char('/') + info.version + QLatin1Char('/') + info.kind).toUtf8(),
        QCryptographicHash::Sha256);
    return digest.left(8).toBase64();
}

QList<int> Discovery::servedResources(const QString& group, const QString& version) const
{
    QList<int> result;
    for (int i = 0; i < m_catalog.size(); ++i) {
        const ResourceInfo& info = m_catalog.at(i);
        if (info.group == group && (version.isEmpty() || info.version == version) && m_served(i))
            result.append(i);
    }
    return result;
}

QByteArray Discovery::apiVersions(const QByteArray& serverAddress) const
{
    const QJsonObject cidr { { QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0") },
        { QStringLiteral("serverAddress"), QString::fromLatin1(serverAddress) } };
    return compact({ { QStringLiteral("kind"), QStringLiteral("APIVersions") },
        { QStringLiteral("versions"), QJsonArray { QStringLiteral("v1") } },
        { QStringLiteral("serverAddressByClientCIDRs"), QJsonArray { cidr } } });
}

QByteArray Discovery::groupList() const
{
    QJsonArray groups;
    for (const QString& name : m_catalog.groups()) {
        if (name.isEmpty())
            continue;
        const QList<int> resources = servedResources(name);
        if (!resources.isEmpty())
            groups.append(apiGroup(m_catalog.at(resources.constFirst())));
    }
    return compact({ { QStringLiteral("kind"), QStringLiteral("APIGroupList") },
        { QStringLiteral("apiVersion"), QStringLiteral("v1") }, { QStringLiteral("groups"), groups } });
}

QByteArray Discovery::group(const QString& name) const
{
    const QList<int> resources = servedResources(name);
    if (name.isEmpty() || resources.isEmpty())
        return {};
    QJsonObject object = apiGroup(m_catalog.at(resources.constFirst()));
    object.insert(QStringLiteral("kind"), QStringLiteral("APIGroup"));
    object.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    return compact(object);
}

QByteArray Discovery::resourceList(const QString& group, const QString& version) const
{
    const QList<int> resources = servedResources(group, version);
    if (resources.isEmpty())
        return {};
    QJsonArray list;
    for (const int index : resources) {
        const ResourceInfo& info = m_catalog.at(index);
        QJsonObject resource { { QStringLiteral("name"), info.plural },
            { QStringLiteral("singularName"), info.singular }, { QStringLiteral("namespaced"), info.namespaced },
            { QStringLiteral("kind"), info.kind },
            { QStringLiteral("verbs"), QJsonArray::fromStringList(info.verbs) } };
        if (!info.shortNames.isEmpty())
            resource.insert(QStringLiteral("shortNames"), QJsonArray::fromStringList(info.shortNames));
        if (!info.categories.isEmpty())
            resource.insert(QStringLiteral("categories"), QJsonArray::fromStringList(info.categories));
        if (info.origin != ResourceOrigin::Aggregated)
            resource.insert(QStringLiteral("storageVersionHash"), QString::fromLatin1(storageVersionHash(info)));
        list.append(resource);
        for (const Subresource& sub : subresourcesOf(info)) {
            QJsonObject entry { { QStringLiteral("name"), QString(info.plural + QLatin1Char('/') + sub.name) },
                { QStringLiteral("singularName"), QString() }, { QStringLiteral("namespaced"), info.namespaced },
                { QStringLiteral("kind"), sub.kind },
                { QStringLiteral("verbs"), QJsonArray::fromStringList(sub.verbs) } };
            if (!sub.group.isEmpty()) {
                entry.insert(QStringLiteral("group"), sub.group);
                entry.insert(QStringLiteral("version"), sub.version);
            }
            list.append(entry);
        }
    }
    QJsonObject document { { QStringLiteral("kind"), QStringLiteral("APIResourceList") },
        { QStringLiteral("groupVersion"), m_catalog.at(resources.constFirst()).groupVersion() },
        { QStringLiteral("resources"), list } };
    // The legacy core group's handler writes no apiVersion (kube-apiserver 1.20 and since).
    if (!m_catalog.at(resources.constFirst()).group.isEmpty())
        document.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    return compact(document);
}

QByteArray Discovery::aggregated(bool legacy, const QByteArray& apiVersion) const
{
    QJsonArray items;
    for (const QString& name : m_catalog.groups()) {
        if (name.isEmpty() != legacy)
            continue;
        const QList<int> resources = servedResources(name);
        if (resources.isEmpty())
            continue;
        const ResourceInfo& first = m_catalog.at(resources.constFirst());
        QJsonArray list;
        bool stale = false;
        for (const int index : resources) {
            const ResourceInfo& info = m_catalog.at(index);
            if (!m_available(index)) {
                stale = true;
                continue;
            }
            QJsonObject resource { { QStringLiteral("resource"), info.plural },
                { QStringLiteral("responseKind"),
                    QJsonObject { { QStringLiteral("group"), info.group }, { QStringLiteral("version"), info.version },
                        { QStringLiteral("kind"), info.kind } } },
                { QStringLiteral("scope"), info.namespaced ? QStringLiteral("Namespaced") : QStringLiteral("Cluster") },
                { QStringLiteral("singularResource"), info.singular },
                { QStringLiteral("verbs"), QJsonArray::fromStringList(info.verbs) } };
            if (!info.shortNames.isEmpty())
                resource.insert(QStringLiteral("shortNames"), QJsonArray::fromStringList(info.shortNames));
            if (!info.categories.isEmpty())
                resource.insert(QStringLiteral("categories"), QJsonArray::fromStringList(info.categories));
            QJsonArray subresources;
            for (const Subresource& sub : subresourcesOf(info)) {
                subresources.append(QJsonObject { { QStringLiteral("subresource"), sub.name },
                    { QStringLiteral("responseKind"),
                        QJsonObject { { QStringLiteral("group"), sub.group.isEmpty() ? info.group : sub.group },
                            { QStringLiteral("version"), sub.version.isEmpty() ? info.version : sub.version },
                            { QStringLiteral("kind"), sub.kind } } },
                    { QStringLiteral("verbs"), QJsonArray::fromStringList(sub.verbs) } });
            }
            if (!subresources.isEmpty())
                resource.insert(QStringLiteral("subresources"), subresources);
            list.append(resource);
        }
        // An aggregated API whose service is down is reported Stale, with no resources.
        QJsonObject version { { QStringLiteral("version"), first.version },
            { QStringLiteral("freshness"), stale ? QStringLiteral("Stale") : QStringLiteral("Current") } };
        if (!list.isEmpty())
            version.insert(QStringLiteral("resources"), list);
        QJsonObject metadata { { QStringLiteral("creationTimestamp"), QJsonValue::Null } };
        if (!legacy)
            metadata.insert(QStringLiteral("name"), name);
        items.append(QJsonObject {
            { QStringLiteral("metadata"), metadata }, { QStringLiteral("versions"), QJsonArray { version } } });
    }
    return compact({ { QStringLiteral("kind"), QStringLiteral("APIGroupDiscoveryList") },
        { QStringLiteral("apiVersion"), QString::fromLatin1(apiVersion) },
        { QStringLiteral("metadata"), QJsonObject {} }, { QStringLiteral("items"), items } });
}

} // namespace minato::sim
