// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/topologygraph.h"

#include <QGraphicsView>

namespace minato::analysis {
struct NetworkReportCluster;
}

// One cluster's topology drawn from its TopologyGraph and TopologyLayout: routers and route
// reflectors above, node groups (zone, rack or subnet) as boxes with a tile per node, links
// between groups carrying the encapsulation in force (dashed when encapsulated), BGP
// peerings coloured by state (green Established, red down, grey unknown). Hovering a node
// while another is selected tells the path between them and its MTU. Ctrl+wheel or +/- zoom,
// 0 fits; arrow keys walk the nodes (Shift adds to the selection), the menu key opens the
// changes menu.
class NetworkTopologyView : public QGraphicsView
{
    Q_OBJECT
public:
    struct Selection
    {
        enum class Kind
        {
            None,
            Node,
            Router,
            Group,
        };
        Kind kind = Kind::None;
        int index = -1;
    };

    explicit NetworkTopologyView(QWidget* parent = nullptr);

    // Draws the cluster (null: clears). The selection is kept when its object is still there.
    void showCluster(const minato::analysis::NetworkReportCluster* cluster);
    Selection selection() const;
    // Every selected node (Ctrl+click adds), by index into the topology's nodes.
    QList<int> selectedNodeIndexes() const;
    // Selects the node (extend: beside the current selection, as Ctrl+click does).
    bool selectNode(const QString& name, bool extend = false);
    // What hovering `node` tells while `from` is selected: "a → b: IPIP −20 B, MTU 1480 …".
    QString pathText(int from, int to) const;
    const minato::analysis::TopologyGraph& graph() const { return m_graph; }
    const minato::analysis::TopologyLayout& layoutOfScene() const { return m_layout; }
    void fit();

Q_SIGNALS:
    void selectionChanged();
    // A line for the status area: the hovered item, or the path from the selected node.
    void hovered(const QString& text);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildScene();
    void addLink(const minato::analysis::TopologyLink& link);
    QString describeNode(int node) const;
    double layoutWidth() const;

    const minato::analysis::NetworkReportCluster* m_cluster = nullptr;
    minato::analysis::TopologyGraph m_graph;
    minato::analysis::TopologyLayout m_layout;
    double m_laidOutWidth = 0;
};
