// SPDX-License-Identifier: Apache-2.0
#pragma once

// An ObjectSink that remembers what the world wrote: every call in order, and the current
// state per resource, so tests can count kinds and inspect objects without a server.

#include "sim/objectsink.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

class RecordingSink : public minato::sim::ObjectSink
{
public:
    struct Call
    {
        bool put = true;
        QString resource;
        QString nameSpace;
        QString name;
        QJsonObject object;
    };

    void put(const QString& resource, QJsonObject object) override
    {
        const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        const QString nameSpace = metadata.value(QLatin1String("namespace")).toString();
        const QString name = metadata.value(QLatin1String("name")).toString();
        m_calls.append({ true, resource, nameSpace, name, object });
        m_objects[resource].insert(key(nameSpace, name), object);
    }
    void remove(const QString& resource, const QString& nameSpace, const QString& name) override
    {
        m_calls.append({ false, resource, nameSpace, name, {} });
        m_objects[resource].remove(key(nameSpace, name));
    }

    const QList<Call>& calls() const { return m_calls; }
    void clearCalls() { m_calls.clear(); }
    int count(const QString& resource) const { return int(m_objects.value(resource).size()); }
    QList<QJsonObject> objects(const QString& resource) const { return m_objects.value(resource).values(); }
    QJsonObject object(const QString& resource, const QString& nameSpace, const QString& name) const
    {
        return m_objects.value(resource).value(key(nameSpace, name));
    }
    bool contains(const QString& resource, const QString& nameSpace, const QString& name) const
    {
        return m_objects.value(resource).contains(key(nameSpace, name));
    }
    int puts(const QString& resource) const
    {
        int n = 0;
        for (const Call& c : m_calls)
            n += c.put && c.resource == resource;
        return n;
    }
    int removes(const QString& resource) const
    {
        int n = 0;
        for (const Call& c : m_calls)
            n += !c.put && c.resource == resource;
        return n;
    }
    QStringList resources() const { return m_objects.keys(); }

private:
    static QString key(const QString& nameSpace, const QString& name) { return nameSpace + QLatin1Char('/') + name; }

    QList<Call> m_calls;
    QMap<QString, QMap<QString, QJsonObject>> m_objects;
};
