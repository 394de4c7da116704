// SPDX-License-Identifier: Apache-2.0
#include "analysis/ruleinput.h"

#include "fleet/objectmeta.h"

namespace minato::analysis {

Finding& RuleInput::add(Severity severity, const QString& ruleId, const QString& kind, const fleet::ObjectMeta& meta,
    const QString& title, qint64 sinceSecs)
{
    Finding& finding = add(severity, ruleId, kind, meta.namespaceName.toString(), meta.name, title, sinceSecs);
    finding.object.uid = meta.uid;
    return finding;
}

Finding& RuleInput::add(Severity severity, const QString& ruleId, const QString& kind, const QString& nameSpace,
    const QString& name, const QString& title, qint64 sinceSecs)
{
    Finding finding;
    finding.severity = severity;
    finding.ruleId = ruleId;
    finding.object.cluster = cluster.name;
    finding.object.kind = kind;
    finding.object.nameSpace = nameSpace;
    finding.object.name = name;
    finding.team = cluster.team;
    finding.environment = cluster.environment;
    finding.title = title;
    // A timestamp from a clock ahead of ours must not make a finding older than "now" look new.
    finding.firstSeen = sinceSecs > 0 && sinceSecs <= nowSecs ? QDateTime::fromSecsSinceEpoch(sinceSecs, Qt::UTC) : now;
    finding.lastSeen = now;
    out.append(std::move(finding));
    return out.last();
}

QString evidenceTime(qint64 secs)
{
    if (secs <= 0)
        return {};
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate);
}

QString shortDuration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return QString::number(seconds) + QLatin1Char('s');
    if (seconds < 3600)
        return QString::number(seconds / 60) + QLatin1Char('m');
    if (seconds < 86400) {
        const qint64 minutes = (seconds % 3600) / 60;
        return QString::number(seconds / 3600) + QLatin1Char('h')
            + (minutes ? QString::number(minutes) + QLatin1Char('m') : QString());
    }
    return QString::number(seconds / 86400) + QLatin1Char('d');
}

QString evidenceMessage(const QString& message)
{
    QString line = message.simplified();
    if (line.size() > MaxEvidenceMessage) {
        line.truncate(MaxEvidenceMessage - 1);
        line += QChar(0x2026);
    }
    return line;
}

} // namespace minato::analysis
