// SPDX-License-Identifier: Apache-2.0
#include "sim/calicoselector.h"

#include <QRegularExpression>
#include <QStringList>

namespace minato::sim {

namespace {

    QString unquote(QString s)
    {
        s = s.trimmed();
        if (s.size() >= 2 && (s.startsWith(QLatin1Char('\'')) || s.startsWith(QLatin1Char('"'))))
            s = s.mid(1, s.size() - 2);
        return s;
    }

    bool term(const QString& text, const QMap<QString, QString>& labels)
    {
        const QString t = text.trimmed();
        if (t.isEmpty() || t == QLatin1String("all()"))
            return true;
        static const QRegularExpression has(QStringLiteral("^(!?)\\s*has\\(\\s*([^)\\s]+)\\s*\\)$"));
        static const QRegularExpression compare(QStringLiteral("^([^\\s=!]+)\\s*(==|!=)\\s*(.+)$"));
        static const QRegularExpression in(QStringLiteral("^([^\\s]+)\\s+(not\\s+)?in\\s*\\{(.*)\\}$"));
        if (const auto m = has.match(t); m.hasMatch())
            return labels.contains(m.captured(2)) != !m.captured(1).isEmpty();
        if (const auto m = compare.match(t); m.hasMatch()) {
            const bool equal = labels.value(m.captured(1), QStringLiteral("\x01")) == unquote(m.captured(3));
            return m.captured(2) == QLatin1String("==") ? equal : !equal;
        }
        if (const auto m = in.match(t); m.hasMatch()) {
            bool found = false;
            const QStringList values = m.captured(3).split(QLatin1Char(','));
            for (const QString& v : values)
                found = found || (labels.contains(m.captured(1)) && labels.value(m.captured(1)) == unquote(v));
            return m.captured(2).isEmpty() ? found : !found;
        }
        return false; // unknown syntax selects nothing, as a typo would in Calico
    }

} // namespace

bool CalicoSelector::matches(const QString& selector, const QMap<QString, QString>& labels)
{
    const QStringList alternatives = selector.split(QStringLiteral("||"));
    for (const QString& alternative : alternatives) {
        bool all = true;
        const QStringList terms = alternative.split(QStringLiteral("&&"));
        for (const QString& t : terms)
            all = all && term(t, labels);
        if (all)
            return true;
    }
    return false;
}

} // namespace minato::sim
