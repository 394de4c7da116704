// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"
#include "sim/yamlreader.h"

namespace minato::sim {

// Reads a cluster's cni section: Calico (IP pools, BGP mesh or route reflectors, external
// peers) or flannel (backend, network, subnet length). Exactly one of the two.
class NetworkParser
{
public:
    explicit NetworkParser(YamlReader& reader);

    void parseCni(const YAML::Node& node, const QString& path, ClusterSpec& cluster);

private:
    void parseCalico(const YAML::Node& node, const QString& path, CalicoSpec& calico);
    void parseFlannel(const YAML::Node& node, const QString& path, FlannelSpec& flannel);
    void checkSelector(const YAML::Node& node, const char* key, const QString& path, const QString& selector);

    YamlReader& m_reader;
};

} // namespace minato::sim
