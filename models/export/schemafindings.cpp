// SPDX-License-Identifier: Apache-2.0
#include "schemafindings.h"

namespace minato::changes {

QString SchemaFindings::keyOf(const ObjectRef& object)
{
    // A separator that cannot occur in any of the parts keeps the order cluster, namespace, kind, name.
    const QChar sep(0x1f);
    return object.cluster + sep + object.namespaceName + sep + object.kind + sep + object.name + sep
        + object.apiVersion;
}

void SchemaFindings::add(const ObjectRef& object, const QList<SchemaFinding>& findings)
{
    if (findings.isEmpty())
        return;
    const QString key = keyOf(object);
    m_objects.insert(key, object);
    m_findings[key] += findings;
}

void SchemaFindings::addNote(const QString& cluster, const QString& note)
{
    if (!m_notes.value(cluster).contains(note))
        m_notes[cluster].append(note);
}

QList<SchemaFinding> SchemaFindings::forObject(const ObjectRef& object) const
{
    return m_findings.value(keyOf(object));
}

QList<ObjectRef> SchemaFindings::objects() const
{
    return m_objects.values();
}

QStringList SchemaFindings::notes(const QString& cluster) const
{
    return m_notes.value(cluster);
}

QStringList SchemaFindings::clustersWithNotes() const
{
    return m_notes.keys();
}

bool SchemaFindings::isEmpty() const
{
    return m_findings.isEmpty() && m_notes.isEmpty();
}

int SchemaFindings::count() const
{
    int total = 0;
    for (const auto& list : m_findings)
        total += int(list.size());
    return total;
}

} // namespace minato::changes
