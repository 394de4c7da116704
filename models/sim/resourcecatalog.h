// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace minato::sim {

// Where a resource comes from decides when it is served: built-in kinds always, custom
// resources only while their CustomResourceDefinition exists, aggregated ones only while
// the backing service is healthy.
enum class ResourceOrigin
{
    BuiltIn,
    CustomResource,
    Aggregated
};

// One served resource, described with the values a real apiserver's discovery returns.
struct ResourceInfo
{
    QString group; // "" for the core group
    QString version;
    QString plural;
    QString singular;
    QString kind;
    bool namespaced = true;
    QStringList verbs;
    QStringList shortNames;
    QStringList categories;
    QStringList selectableFields; // field selector labels beyond metadata.name / metadata.namespace
    ResourceOrigin origin = ResourceOrigin::BuiltIn;

    QString key() const; // "pods", "deployments.apps", as ObjectSink names it
    QString groupVersion() const; // "v1", "apps/v1"
    QString listKind() const { return kind + QStringLiteral("List"); }
    QString crdName() const { return plural + QLatin1Char('.') + group; }
    // Custom resources keep kind/apiVersion on list items; built-in lists drop them.
    bool listItemsCarryType() const { return origin == ResourceOrigin::CustomResource; }
};

// The fixed table of everything minato-sim can serve, in the order /apis lists the groups.
class ResourceCatalog
{
public:
    static const ResourceCatalog& standard();

    int size() const { return int(m_resources.size()); }
    const ResourceInfo& at(int index) const { return m_resources.at(index); }
    const QList<ResourceInfo>& resources() const { return m_resources; }

    // Index by ObjectSink key ("deployments.apps"), or -1.
    int indexOfKey(const QString& key) const;
    // Index by URL parts; group "" is the core group. -1 if not served.
    int indexOf(const QString& group, const QString& version, const QString& plural) const;
    // The groups in discovery order, core ("") first.
    QStringList groups() const;
    // "{"kind":"Pod","apiVersion":"v1"," — the start of a full object whose body lacks both.
    const QByteArray& typePrefix(int index) const { return m_typePrefixes.at(index); }

    // Appends a resource (a custom resource whose definition appeared) and returns its index.
    int add(ResourceInfo info);
    // The served resource a CustomResourceDefinition object describes, if it serves one.
    static std::optional<ResourceInfo> fromDefinition(const QJsonObject& definition);

private:
    ResourceCatalog();
    QList<ResourceInfo> m_resources;
    QList<QByteArray> m_typePrefixes;
};

} // namespace minato::sim
