// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1String>

// QJsonObject has value semantics: editing a nested object means copy out, change, put back.
// These helpers keep the clean-manifest rules readable as one line per rule.
namespace minato::changes::json {

// Runs edit on parent[key] when it is an object and stores the result back; an object left
// empty by the edit is removed, since an empty map in a manifest says nothing.
template <typename Edit> void editObject(QJsonObject& parent, QLatin1String key, Edit&& edit)
{
    const auto it = parent.find(key);
    if (it == parent.end() || !it->isObject())
        return;
    QJsonObject child = it->toObject();
    edit(child);
    if (child.isEmpty())
        parent.remove(key);
    else
        parent.insert(key, child);
}

// Runs edit on every object item of parent[key].
template <typename Edit> void editEach(QJsonObject& parent, QLatin1String key, Edit&& edit)
{
    const auto it = parent.find(key);
    if (it == parent.end() || !it->isArray())
        return;
    QJsonArray items = it->toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items.at(i).isObject())
            continue;
        QJsonObject item = items.at(i).toObject();
        edit(item);
        items.replace(i, item);
    }
    parent.insert(key, items);
}

inline void removeIfEquals(QJsonObject& object, QLatin1String key, const QJsonValue& value)
{
    const auto it = object.find(key);
    if (it != object.end() && *it == value)
        object.erase(it);
}

inline void removeIfEmpty(QJsonObject& object, QLatin1String key)
{
    const auto it = object.find(key);
    if (it == object.end())
        return;
    if ((it->isObject() && it->toObject().isEmpty()) || (it->isArray() && it->toArray().isEmpty()) || it->isNull())
        object.erase(it);
}

} // namespace minato::changes::json
