// SPDX-License-Identifier: Apache-2.0
#include "labelset.h"

#include <algorithm>

namespace minato::fleet {

const Label* LabelSet::find(QStringView key) const
{
    if (!m_data)
        return nullptr;
    const auto& labels = m_data->labels;
    const auto it = std::lower_bound(labels.cbegin(), labels.cend(), key,
        [](const Label& label, QStringView k) { return QStringView(label.key.toString()) < k; });
    return (it != labels.cend() && it->key == key) ? &*it : nullptr;
}

QString LabelSet::value(QStringView key) const
{
    const Label* label = find(key);
    return label ? label->value.toString() : QString();
}

bool LabelSet::matches(const LabelSet& selector) const
{
    for (const Label& wanted : selector) {
        const Label* have = find(wanted.key.view());
        if (!have || !(have->value == wanted.value))
            return false;
    }
    return true;
}

QString LabelSet::toString() const
{
    QString text;
    for (const Label& label : *this) {
        if (!text.isEmpty())
            text += QLatin1Char(',');
        text += label.key.toString() + QLatin1Char('=') + label.value.toString();
    }
    return text;
}

bool operator==(const LabelSet& a, const LabelSet& b)
{
    if (a.m_data == b.m_data)
        return true;
    if (a.size() != b.size())
        return false;
    return std::equal(a.begin(), a.end(), b.begin(),
        [](const Label& x, const Label& y) { return x.key == y.key && x.value == y.value; });
}

} // namespace minato::fleet
