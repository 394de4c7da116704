// SPDX-License-Identifier: Apache-2.0
#include "networkview.h"

#include "networktopologyview.h"
#include "statusdecorationproxy.h"

#include "analysis/networkreport.h"
#include "items/networkmatrixmodel.h"
#include "items/networkpoolsmodel.h"
#include "items/networkworkspace.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QSpinBox>
#include <QToolButton>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

using minato::items::NetworkMatrixModel;
using minato::items::NetworkPoolsModel;
using namespace minato::analysis;

namespace {

// Block use as a bar behind the text: how close a pool is to running out.
class UtilisationDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const double use = std::clamp(index.data(NetworkPoolsModel::UtilisationRole).toDouble(), 0.0, 1.0);
        QStyleOptionViewItem plain = option;
        initStyleOption(&plain, index);
        const QRect bar = option.rect.adjusted(3, 4, -3, -4);
        painter->save();
        painter->setPen(option.palette.mid().color());
        painter->setBrush(option.palette.base());
        painter->drawRect(bar);
        QRect filled = bar;
        filled.setWidth(int(bar.width() * use));
        painter->fillRect(filled, use >= 0.9 ? QColor(0xef, 0x9a, 0x9a) : use >= 0.75 ? QColor(0xff, 0xcc, 0x80) : QColor(0xa5, 0xd6, 0xa7));
        painter->setPen(option.palette.text().color());
        painter->drawText(bar, Qt::AlignCenter, plain.text);
        painter->restore();
    }
};

QTableView* makeTable(QWidget* parent, const QString& name)
{
    auto* table = new QTableView(parent);
    table->setObjectName(name);
    table->verticalHeader()->hide();
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    return table;
}

} // namespace

NetworkView::NetworkView(minato::items::NetworkWorkspace* network, QWidget* parent)
    : QWidget(parent)
    , m_network(network)
    , m_poolsModel(new NetworkPoolsModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_decorated(new StatusDecorationProxy(this))
    , m_matrix(makeTable(this, QStringLiteral("networkMatrix")))
    , m_title(new QLabel(this))
    , m_topology(new NetworkTopologyView(this))
    , m_pools(makeTable(this, QStringLiteral("networkPools")))
    , m_details(new QLabel(this))
    , m_hover(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_changesButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("networkView"));
    m_sorted->setSourceModel(network->matrix());
    m_sorted->setSortRole(NetworkMatrixModel::SortRole);
    m_decorated->setSourceModel(m_sorted);
    m_decorated->setHealthRole(NetworkMatrixModel::ProblemRole);
    m_matrix->setModel(m_decorated);
    m_matrix->setSortingEnabled(true);
    m_matrix->sortByColumn(-1, Qt::AscendingOrder); // fleet order until a header is clicked
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    m_pools->setModel(m_poolsModel);
    m_pools->setItemDelegateForColumn(NetworkPoolsModel::UseColumn, new UtilisationDelegate(m_pools));

    m_title->setObjectName(QStringLiteral("networkTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_details->setObjectName(QStringLiteral("networkDetails"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hover->setObjectName(QStringLiteral("networkHover"));
    m_hover->setWordWrap(true);

    auto* side = new QWidget(this);
    side->setMinimumWidth(340);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("<b>IP pools</b>"), side));
    sideLayout->addWidget(m_pools, 1);
    sideLayout->addWidget(m_details, 2);
    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->setObjectName(QStringLiteral("networkLowerSplitter"));
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_changesButton->setObjectName(QStringLiteral("networkChanges"));
    m_changesButton->setText(tr("Changes"));
    m_changesButton->setToolTip(tr("Prepare a network change as YAML in the change set (never applied)"));
    m_changesButton->setPopupMode(QToolButton::InstantPopup);
    auto* buttonMenu = new QMenu(m_changesButton);
    m_changesButton->setMenu(buttonMenu);
    connect(buttonMenu, &QMenu::aboutToShow, this, [this, buttonMenu] {
        const QModelIndex pool = m_pools->currentIndex();
        fillChangesMenu(buttonMenu, pool.isValid() ? pool.data(NetworkPoolsModel::PoolNameRole).toString() : QString());
    });
    auto* titleRow = new QHBoxLayout;
    titleRow->setContentsMargins(0, 0, 0, 0);
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_changesButton);
    leftLayout->addLayout(titleRow);
    leftLayout->addWidget(m_topology, 1);
    leftLayout->addWidget(m_hover);
    lower->addWidget(left);
    lower->addWidget(side);
    lower->setStretchFactor(0, 2);
    lower->setStretchFactor(1, 1);
    lower->setSizes({ 640, 420 });
    m_splitter->setObjectName(QStringLiteral("networkSplitter"));
    m_splitter->addWidget(m_matrix);
    m_splitter->addWidget(lower);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 200, 600 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_splitter);
    setFocusProxy(m_matrix);

    connect(m_matrix->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (current.isValid())
            showCluster(current.data(NetworkMatrixModel::ClusterRole).toString());
    });
    connect(network->matrix(), &QAbstractItemModel::modelReset, this, [this] {
        m_matrix->resizeColumnsToContents();
        if (!m_cluster.isEmpty())
            showCluster(m_cluster); // asked for before the fleet loaded
        else if (m_decorated->rowCount() > 0)
            m_matrix->setCurrentIndex(m_decorated->index(0, 0));
    });
    connect(network, &minato::items::NetworkWorkspace::clusterUpdated, this, &NetworkView::clusterUpdated);
    // New findings leave the picture (and its zoom and hover) alone: only the panel changes.
    connect(network, &minato::items::NetworkWorkspace::findingsUpdated, this, [this](const QString& cluster) {
        if (cluster == m_cluster)
            showDetails();
    });
    // The rows fill in as clusters sync: columns follow their content.
    connect(network->matrix(), &QAbstractItemModel::dataChanged, m_matrix, &QTableView::resizeColumnsToContents);
    connect(m_topology, &NetworkTopologyView::selectionChanged, this, &NetworkView::selectionChanged);
    connect(m_topology, &NetworkTopologyView::hovered, m_hover, &QLabel::setText);
    connect(m_pools->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (!current.isValid())
            return;
        Q_EMIT objectRequested(m_cluster, minato::fleet::WatchedKind::CalicoIpPools, QString(),
            current.data(NetworkPoolsModel::PoolNameRole).toString());
        m_details->setText(findingsOf(QStringLiteral("IPPool"), current.data(NetworkPoolsModel::PoolNameRole).toString()));
    });
    // Right click: the changes that apply to what is under the pointer.
    m_topology->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_topology, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QMenu menu;
        fillChangesMenu(&menu, QString());
        menu.exec(m_topology->viewport()->mapToGlobal(at));
    });
    m_pools->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_pools, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_pools->indexAt(at);
        QMenu menu;
        fillChangesMenu(&menu, index.isValid() ? index.data(NetworkPoolsModel::PoolNameRole).toString() : QString());
        menu.exec(m_pools->viewport()->mapToGlobal(at));
    });
    if (m_decorated->rowCount() > 0) {
        m_matrix->resizeColumnsToContents();
        m_matrix->setCurrentIndex(m_decorated->index(0, 0));
    }
    showDetails();
}

void NetworkView::showCluster(const QString& cluster)
{
    m_cluster = cluster;
    const int row = m_network->matrix()->rowOf(cluster);
    if (row >= 0) {
        const QModelIndex index = m_decorated->mapFromSource(m_sorted->mapFromSource(m_network->matrix()->index(row, 0)));
        if (m_matrix->currentIndex().row() != index.row())
            m_matrix->setCurrentIndex(index);
    }
    clusterUpdated(cluster);
}

void NetworkView::clusterUpdated(const QString& cluster)
{
    if (cluster != m_cluster)
        return;
    const NetworkReportCluster* c = m_network->cluster(cluster);
    m_topology->showCluster(c);
    m_poolsModel->setPools(c ? c->topology.pools : QList<TopologyPool>());
    m_pools->resizeColumnsToContents();
    if (!c) {
        m_title->clear();
        return;
    }
    const NetworkMatrixRow row = NetworkMatrixRow::of(*c);
    const NetworkTopology& t = c->topology;
    QString mtu = row.mtu > 0 ? tr("MTU %1").arg(row.mtu) : QString();
    if (t.mtu.configured > 0 && row.mtu > 0)
        mtu += tr(" (%1)").arg(t.mtu.source);
    else if (row.mtu > 0)
        mtu += tr(" (auto: %1 − %2)").arg(t.mtu.hostMtu).arg(t.mtu.overhead);
    m_title->setText(tr("<b>%1</b> · %2 · %3 · %4 · BGP %5 · pod traffic %6")
                         .arg(row.cluster.toHtmlEscaped(), row.cni.toHtmlEscaped(), row.mode.toHtmlEscaped(),
                             mtu.toHtmlEscaped(), row.bgp.toHtmlEscaped(), row.paths.toHtmlEscaped()));
    showDetails();
}

void NetworkView::selectionChanged()
{
    const NetworkTopologyView::Selection s = m_topology->selection();
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    if (c && s.kind == NetworkTopologyView::Selection::Kind::Node)
        Q_EMIT objectRequested(m_cluster, minato::fleet::WatchedKind::Nodes, QString(), c->topology.nodes.at(s.index).name);
    else if (c && s.kind == NetworkTopologyView::Selection::Kind::Router && !c->topology.routers.at(s.index).peers.isEmpty())
        Q_EMIT objectRequested(
            m_cluster, minato::fleet::WatchedKind::CalicoBgpPeers, QString(), c->topology.routers.at(s.index).peers.first());
    showDetails();
}

QString NetworkView::findingsOf(const QString& kind, const QString& name) const
{
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    if (!c)
        return {};
    QString html;
    int shown = 0;
    for (const Finding& f : c->findings) {
        if ((!kind.isEmpty() && f.object.kind != kind) || (!name.isEmpty() && f.object.name != name))
            continue;
        ++shown;
        html += tr("<p><b>%1</b> %2<br><small>%3 · %4 %5</small></p>")
                    .arg(severityName(f.severity).toHtmlEscaped(), f.title.toHtmlEscaped(), f.ruleId.toHtmlEscaped(),
                        f.object.kind.toHtmlEscaped(), f.object.name.toHtmlEscaped());
    }
    const QString subject = name.isEmpty() ? tr("%1").arg(m_cluster) : QStringLiteral("%1 %2").arg(kind, name);
    if (shown == 0)
        return tr("<p>No network findings for %1.</p>").arg(subject.toHtmlEscaped());
    return tr("<p><b>Findings for %1</b></p>").arg(subject.toHtmlEscaped()) + html;
}

void NetworkView::showDetails()
{
    const NetworkTopologyView::Selection s = m_topology->selection();
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    if (!c) {
        m_details->setText(tr("<i>Pick a cluster in the matrix above.</i>"));
        return;
    }
    switch (s.kind) {
    case NetworkTopologyView::Selection::Kind::Node:
        m_details->setText(findingsOf(QStringLiteral("Node"), c->topology.nodes.at(s.index).name)
            + tr("<p><i>Hover another node for the path and MTU between them.</i></p>"));
        return;
    case NetworkTopologyView::Selection::Kind::Router: {
        const ExternalRouter& r = c->topology.routers.at(s.index);
        m_details->setText(tr("<p><b>Router %1</b>, AS %2<br>BGPPeer %3</p>")
                               .arg(r.address.toHtmlEscaped())
                               .arg(r.asNumber)
                               .arg(r.peers.join(QStringLiteral(", ")).toHtmlEscaped()));
        return;
    }
    case NetworkTopologyView::Selection::Kind::Group:
    case NetworkTopologyView::Selection::Kind::None:
        m_details->setText(findingsOf(QString(), QString())
            + tr("<p><i>Select a node, a router or a pool for its object and findings.</i></p>"));
        return;
    }
}

QStringList NetworkView::selectedNodes() const
{
    QStringList names;
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    if (!c)
        return names;
    for (const int n : m_topology->selectedNodeIndexes())
        names << c->topology.nodes.at(n).name;
    return names;
}

QString NetworkView::selectedGroupSelector() const
{
    const NetworkTopologyView::Selection s = m_topology->selection();
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    if (!c || s.kind != NetworkTopologyView::Selection::Kind::Group)
        return {};
    const TopologyGroup& group = m_topology->graph().groups.at(s.index);
    const TopologyNode& first = c->topology.nodes.at(group.nodes.first());
    if (!first.zone.isEmpty() && first.zone == group.key)
        return QStringLiteral("topology.kubernetes.io/zone == '%1'").arg(first.zone);
    if (!first.rack.isEmpty() && first.rack == group.key)
        return QStringLiteral("rack == '%1'").arg(first.rack);
    return {};
}

void NetworkView::fillChangesMenu(QMenu* menu, const QString& pool)
{
    menu->clear();
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    const bool calico = c && c->topology.cni.plugin == CniSummary::Plugin::Calico;
    if (!calico) {
        menu->addAction(tr("Network changes are prepared for Calico clusters"))->setEnabled(false);
        return;
    }
    QString poolName = pool;
    if (poolName.isEmpty() && c->topology.pools.size() == 1)
        poolName = c->topology.pools.first().name;
    if (!poolName.isEmpty()) {
        for (const char* mode : { "CrossSubnet", "Always", "Never" }) {
            const QString m = QString::fromLatin1(mode);
            menu->addAction(tr("IPIP %1 on pool %2").arg(m, poolName), this,
                [this, poolName, m] { requestPoolModes(poolName, m, m == QLatin1String("Never") ? QString() : QStringLiteral("Never")); });
        }
        for (const char* mode : { "CrossSubnet", "Always" }) {
            const QString m = QString::fromLatin1(mode);
            menu->addAction(tr("VXLAN %1 on pool %2").arg(m, poolName), this,
                [this, poolName, m] { requestPoolModes(poolName, QStringLiteral("Never"), m); });
        }
        menu->addSeparator();
    }
    const QStringList nodes = selectedNodes();
    auto* rr = menu->addAction(nodes.isEmpty() ? tr("Route reflectors instead of the mesh… (select nodes first)")
                                               : tr("Make %n node(s) route reflectors, mesh off…", nullptr, int(nodes.size())),
        this, &NetworkView::askRouteReflectors);
    rr->setEnabled(!nodes.isEmpty());
    menu->addAction(tr("Add a ToR router peer…"), this, &NetworkView::askTorPeer);
    menu->addAction(tr("Change the MTU…"), this, &NetworkView::askMtu);
}

void NetworkView::requestPoolModes(const QString& pool, const QString& ipipMode, const QString& vxlanMode)
{
    minato::changes::NetworkChangeRequest request;
    request.kind = minato::changes::NetworkChangeKind::PoolEncapsulation;
    request.cluster = m_cluster;
    request.pool = pool;
    request.ipipMode = ipipMode;
    request.vxlanMode = vxlanMode;
    Q_EMIT changeRequested(request);
}

void NetworkView::requestRouteReflectors(const QStringList& nodes, const QString& clusterId)
{
    minato::changes::NetworkChangeRequest request;
    request.kind = minato::changes::NetworkChangeKind::RouteReflectors;
    request.cluster = m_cluster;
    request.routeReflectorNodes = nodes;
    request.routeReflectorClusterId = clusterId;
    Q_EMIT changeRequested(request);
}

void NetworkView::requestTorPeer(const QString& peerIp, qint64 asNumber, const QString& nodeSelector)
{
    minato::changes::NetworkChangeRequest request;
    request.kind = minato::changes::NetworkChangeKind::TorPeer;
    request.cluster = m_cluster;
    request.peerIp = peerIp;
    request.asNumber = asNumber;
    request.nodeSelector = nodeSelector;
    Q_EMIT changeRequested(request);
}

void NetworkView::requestMtu(int mtu)
{
    minato::changes::NetworkChangeRequest request;
    request.kind = minato::changes::NetworkChangeKind::Mtu;
    request.cluster = m_cluster;
    request.mtu = mtu;
    Q_EMIT changeRequested(request);
}

void NetworkView::askRouteReflectors()
{
    const QStringList nodes = selectedNodes();
    bool ok = false;
    const QString id = QInputDialog::getText(this, tr("Route reflectors"),
        tr("%1 become route reflectors (label route-reflector=true), every node peers with them,\n"
           "and the node-to-node mesh is turned off. Route reflector cluster ID:")
            .arg(nodes.join(QStringLiteral(", "))),
        QLineEdit::Normal, QString::fromLatin1(minato::changes::DefaultRouteReflectorClusterId), &ok);
    if (ok)
        requestRouteReflectors(nodes, id.trimmed());
}

void NetworkView::askTorPeer()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add a ToR router peer"));
    auto* address = new QLineEdit(&dialog);
    address->setPlaceholderText(tr("10.30.1.1 or [fd00::1]:179"));
    auto* as = new QSpinBox(&dialog);
    as->setRange(1, std::numeric_limits<int>::max());
    as->setValue(65001);
    auto* selector = new QLineEdit(selectedGroupSelector(), &dialog);
    selector->setPlaceholderText(tr("every node (all())"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* form = new QFormLayout(&dialog);
    form->addRow(tr("Router address"), address);
    form->addRow(tr("Router AS"), as);
    form->addRow(tr("Nodes that peer (Calico selector)"), selector);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        requestTorPeer(address->text().trimmed(), as->value(), selector->text().trimmed());
}

void NetworkView::askMtu()
{
    const NetworkReportCluster* c = m_network->cluster(m_cluster);
    const int current = c ? c->topology.mtu.effective() : 1450;
    bool ok = false;
    const int mtu = QInputDialog::getInt(this, tr("Pod MTU"),
        tr("The MTU pods get (the host's MTU minus %1 bytes of encapsulation fits):").arg(c ? c->topology.mtu.overhead : 0),
        current, 68, 9000, 1, &ok);
    if (ok)
        requestMtu(mtu);
}
