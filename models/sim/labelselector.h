// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storedobject.h"

#include "util/expected.h"

namespace minato::sim {

// A parsed labelSelector query parameter: equality-based (=, ==, !=) and set-based
// (in, notin, key, !key) requirements, plus the rarely used numeric gt/lt.
class LabelSelector
{
public:
    static Expected<LabelSelector> parse(const QByteArray& text);

    bool isEmpty() const { return m_requirements.isEmpty(); }
    bool matches(const FieldValues& labels) const;

private:
    enum class Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
        GreaterThan,
        LessThan
    };
    struct Requirement
    {
        QByteArray key;
        Operator op = Operator::Exists;
        QList<QByteArray> values;
    };
    QList<Requirement> m_requirements;
};

} // namespace minato::sim
