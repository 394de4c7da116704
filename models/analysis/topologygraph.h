// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/networktopology.h"

#include <QList>
#include <QRectF>
#include <QString>

namespace minato::analysis {

// A cluster's topology as a picture needs it: nodes grouped by zone/rack/subnet, route
// reflectors and routers standing alone, and the links between them aggregated, so a
// 500-node mesh is a handful of group-to-group links, not 124,750 sessions. The topology
// view and `minato network -o dot` draw the same graph.
struct TopologyGroup
{
    QString key; // TopologyNode::group(): zone, rack, subnet or ""
    QList<int> nodes; // into NetworkTopology::nodes; route reflectors are not in groups
    bool hasInside = false; // two or more nodes: `inside` is the path between them
    NetworkPath inside;
    int meshDown = 0; // mesh sessions inside the group seen down

    QString label() const; // the key, or "nodes"
};

struct TopologyEndpoint
{
    enum class Kind : quint8
    {
        Group,
        Node, // a route reflector
        Router,
    };
    Kind kind = Kind::Group;
    int index = -1; // into groups, NetworkTopology::nodes or routers

    friend bool operator==(const TopologyEndpoint&, const TopologyEndpoint&) = default;
};

struct TopologyLink
{
    enum class Kind : quint8
    {
        Path, // pod traffic between two groups (and the mesh's sessions while it is on)
        Peering, // BGPPeer sessions: clients to a route reflector, nodes to a router
    };
    Kind kind = Kind::Path;
    TopologyEndpoint a;
    TopologyEndpoint b;
    NetworkPath path; // Path: between a node of each group
    bool mesh = false; // Path: the node-to-node mesh runs along it
    int sessions = 0; // Peering: the sessions it stands for; Path: the mesh's, when on
    int established = 0;
    int down = 0; // state known and not Established
    QStringList sources; // the BGPPeers behind it
    QString worstState; // the state of a session down, else Established, else ""
    QString downSince;

    bool anyDown() const { return down > 0; }
    bool allEstablished() const { return sessions > 0 && established == sessions; }
    // "IPIP −20 B, mesh", "12 sessions, 1 Active".
    QString label() const;
};

struct TopologyGraph
{
    QList<TopologyGroup> groups; // by key
    QList<int> reflectors; // route reflector nodes, by name
    QList<TopologyLink> links;
    QList<int> groupOfNode; // per node: its group, or -1 for a route reflector

    static TopologyGraph of(const NetworkTopology& topology);
    // Where a node is drawn: its group, or itself as a route reflector.
    TopologyEndpoint endpointOf(int node) const;
};

// Positions for a graph, in scene units (about pixels at 100 %): routers in a band at the
// top, route reflectors below them, then the groups as boxes flowing left to right. A group
// of up to `detailedLimit` nodes shows a tile per node with its name and address; larger
// groups show small squares, so a 500-node group stays one screen.
struct TopologyLayout
{
    static constexpr int detailedLimit = 24;
    static constexpr double tileWidth = 190;
    static constexpr double tileHeight = 40;
    static constexpr double dotSize = 12;
    static constexpr double gap = 10;
    static constexpr double headerHeight = 40;

    QList<QRectF> groupRects; // per graph group
    QList<bool> groupDetailed; // per graph group: tiles with names, or dots
    QList<QRectF> nodeRects; // per topology node
    QList<QRectF> routerRects; // per router
    QRectF bounds;

    static TopologyLayout of(const NetworkTopology& topology, const TopologyGraph& graph, double width = 1400);
    QRectF rectOf(const TopologyEndpoint& endpoint) const;
};

} // namespace minato::analysis
