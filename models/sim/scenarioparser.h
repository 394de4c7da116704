// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"
#include "sim/yamlreader.h"

namespace minato::sim {

// Reads the cluster-level part of a scenario (clusters, nodes, runtime classes, literal
// objects) and checks references across sections; NetworkParser reads the CNI section and
// WorkloadParser workloads, HPAs and faults. Problems are collected, never thrown.
class ScenarioParser
{
public:
    explicit ScenarioParser(QString fileName);

    Scenario parse(const QByteArray& yaml);
    const QStringList& errors() const { return m_reader.errors(); }

    // "Deployment" in "apps/v1" -> "deployments.apps", as ObjectSink names resources.
    static QString resourceFor(const QString& apiVersion, const QString& kind);

private:
    void parseCluster(const YAML::Node& node, const QString& path, ClusterSpec& cluster);
    void parseNodeGroups(const YAML::Node& node, const QString& path, ClusterSpec& cluster);
    NodeGroupSpec parseNodeGroup(const YAML::Node& node, const QString& path, const QString& defaultName);
    void parseRuntimeClasses(const YAML::Node& node, const QString& path, ClusterSpec& cluster);
    // `startLatency: 1500ms` (the median) or `startLatency: {median: 1500ms, sigma: 0.4}`.
    StartLatencySpec parseStartLatency(const YAML::Node& map, const QString& path);
    void parseObjects(const YAML::Node& node, const QString& path, ClusterSpec& cluster);
    void addDocuments(const QList<YAML::Node>& documents, const QString& origin, int baseLine,
        const QString& resourceOverride, ClusterSpec& cluster);
    void resolveCustomResources(ClusterSpec& cluster);
    void validateReferences(ClusterSpec& cluster);

    YamlReader m_reader;
    QString m_baseDir;
};

} // namespace minato::sim
