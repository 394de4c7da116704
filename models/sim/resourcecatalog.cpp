// SPDX-License-Identifier: Apache-2.0
#include "resourcecatalog.h"

#include <QJsonArray>

namespace minato::sim {

namespace {

    QStringList words(const char* text)
    {
        return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }

    // Verb sets as a v1.29 apiserver reports them: most collections allow deletecollection,
    // namespaces do not, aggregated metrics are read-only.
    const char* const AllVerbs = "create delete deletecollection get list patch update watch";
    const char* const NoCollectionDelete = "create delete get list patch update watch";
    const char* const ReadOnly = "get list";

    struct Row
    {
        const char* group;
        const char* version;
        const char* plural;
        const char* singular;
        const char* kind;
        bool namespaced;
        const char* verbs;
        const char* shortNames;
        const char* categories;
        const char* fields;
        ResourceOrigin origin;
    };

    // Field selector labels are the ones the apiserver's field label conversion functions accept
    // (pkg/apis/*/v1/conversion.go); everything else answers 400.
    const char* const PodFields = "spec.nodeName spec.restartPolicy spec.schedulerName spec.serviceAccountName "
                                  "spec.hostNetwork status.phase status.podIP status.nominatedNodeName";
    const char* const EventFields
        = "involvedObject.kind involvedObject.namespace involvedObject.name involvedObject.uid "
          "involvedObject.apiVersion involvedObject.resourceVersion involvedObject.fieldPath "
          "reason reportingComponent source type";

    const Row Rows[] = {
        { "", "v1", "namespaces", "namespace", "Namespace", false, NoCollectionDelete, "ns", "", "status.phase",
            ResourceOrigin::BuiltIn },
        { "", "v1", "nodes", "node", "Node", false, AllVerbs, "no", "", "spec.unschedulable", ResourceOrigin::BuiltIn },
        { "", "v1", "pods", "pod", "Pod", true, AllVerbs, "po", "all", PodFields, ResourceOrigin::BuiltIn },
        { "", "v1", "services", "service", "Service", true, AllVerbs, "svc", "all", "", ResourceOrigin::BuiltIn },
        { "", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, AllVerbs, "pvc",
            "", "", ResourceOrigin::BuiltIn },
        { "", "v1", "configmaps", "configmap", "ConfigMap", true, AllVerbs, "cm", "", "", ResourceOrigin::BuiltIn },
        { "", "v1", "events", "event", "Event", true, AllVerbs, "ev", "", EventFields, ResourceOrigin::BuiltIn },
        { "apiregistration.k8s.io", "v1", "apiservices", "apiservice", "APIService", false, AllVerbs, "",
            "api-extensions", "", ResourceOrigin::BuiltIn },
        { "apps", "v1", "deployments", "deployment", "Deployment", true, AllVerbs, "deploy", "all", "",
            ResourceOrigin::BuiltIn },
        { "apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, AllVerbs, "rs", "all", "status.replicas",
            ResourceOrigin::BuiltIn },
        { "apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, AllVerbs, "sts", "all", "",
            ResourceOrigin::BuiltIn },
        { "apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, AllVerbs, "ds", "all", "",
            ResourceOrigin::BuiltIn },
        { "events.k8s.io", "v1", "events", "event", "Event", true, AllVerbs, "ev", "", EventFields,
            ResourceOrigin::BuiltIn },
        { "autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true,
            AllVerbs, "hpa", "all", "", ResourceOrigin::BuiltIn },
        { "coordination.k8s.io", "v1", "leases", "lease", "Lease", true, AllVerbs, "", "", "", ResourceOrigin::BuiltIn },
        { "node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false, AllVerbs, "", "", "",
            ResourceOrigin::BuiltIn },
        { "apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
            "CustomResourceDefinition", false, AllVerbs, "crd crds", "api-extensions", "", ResourceOrigin::BuiltIn },
        { "crd.projectcalico.org", "v1", "bgpconfigurations", "bgpconfiguration", "BGPConfiguration", false, AllVerbs,
            "", "", "", ResourceOrigin::CustomResource },
        { "crd.projectcalico.org", "v1", "bgppeers", "bgppeer", "BGPPeer", false, AllVerbs, "", "", "",
            ResourceOrigin::CustomResource },
        { "crd.projectcalico.org", "v1", "blockaffinities", "blockaffinity", "BlockAffinity", false, AllVerbs, "", "",
            "", ResourceOrigin::CustomResource },
        { "crd.projectcalico.org", "v1", "caliconodestatuses", "caliconodestatus", "CalicoNodeStatus", false, AllVerbs,
            "", "", "", ResourceOrigin::CustomResource },
        { "crd.projectcalico.org", "v1", "felixconfigurations", "felixconfiguration", "FelixConfiguration", false,
            AllVerbs, "", "", "", ResourceOrigin::CustomResource },
        { "crd.projectcalico.org", "v1", "ippools", "ippool", "IPPool", false, AllVerbs, "", "", "",
            ResourceOrigin::CustomResource },
        // metrics-server reports no singular name and no short names.
        { "metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, ReadOnly, "", "", "",
            ResourceOrigin::Aggregated },
        { "metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, ReadOnly, "", "", "",
            ResourceOrigin::Aggregated },
    };

} // namespace

QString ResourceInfo::key() const
{
    return group.isEmpty() ? plural : plural + QLatin1Char('.') + group;
}

QString ResourceInfo::groupVersion() const
{
    return group.isEmpty() ? version : group + QLatin1Char('/') + version;
}

const ResourceCatalog& ResourceCatalog::standard()
{
    static const ResourceCatalog catalog;
    return catalog;
}

ResourceCatalog::ResourceCatalog()
{
    for (const Row& row : Rows) {
        ResourceInfo info;
        info.group = QString::fromLatin1(row.group);
        info.version = QString::fromLatin1(row.version);
        info.plural = QString::fromLatin1(row.plural);
        info.singular = QString::fromLatin1(row.singular);
        info.kind = QString::fromLatin1(row.kind);
        info.namespaced = row.namespaced;
        info.verbs = words(row.verbs);
        info.shortNames = words(row.shortNames);
        info.categories = words(row.categories);
        info.selectableFields = words(row.fields);
        info.origin = row.origin;
        add(info);
    }
}

int ResourceCatalog::add(ResourceInfo info)
{
    m_typePrefixes.append(
        "{\"kind\":\"" + info.kind.toLatin1() + "\",\"apiVersion\":\"" + info.groupVersion().toLatin1() + "\",");
    m_resources.append(std::move(info));
    return int(m_resources.size()) - 1;
}

std::optional<ResourceInfo> ResourceCatalog::fromDefinition(const QJsonObject& definition)
{
    const QJsonObject spec = definition.value(QStringLiteral("spec")).toObject();
    const QJsonObject names = spec.value(QStringLiteral("names")).toObject();
    ResourceInfo info;
    info.group = spec.value(QStringLiteral("group")).toString();
    info.plural = names.value(QStringLiteral("plural")).toString();
    info.singular = names.value(QStringLiteral("singular")).toString(info.plural);
    info.kind = names.value(QStringLiteral("kind")).toString();
    info.namespaced = spec.value(QStringLiteral("scope")).toString() != QLatin1String("Cluster");
    for (const QJsonValue& value : names.value(QStringLiteral("shortNames")).toArray())
        info.shortNames.append(value.toString());
    for (const QJsonValue& value : names.value(QStringLiteral("categories")).toArray())
        info.categories.append(value.toString());
    info.verbs = words(AllVerbs);
    info.origin = ResourceOrigin::CustomResource;
    // The storage version is the one served here; the simulator serves one version per group.
    for (const QJsonValue& value : spec.value(QStringLiteral("versions")).toArray()) {
        const QJsonObject version = value.toObject();
        if (version.value(QStringLiteral("served")).toBool(true)
            && (info.version.isEmpty() || version.value(QStringLiteral("storage")).toBool()))
            info.version = version.value(QStringLiteral("name")).toString();
    }
    if (info.group.isEmpty() || info.plural.isEmpty() || info.kind.isEmpty() || info.version.isEmpty())
        return std::nullopt;
    return info;
}

int ResourceCatalog::indexOfKey(const QString& key) const
{
    for (int i = 0; i < m_resources.size(); ++i) {
        if (m_resources.at(i).key() == key)
            return i;
    }
    return -1;
}

int ResourceCatalog::indexOf(const QString& group, const QString& version, const QString& plural) const
{
    for (int i = 0; i < m_resources.size(); ++i) {
        const ResourceInfo& info = m_resources.at(i);
        if (info.plural == plural && info.group == group && info.version == version)
            return i;
    }
    return -1;
}

QStringList ResourceCatalog::groups() const
{
    QStringList result;
    for (const ResourceInfo& info : m_resources) {
        if (!result.contains(info.group))
            result.append(info.group);
    }
    return result;
}

} // namespace minato::sim
