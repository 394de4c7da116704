// SPDX-License-Identifier: Apache-2.0
#include "networktopologyview.h"

#include "analysis/networkreport.h"

#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace minato::analysis;

namespace {

// What an item of the scene stands for (QGraphicsItem::data keys).
constexpr int KindKey = 0;
constexpr int IndexKey = 1;

const QColor Established(0x2e, 0x7d, 0x32);
const QColor Down(0xc6, 0x28, 0x28);
const QColor Unknown(0x75, 0x75, 0x75);

void tag(QGraphicsItem* item, NetworkTopologyView::Selection::Kind kind, int index)
{
    item->setData(KindKey, int(kind));
    item->setData(IndexKey, index);
    item->setFlag(QGraphicsItem::ItemIsSelectable);
}

QGraphicsSimpleTextItem* text(QGraphicsItem* parent, const QString& content, const QPointF& at, bool bold = false,
    double width = 0)
{
    auto* item = new QGraphicsSimpleTextItem(parent);
    QFont font = item->font();
    font.setPointSizeF(8.5);
    font.setBold(bold);
    item->setFont(font);
    // Long node names ("search-prod-us1-worker-01") keep inside their tile.
    item->setText(width > 0 ? QFontMetricsF(font).elidedText(content, Qt::ElideMiddle, width) : content);
    item->setPos(at);
    item->setAcceptedMouseButtons(Qt::NoButton);
    return item;
}

QString pathSummary(const NetworkPath& path)
{
    return encapsulationName(path.encapsulation)
        + (path.overhead > 0 ? QStringLiteral(" −%1 B").arg(path.overhead) : QString());
}

} // namespace

NetworkTopologyView::NetworkTopologyView(QWidget* parent)
    : QGraphicsView(parent)
{
    setObjectName(QStringLiteral("networkTopology"));
    setScene(new QGraphicsScene(this));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setMouseTracking(true);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(palette().base());
    connect(scene(), &QGraphicsScene::selectionChanged, this, &NetworkTopologyView::selectionChanged);
}

void NetworkTopologyView::showCluster(const NetworkReportCluster* cluster)
{
    // Keep the selection across a rebuild by what it names, not by index.
    const Selection before = selection();
    QString keep;
    if (m_cluster && before.kind == Selection::Kind::Node)
        keep = m_cluster->topology.nodes.value(before.index).name;
    const bool sameCluster = m_cluster && cluster && m_cluster->facts.name == cluster->facts.name;
    m_cluster = cluster;
    if (cluster) {
        m_graph = TopologyGraph::of(cluster->topology);
        m_layout = TopologyLayout::of(cluster->topology, m_graph, layoutWidth());
    } else {
        m_graph = {};
        m_layout = {};
    }
    QSignalBlocker blocker(scene());
    rebuildScene();
    // A rebuild of the same cluster keeps the user's zoom and scroll; another cluster fits.
    if (!sameCluster)
        fit();
    else if (!keep.isEmpty())
        selectNode(keep);
    blocker.unblock();
    Q_EMIT selectionChanged();
}

double NetworkTopologyView::layoutWidth() const
{
    // Groups flow to the width the view has, so the picture reads at 100 % where it can.
    return std::max(600.0, double(viewport()->width()) - 40);
}

void NetworkTopologyView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_cluster || std::abs(layoutWidth() - m_laidOutWidth) < 60)
        return;
    const Selection before = selection();
    m_layout = TopologyLayout::of(m_cluster->topology, m_graph, layoutWidth());
    m_laidOutWidth = layoutWidth();
    QSignalBlocker blocker(scene());
    rebuildScene();
    if (before.kind == Selection::Kind::Node)
        selectNode(m_cluster->topology.nodes.at(before.index).name);
    fit();
}

void NetworkTopologyView::rebuildScene()
{
    scene()->clear();
    if (!m_cluster)
        return;
    m_laidOutWidth = layoutWidth();
    const NetworkTopology& t = m_cluster->topology;
    using Kind = Selection::Kind;

    for (const TopologyLink& link : m_graph.links)
        addLink(link);

    for (int g = 0; g < m_graph.groups.size(); ++g) {
        const TopologyGroup& group = m_graph.groups.at(g);
        const QRectF r = m_layout.groupRects.at(g);
        QPainterPath outline;
        outline.addRoundedRect(r, 8, 8);
        auto* box = scene()->addPath(outline, QPen(palette().mid().color(), 1.2), palette().alternateBase());
        box->setZValue(0);
        tag(box, Kind::Group, g);
        QString header = QStringLiteral("%1 · %2 nodes").arg(group.label()).arg(group.nodes.size());
        QString second;
        if (group.hasInside)
            second = tr("inside: %1").arg(pathSummary(group.inside));
        if (group.meshDown > 0)
            second += tr(" · %1 mesh sessions down").arg(group.meshDown);
        text(box, header, r.topLeft() + QPointF(10, 6), true);
        if (!second.isEmpty())
            text(box, second, r.topLeft() + QPointF(10, 21))->setBrush(group.meshDown > 0 ? Down : palette().text().color());
        box->setToolTip(header + (second.isEmpty() ? QString() : QLatin1Char('\n') + second));
    }

    for (int n = 0; n < t.nodes.size(); ++n) {
        const TopologyNode& node = t.nodes.at(n);
        const QRectF r = m_layout.nodeRects.at(n);
        const bool reflector = node.isRouteReflector();
        const QColor border = !node.ready ? Down : reflector ? QColor(0xef, 0x6c, 0x00) : Established;
        const QColor fill = !node.ready ? QColor(0xfd, 0xec, 0xea) : reflector ? QColor(0xff, 0xf3, 0xe0) : QColor(0xe8, 0xf5, 0xe9);
        auto* tile = scene()->addRect(r, QPen(border, reflector ? 2.5 : 1.2), fill);
        tile->setZValue(2);
        tag(tile, Kind::Node, n);
        tile->setToolTip(describeNode(n));
        const bool detailed = reflector || m_layout.groupDetailed.value(m_graph.groupOfNode.at(n), true);
        if (detailed) {
            auto* name = text(tile, node.name, r.topLeft() + QPointF(6, 4), true, r.width() - 12);
            name->setBrush(QColor(0x21, 0x21, 0x21));
            QString second = node.address.toString();
            if (reflector)
                second += tr(" · RR %1").arg(node.routeReflectorClusterID);
            text(tile, second, r.topLeft() + QPointF(6, 20), false, r.width() - 12)->setBrush(QColor(0x42, 0x42, 0x42));
        }
    }

    for (int i = 0; i < t.routers.size(); ++i) {
        const ExternalRouter& router = t.routers.at(i);
        const QRectF r = m_layout.routerRects.at(i);
        auto* box = scene()->addRect(r, QPen(QColor(0x15, 0x65, 0xc0), 1.5), QColor(0xe3, 0xf2, 0xfd));
        box->setZValue(2);
        tag(box, Kind::Router, i);
        text(box, router.address, r.topLeft() + QPointF(6, 4), true)->setBrush(QColor(0x0d, 0x47, 0xa1));
        text(box, tr("router · AS %1").arg(router.asNumber), r.topLeft() + QPointF(6, 20))->setBrush(QColor(0x0d, 0x47, 0xa1));
        box->setToolTip(tr("External BGP router %1, AS %2\nBGPPeer: %3")
                            .arg(router.address)
                            .arg(router.asNumber)
                            .arg(router.peers.join(QStringLiteral(", "))));
    }
    scene()->setSceneRect(m_layout.bounds.adjusted(-20, -20, 20, 20));
}

void NetworkTopologyView::addLink(const TopologyLink& link)
{
    if (link.a == link.b)
        return; // sessions between nodes of one group: the group's tooltip and the findings tell
    const QRectF ra = m_layout.rectOf(link.a);
    const QRectF rb = m_layout.rectOf(link.b);
    if (ra.isNull() || rb.isNull())
        return;
    QPen pen;
    pen.setCapStyle(Qt::RoundCap);
    if (link.kind == TopologyLink::Kind::Path) {
        pen.setColor(link.anyDown() ? Down : Unknown);
        pen.setWidthF(link.mesh ? 2.0 : 1.2);
        if (link.path.encapsulation != Encapsulation::None)
            pen.setStyle(Qt::DashLine);
    } else {
        pen.setColor(link.anyDown() ? Down : link.allEstablished() ? Established : Unknown);
        pen.setWidthF(std::min(1.5 + link.sessions / 10.0, 5.0));
    }
    const QLineF line(ra.center(), rb.center());
    auto* item = scene()->addLine(line, pen);
    item->setZValue(-1);
    QString tip = link.label();
    if (!link.sources.isEmpty())
        tip += tr("\nBGPPeer: %1").arg(link.sources.join(QStringLiteral(", ")));
    if (link.anyDown() && !link.downSince.isEmpty())
        tip += tr("\n%1 since %2").arg(link.worstState, link.downSince);
    if (link.kind == TopologyLink::Kind::Path && !link.path.why.isEmpty())
        tip += QLatin1Char('\n') + link.path.why;
    item->setToolTip(tip);
    // Healthy peerings speak through colour and width (and the tooltip); a label on each of
    // them would bury the ones that need reading.
    if (link.kind == TopologyLink::Kind::Peering && link.allEstablished())
        return;

    auto* label = new QGraphicsSimpleTextItem(link.label());
    QFont font = label->font();
    font.setPointSizeF(8);
    label->setFont(font);
    label->setBrush(pen.color().darker(120));
    const QRectF bounds = label->boundingRect();
    auto* plate = scene()->addRect(QRectF(QPointF(), bounds.size()).adjusted(-3, -1, 3, 1), Qt::NoPen, palette().base());
    plate->setPos(line.center() - QPointF(bounds.width() / 2, bounds.height() / 2));
    plate->setZValue(1);
    plate->setToolTip(tip);
    label->setParentItem(plate);
}

QString NetworkTopologyView::describeNode(int n) const
{
    const TopologyNode& node = m_cluster->topology.nodes.at(n);
    QStringList lines { node.name };
    lines << tr("address %1%2").arg(node.address.toString(),
        node.subnet.isNull() ? QString() : tr(" in %1").arg(node.subnet.toString()));
    if (!node.zone.isEmpty())
        lines << tr("zone %1").arg(node.zone);
    if (!node.rack.isEmpty())
        lines << tr("rack %1").arg(node.rack);
    if (node.isRouteReflector())
        lines << tr("route reflector, cluster ID %1").arg(node.routeReflectorClusterID);
    if (node.asNumber > 0)
        lines << tr("AS %1").arg(node.asNumber);
    if (!node.ipipTunnelAddress.isEmpty())
        lines << tr("IPIP tunnel %1").arg(node.ipipTunnelAddress);
    if (!node.vxlanTunnelAddress.isEmpty())
        lines << tr("VXLAN tunnel %1").arg(node.vxlanTunnelAddress);
    if (!node.podCIDRs.isEmpty())
        lines << tr("pod CIDR %1").arg(node.podCIDRs.join(QStringLiteral(", ")));
    if (!node.blocks.isEmpty())
        lines << tr("%n IPAM block(s)", nullptr, int(node.blocks.size()));
    if (!node.ready)
        lines << tr("not Ready");
    return lines.join(QLatin1Char('\n'));
}

NetworkTopologyView::Selection NetworkTopologyView::selection() const
{
    const QList<QGraphicsItem*> selected = scene()->selectedItems();
    if (selected.isEmpty())
        return {};
    const QGraphicsItem* item = selected.first();
    return { Selection::Kind(item->data(KindKey).toInt()), item->data(IndexKey).toInt() };
}

QList<int> NetworkTopologyView::selectedNodeIndexes() const
{
    QList<int> nodes;
    for (const QGraphicsItem* item : scene()->selectedItems())
        if (item->data(KindKey).toInt() == int(Selection::Kind::Node))
            nodes << item->data(IndexKey).toInt();
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

bool NetworkTopologyView::selectNode(const QString& name, bool extend)
{
    if (!m_cluster)
        return false;
    const int n = m_cluster->topology.nodeIndex(name);
    for (QGraphicsItem* item : scene()->items()) {
        if (item->data(KindKey).toInt() == int(Selection::Kind::Node) && item->data(IndexKey).toInt() == n
            && item->flags().testFlag(QGraphicsItem::ItemIsSelectable)) {
            if (!extend)
                scene()->clearSelection();
            item->setSelected(true);
            ensureVisible(item);
            return true;
        }
    }
    return false;
}

QString NetworkTopologyView::pathText(int from, int to) const
{
    if (!m_cluster || from < 0 || to < 0 || from == to)
        return {};
    const NetworkTopology& t = m_cluster->topology;
    const NetworkPath path = pathBetween(t, from, to);
    QString text = tr("%1 → %2: %3, pod MTU %4").arg(t.nodes.at(from).name, t.nodes.at(to).name, pathSummary(path)).arg(path.mtu);
    if (!path.why.isEmpty())
        text += QStringLiteral(" (") + path.why + QLatin1Char(')');
    return text;
}

void NetworkTopologyView::fit()
{
    if (!m_cluster)
        return;
    resetTransform();
    const QRectF wanted = scene()->sceneRect();
    // Small clusters stay at 100 %: readable names beat filling the space.
    if (wanted.width() > viewport()->width() || wanted.height() > viewport()->height())
        fitInView(wanted, Qt::KeepAspectRatio);
}

void NetworkTopologyView::mouseMoveEvent(QMouseEvent* event)
{
    QGraphicsView::mouseMoveEvent(event);
    QGraphicsItem* item = itemAt(event->pos());
    while (item && !item->data(KindKey).isValid())
        item = item->parentItem();
    const Selection selected = selection();
    if (item && item->data(KindKey).toInt() == int(Selection::Kind::Node) && selected.kind == Selection::Kind::Node
        && item->data(IndexKey).toInt() != selected.index) {
        const QString text = pathText(selected.index, item->data(IndexKey).toInt());
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
        Q_EMIT hovered(text);
        return;
    }
    Q_EMIT hovered(item ? item->toolTip().section(QLatin1Char('\n'), 0, 1).replace(QLatin1Char('\n'), QStringLiteral(" · ")) : QString());
}

void NetworkTopologyView::wheelEvent(QWheelEvent* event)
{
    if (!event->modifiers().testFlag(Qt::ControlModifier)) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    const double factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
    scale(factor, factor);
}

void NetworkTopologyView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        scale(1.15, 1.15);
        return;
    case Qt::Key_Minus:
        scale(1 / 1.15, 1 / 1.15);
        return;
    case Qt::Key_0:
        fit();
        return;
    case Qt::Key_Right:
    case Qt::Key_Down:
    case Qt::Key_Left:
    case Qt::Key_Up:
        // The keyboard walks the nodes in the order they are drawn: reflectors, then each group.
        if (m_cluster && !m_cluster->topology.nodes.isEmpty()) {
            QList<int> order = m_graph.reflectors;
            for (const TopologyGroup& group : std::as_const(m_graph.groups))
                order += group.nodes;
            const Selection current = selection();
            const qsizetype at = current.kind == Selection::Kind::Node ? order.indexOf(current.index) : -1;
            const bool forward = event->key() == Qt::Key_Right || event->key() == Qt::Key_Down;
            const qsizetype next = at < 0 ? 0 : (at + (forward ? 1 : order.size() - 1)) % order.size();
            selectNode(m_cluster->topology.nodes.at(order.at(next)).name, event->modifiers().testFlag(Qt::ShiftModifier));
        }
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}
