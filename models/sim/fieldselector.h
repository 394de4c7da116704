// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storedobject.h"

#include "util/expected.h"

#include <QStringList>

namespace minato::sim {

// A parsed fieldSelector query parameter: a conjunction of =, == and != terms over
// metadata.name, metadata.namespace and the kind's own selectable fields.
class FieldSelector
{
public:
    // supported: the kind's selectable fields; anything else is a 400 like a real apiserver's.
    static Expected<FieldSelector> parse(const QByteArray& text, const QStringList& supported);

    bool isEmpty() const { return m_terms.isEmpty(); }
    bool matches(const StoredObject& object) const;
    // The single namespace or name the selector pins, if any, so a list can skip the scan.
    QByteArray requiredValue(const QByteArray& field) const;

private:
    struct Term
    {
        QByteArray field;
        QByteArray value;
        bool negated = false;
    };
    QList<Term> m_terms;
};

} // namespace minato::sim
