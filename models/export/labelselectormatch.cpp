// SPDX-License-Identifier: Apache-2.0
#include "labelselectormatch.h"

#include <QJsonArray>

namespace minato::changes {

namespace {

    bool matchesExpression(const QJsonObject& expression, const QJsonObject& labels)
    {
        const QString key = expression.value(QLatin1String("key")).toString();
        const QString op = expression.value(QLatin1String("operator")).toString();
        const bool has = labels.contains(key);
        bool listed = false;
        for (const QJsonValue& value : expression.value(QLatin1String("values")).toArray())
            listed = listed || (has && labels.value(key).toString() == value.toString());
        if (op == QLatin1String("In"))
            return listed;
        if (op == QLatin1String("NotIn"))
            return !listed;
        if (op == QLatin1String("Exists"))
            return has;
        if (op == QLatin1String("DoesNotExist"))
            return !has;
        return false; // an unknown operator is invalid: the API server would reject the selector
    }

} // namespace

bool matchesLabelSelector(const QJsonValue& selector, const QJsonObject& labels)
{
    if (!selector.isObject())
        return false;
    const QJsonObject object = selector.toObject();
    const QJsonObject matchLabels = object.value(QLatin1String("matchLabels")).toObject();
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it) {
        if (!labels.contains(it.key()) || labels.value(it.key()).toString() != it->toString())
            return false;
    }
    for (const QJsonValue& expression : object.value(QLatin1String("matchExpressions")).toArray()) {
        if (!matchesExpression(expression.toObject(), labels))
            return false;
    }
    return true;
}

} // namespace minato::changes
