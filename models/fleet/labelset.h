// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/internedstring.h"

#include <QList>

namespace minato::fleet {

struct Label
{
    InternedString key;
    InternedString value;
};

// An immutable, sorted set of labels, interned by its StringPool: the pods of one ReplicaSet
// carry identical labels, so they share one LabelSet and pay a pointer each.
class LabelSet
{
public:
    LabelSet() = default;

    bool isEmpty() const { return !m_data || m_data->labels.isEmpty(); }
    qsizetype size() const { return m_data ? m_data->labels.size() : 0; }
    const Label* begin() const { return m_data ? m_data->labels.constData() : nullptr; }
    const Label* end() const { return m_data ? m_data->labels.constData() + m_data->labels.size() : nullptr; }

    bool contains(QStringView key) const { return find(key) != nullptr; }
    // The value of `key`, or an empty string (a present-but-empty label also gives "").
    QString value(QStringView key) const;
    // Equality-based selector matching (matchLabels): every selector label present with
    // the same value. An empty selector matches everything, as in Kubernetes.
    bool matches(const LabelSet& selector) const;
    // "app=web,tier=frontend", like labels.FormatLabels; "<none>" never, empty instead.
    QString toString() const;

    friend bool operator==(const LabelSet& a, const LabelSet& b);

private:
    friend class StringPool;
    struct Data : QSharedData
    {
        QList<Label> labels; // sorted by key
    };
    explicit LabelSet(Data* data)
        : m_data(data)
    { }
    const Label* find(QStringView key) const;

    QExplicitlySharedDataPointer<Data> m_data;
};

} // namespace minato::fleet
