// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"
#include "sim/yamlreader.h"

namespace minato::sim {

// Reads what runs in a cluster and what happens to it: workloads, HPAs with their load
// curves, and the fault timeline. References between them are checked by ScenarioParser
// once the whole cluster is read.
class WorkloadParser
{
public:
    explicit WorkloadParser(YamlReader& reader);

    void parseWorkloads(const YAML::Node& node, const QString& path, ClusterSpec& cluster);
    void parseHpas(const YAML::Node& node, const QString& path, ClusterSpec& cluster);
    void parseFaults(const YAML::Node& node, const QString& path, ClusterSpec& cluster);

private:
    WorkloadSpec parseWorkload(const YAML::Node& node, const QString& path);
    ProbeSpec parseProbe(const YAML::Node& map, const char* key, const QString& path);
    HpaSpec parseHpa(const YAML::Node& node, const QString& path);
    MetricSpec parseMetric(const YAML::Node& node, const QString& path);
    ScalingRulesSpec parseRules(const YAML::Node& map, const char* key, const QString& path);
    LoadCurve parseLoad(const YAML::Node& map, const QString& path);
    FaultSpec parseFault(const YAML::Node& node, const QString& path);

    YamlReader& m_reader;
};

} // namespace minato::sim
