// SPDX-License-Identifier: Apache-2.0
#include "analysis/topologygraph.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace minato::analysis {

namespace {

    void count(TopologyLink& link, const BgpSession& s)
    {
        ++link.sessions;
        if (!link.sources.contains(s.source))
            link.sources.append(s.source);
        if (s.isEstablished()) {
            ++link.established;
            if (link.worstState.isEmpty())
                link.worstState = s.state;
        } else if (s.stateKnown()) {
            ++link.down;
            if (link.down == 1) {
                link.worstState = s.state;
                link.downSince = s.since;
            }
        }
    }

    bool endpointLess(const TopologyEndpoint& x, const TopologyEndpoint& y)
    {
        return std::pair(int(x.kind), x.index) < std::pair(int(y.kind), y.index);
    }

} // namespace

QString TopologyGroup::label() const
{
    return key.isEmpty() ? QStringLiteral("nodes") : key;
}

QString TopologyLink::label() const
{
    if (kind == Kind::Path) {
        QStringList parts;
        parts << encapsulationName(path.encapsulation)
                + (path.overhead > 0 ? QStringLiteral(" −%1 B").arg(path.overhead) : QString());
        if (mesh)
            parts << (down > 0 ? QStringLiteral("mesh, %1 down").arg(down) : QStringLiteral("mesh"));
        return parts.join(QStringLiteral(", "));
    }
    QString text = sessions == 1 ? QStringLiteral("1 session") : QStringLiteral("%1 sessions").arg(sessions);
    if (down > 0)
        text += QStringLiteral(", %1 %2").arg(down).arg(worstState);
    else if (established < sessions)
        text += established == 0 ? QStringLiteral(", state unknown")
                                 : QStringLiteral(", %1 unknown").arg(sessions - established);
    return text;
}

TopologyEndpoint TopologyGraph::endpointOf(int node) const
{
    const int group = groupOfNode.value(node, -1);
    if (group < 0)
        return { TopologyEndpoint::Kind::Node, node };
    return { TopologyEndpoint::Kind::Group, group };
}

TopologyGraph TopologyGraph::of(const NetworkTopology& t)
{
    TopologyGraph g;
    g.groupOfNode.fill(-1, t.nodes.size());
    QMap<QString, QList<int>> byKey;
    for (int i = 0; i < t.nodes.size(); ++i) {
        if (t.nodes.at(i).isRouteReflector())
            g.reflectors.append(i);
        else
            byKey[t.nodes.at(i).group()].append(i);
    }
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        TopologyGroup group;
        group.key = it.key();
        group.nodes = it.value();
        if (group.nodes.size() >= 2) {
            group.hasInside = true;
            group.inside = pathBetween(t, group.nodes.at(0), group.nodes.at(1));
        }
        for (const int n : std::as_const(group.nodes))
            g.groupOfNode[n] = int(g.groups.size());
        g.groups.append(std::move(group));
    }

    // Pod traffic between every two groups; the mesh's sessions go the same way.
    const bool mesh = t.bgpEnabled && t.nodeToNodeMesh;
    QMap<std::pair<int, int>, int> pathLink;
    for (int a = 0; a < g.groups.size(); ++a) {
        for (int b = a + 1; b < g.groups.size(); ++b) {
            TopologyLink link;
            link.kind = TopologyLink::Kind::Path;
            link.a = { TopologyEndpoint::Kind::Group, a };
            link.b = { TopologyEndpoint::Kind::Group, b };
            link.path = pathBetween(t, g.groups.at(a).nodes.first(), g.groups.at(b).nodes.first());
            link.mesh = mesh;
            if (mesh)
                link.sessions = int(g.groups.at(a).nodes.size() * g.groups.at(b).nodes.size());
            pathLink.insert({ a, b }, int(g.links.size()));
            g.links.append(std::move(link));
        }
    }

    // Sessions: mesh ones seen down land on their path link; peerings are aggregated per
    // pair of endpoints (a group's clients of one reflector, a group's nodes to one router).
    QMap<std::pair<std::pair<int, int>, std::pair<int, int>>, int> peeringLink;
    for (const BgpSession& s : t.sessions) {
        TopologyEndpoint a = g.endpointOf(s.node);
        TopologyEndpoint b = s.router >= 0 ? TopologyEndpoint { TopologyEndpoint::Kind::Router, s.router }
                                           : g.endpointOf(s.peerNode);
        if (endpointLess(b, a))
            std::swap(a, b);
        if (s.kind == BgpSession::Kind::Mesh && a.kind == TopologyEndpoint::Kind::Group
            && b.kind == TopologyEndpoint::Kind::Group) {
            if (s.isEstablished() || !s.stateKnown())
                continue; // the mesh lists only its sessions seen down
            if (a.index == b.index) {
                ++g.groups[a.index].meshDown;
                continue;
            }
            TopologyLink& link = g.links[pathLink.value({ a.index, b.index })];
            ++link.down;
            if (link.down == 1) {
                link.worstState = s.state;
                link.downSince = s.since;
            }
            continue;
        }
        const auto key = std::pair(std::pair(int(a.kind), a.index), std::pair(int(b.kind), b.index));
        auto found = peeringLink.find(key);
        if (found == peeringLink.end()) {
            TopologyLink link;
            link.kind = TopologyLink::Kind::Peering;
            link.a = a;
            link.b = b;
            found = peeringLink.insert(key, int(g.links.size()));
            g.links.append(std::move(link));
        }
        count(g.links[found.value()], s);
    }
    return g;
}

TopologyLayout TopologyLayout::of(const NetworkTopology& t, const TopologyGraph& g, double width)
{
    TopologyLayout l;
    l.nodeRects.fill(QRectF(), t.nodes.size());
    l.routerRects.reserve(t.routers.size());
    double y = 0;
    auto band = [&](qsizetype count, auto place) {
        if (count == 0)
            return;
        const int perRow = std::max(1, int((width + gap) / (tileWidth + gap)));
        for (qsizetype i = 0; i < count; ++i) {
            const double x = double(i % perRow) * (tileWidth + gap);
            const double row = double(i / perRow) * (tileHeight + gap);
            place(i, QRectF(x, y + row, tileWidth, tileHeight));
        }
        const qsizetype rows = (count + perRow - 1) / perRow;
        y += double(rows) * (tileHeight + gap) + 2 * gap;
    };
    band(t.routers.size(), [&](qsizetype, const QRectF& r) { l.routerRects.append(r); });
    band(g.reflectors.size(), [&](qsizetype i, const QRectF& r) { l.nodeRects[g.reflectors.at(i)] = r; });

    // Groups flow in rows; each is as wide as its node grid needs.
    double x = 0;
    double rowHeight = 0;
    for (const TopologyGroup& group : g.groups) {
        const qsizetype n = group.nodes.size();
        const bool detailed = n <= detailedLimit;
        const double cellW = detailed ? tileWidth : dotSize;
        const double cellH = detailed ? tileHeight : dotSize;
        const double cellGap = detailed ? gap : 3;
        int columns = detailed ? std::min<int>(int(n), n > 8 ? 4 : 2)
                               : std::max(8, int(std::ceil(std::sqrt(double(n) * 2.5))));
        columns = std::max(1, std::min<int>(columns, int(n)));
        const int rows = int((n + columns - 1) / columns);
        const double innerW = std::max(double(columns) * (cellW + cellGap) - cellGap, tileWidth);
        const double boxW = innerW + 2 * gap;
        const double boxH = headerHeight + double(rows) * (cellH + cellGap) - cellGap + gap;
        if (x > 0 && x + boxW > width) {
            x = 0;
            y += rowHeight + 3 * gap;
            rowHeight = 0;
        }
        const QRectF box(x, y, boxW, boxH);
        l.groupRects.append(box);
        l.groupDetailed.append(detailed);
        for (qsizetype i = 0; i < n; ++i) {
            const double cx = box.left() + gap + double(i % columns) * (cellW + cellGap);
            const double cy = box.top() + headerHeight + double(i / columns) * (cellH + cellGap);
            l.nodeRects[group.nodes.at(i)] = QRectF(cx, cy, cellW, cellH);
        }
        x += boxW + 4 * gap;
        rowHeight = std::max(rowHeight, boxH);
    }
    for (const QRectF& r : std::as_const(l.groupRects))
        l.bounds |= r;
    for (const QRectF& r : std::as_const(l.routerRects))
        l.bounds |= r;
    for (const int rr : g.reflectors)
        l.bounds |= l.nodeRects.at(rr);
    return l;
}

QRectF TopologyLayout::rectOf(const TopologyEndpoint& endpoint) const
{
    switch (endpoint.kind) {
    case TopologyEndpoint::Kind::Group:
        return groupRects.value(endpoint.index);
    case TopologyEndpoint::Kind::Node:
        return nodeRects.value(endpoint.index);
    case TopologyEndpoint::Kind::Router:
        return routerRects.value(endpoint.index);
    }
    return {};
}

} // namespace minato::analysis
