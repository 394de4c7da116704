// SPDX-License-Identifier: Apache-2.0
#include "statusdecorationproxy.h"

#include "analysis/finding.h"
#include "fleet/sessionstatus.h"

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace {

QIcon dot(const QColor& color)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(3, 3, 10, 10));
    return QIcon(pixmap);
}

QColor stateColor(minato::fleet::SessionState state)
{
    using minato::fleet::SessionState;
    switch (state) {
    case SessionState::Live:
        return QColor(0x2e, 0xa0, 0x43);
    case SessionState::Connecting:
    case SessionState::Syncing:
        return QColor(0x3b, 0x82, 0xf6);
    case SessionState::Degraded:
        return QColor(0xe3, 0xa0, 0x08);
    case SessionState::Unreachable:
    case SessionState::AuthFailed:
    case SessionState::Misconfigured:
        return QColor(0xdc, 0x26, 0x26);
    case SessionState::Idle:
        break;
    }
    return QColor(0x9c, 0xa3, 0xaf);
}

QColor severityColor(minato::analysis::Severity severity)
{
    using minato::analysis::Severity;
    switch (severity) {
    case Severity::Critical:
        return QColor(0xdc, 0x26, 0x26);
    case Severity::Warning:
        return QColor(0xe3, 0xa0, 0x08);
    case Severity::Info:
        break;
    }
    return QColor(0x3b, 0x82, 0xf6);
}

} // namespace

StatusDecorationProxy::StatusDecorationProxy(QObject* parent)
    : QIdentityProxyModel(parent)
{
}

void StatusDecorationProxy::setStateColumn(int column, int stateRole)
{
    m_stateColumn = column;
    m_stateRole = stateRole;
}

void StatusDecorationProxy::setSeverityColumn(int column, int severityRole)
{
    m_severityColumn = column;
    m_severityRole = severityRole;
}

void StatusDecorationProxy::setHealthRole(int role, int column)
{
    m_healthRole = role;
    m_healthColumn = column;
}

QVariant StatusDecorationProxy::data(const QModelIndex& index, int role) const
{
    if (role == Qt::DecorationRole && index.column() == m_stateColumn && m_stateRole >= 0) {
        static QHash<int, QIcon> icons;
        const int state = QIdentityProxyModel::data(index, m_stateRole).toInt();
        auto it = icons.find(state);
        if (it == icons.end())
            it = icons.insert(state, dot(stateColor(minato::fleet::SessionState(state))));
        return *it;
    }
    if (role == Qt::DecorationRole && index.column() == m_severityColumn && m_severityRole >= 0) {
        static QHash<int, QIcon> icons;
        const int severity = QIdentityProxyModel::data(index, m_severityRole).toInt();
        auto it = icons.find(severity);
        if (it == icons.end())
            it = icons.insert(severity, dot(severityColor(minato::analysis::Severity(severity))));
        return *it;
    }
    if (role == Qt::ForegroundRole && m_healthRole >= 0 && (m_healthColumn < 0 || index.column() == m_healthColumn)) {
        const int health = QIdentityProxyModel::data(index, m_healthRole).toInt();
        if (health == 2)
            return QColor(0xdc, 0x26, 0x26);
        if (health == 1)
            return QColor(0xd9, 0x77, 0x06);
    }
    return QIdentityProxyModel::data(index, role);
}
