// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace minato::changes {

// One way a manifest disagrees with its cluster's OpenAPI schema.
struct SchemaFinding
{
    QString path; // JSON path from the object's root: "spec.replicas", "spec.template.spec.containers[0].image"
    QString message; // "unknown field", "expected integer, got string", "required field missing"

    friend bool operator==(const SchemaFinding&, const SchemaFinding&) = default;
};

// The validation results of a change set: findings per object, and per-cluster notes for what
// could not be checked (no schema, unknown kind). Ordered by object so that the README that
// lists them is byte-stable.
class SchemaFindings
{
public:
    void add(const ObjectRef& object, const QList<SchemaFinding>& findings);
    void addNote(const QString& cluster, const QString& note);

    QList<SchemaFinding> forObject(const ObjectRef& object) const;
    QList<ObjectRef> objects() const; // those with findings, sorted by cluster, namespace, kind, name
    QStringList notes(const QString& cluster) const;
    QStringList clustersWithNotes() const;
    bool isEmpty() const;
    int count() const; // findings over all objects

private:
    static QString keyOf(const ObjectRef& object);

    QMap<QString, ObjectRef> m_objects;
    QMap<QString, QList<SchemaFinding>> m_findings;
    QMap<QString, QStringList> m_notes;
};

} // namespace minato::changes
