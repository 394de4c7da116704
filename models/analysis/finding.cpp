// SPDX-License-Identifier: Apache-2.0
#include "analysis/finding.h"

#include <utility>

namespace minato::analysis {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("info");
}

Severity severityFromName(QStringView name, bool* ok)
{
    if (ok)
        *ok = true;
    for (const Severity severity : { Severity::Info, Severity::Warning, Severity::Critical }) {
        if (name.compare(severityName(severity), Qt::CaseInsensitive) == 0)
            return severity;
    }
    if (ok)
        *ok = false;
    return Severity::Info;
}

QString Finding::key() const
{
    // U+001F cannot appear in Kubernetes names, so the parts never run into each other.
    static const QChar Sep(0x1f);
    return ruleId + Sep + object.cluster + Sep + object.kind + Sep + object.nameSpace + Sep + object.name + Sep
        + qualifier;
}

int Finding::compareKey(const Finding& other) const
{
    for (const auto& [a, b] :
        { std::pair<const QString&, const QString&>(ruleId, other.ruleId), { object.cluster, other.object.cluster },
            { object.kind, other.object.kind }, { object.nameSpace, other.object.nameSpace },
            { object.name, other.object.name }, { qualifier, other.qualifier } }) {
        if (const int order = a.compare(b); order != 0)
            return order;
    }
    return 0;
}

QString Finding::evidenceText() const
{
    QString text;
    for (const Evidence& item : evidence) {
        if (!text.isEmpty())
            text += QStringLiteral(", ");
        text += item.field + QLatin1Char('=') + item.value;
    }
    return text;
}

QString Finding::evidenceValue(QStringView field) const
{
    for (const Evidence& item : evidence) {
        if (item.field == field)
            return item.value;
    }
    return {};
}

} // namespace minato::analysis
