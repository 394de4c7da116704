// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/clustersummary.h"
#include "analysis/fleetnetwork.h"
#include "analysis/findingsreport.h"
#include "analysis/networktopology.h"

#include <QJsonObject>

#include <array>

namespace minato::analysis {

// How the pod traffic of a cluster travels, over every ordered pair of nodes: computed per
// class of nodes (same subnet, pool and WireGuard key), so a 500-node cluster costs a handful
// of path evaluations, not 249,500.
struct PathMix
{
    std::array<qint64, 5> paths {}; // by Encapsulation
    qint64 total = 0;

    qint64 count(Encapsulation encapsulation) const { return paths[std::size_t(encapsulation)]; }
    // "IPIP 12/12", "direct 6/12, IPIP 6/12"; "—" without two nodes.
    QString describe() const;
    static PathMix of(const NetworkTopology& topology);
};

// One cluster's network as `minato network` and the network views show it.
struct NetworkReportCluster
{
    fleet::ClusterFacts facts;
    NetworkTopology topology;
    PathMix paths;
    QList<Finding> findings; // the network.* findings, worst first
    QList<AddressOverlap> overlaps; // with the other clusters of the report
    // The network kinds RBAC refuses ("ippools", "bgpconfigurations"): what depends on them is
    // unknown, not Calico's defaults.
    QStringList forbidden;

    // Topology, paths and forbidden kinds of one cluster (findings and overlaps need the fleet).
    static NetworkReportCluster of(const fleet::ClusterFacts& facts, const fleet::StoreContent& store);
    bool isForbidden(fleet::WatchedKind kind) const;
    // Evaluates every cluster with the others' address ranges in view.
    static QList<NetworkReportCluster> build(const QList<ReportCluster>& clusters, const QDateTime& now);
};

// One row of the fleet network matrix.
struct NetworkMatrixRow
{
    QString cluster;
    QString team;
    QString environment;
    QString cni; // "Calico v3.27.3", "flannel v0.22.0", "Canal v3.27.3"
    QString mode; // "IPIP Always", "VXLAN CrossSubnet", "BGP, no encapsulation", "vxlan", "host-gw"
    QString paths; // PathMix::describe()
    int mtu = 0;
    bool mtuTooLarge = false;
    QStringList podCidrs;
    QStringList serviceCidrs;
    QStringList overlapping; // this cluster's ranges that overlap another cluster's
    QString bgp; // "mesh, 15 nodes", "route reflectors 3, routers 3", "off"
    int sessionsDown = 0;
    ClusterSummary::FindingCounts findings;

    static NetworkMatrixRow of(const NetworkReportCluster& cluster);
};

// `minato network` output.
class NetworkRenderer
{
public:
    // The fleet matrix, then per cluster its pools, peers, paths and findings.
    static QString table(const QList<NetworkReportCluster>& clusters);
    static QJsonObject document(const QList<NetworkReportCluster>& clusters);
    static QJsonObject clusterObject(const NetworkReportCluster& cluster);
    // A Graphviz graph of one cluster: nodes grouped by zone/rack/subnet, route reflectors and
    // routers drawn apart, sessions coloured by state, the encapsulation between groups; a
    // full mesh is one edge per group, not one per pair.
    static QString dot(const NetworkReportCluster& cluster);
};

} // namespace minato::analysis
