// SPDX-License-Identifier: Apache-2.0
#include "export/mergepatchdiff.h"

namespace minato::changes {

QJsonObject createMergePatch(const QJsonObject& before, const QJsonObject& after)
{
    QJsonObject patch;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            patch.insert(it.key(), QJsonValue::Null);
    }
    for (auto it = after.begin(); it != after.end(); ++it) {
        const QJsonValue old = before.value(it.key());
        if (old == *it)
            continue;
        if (old.isObject() && it->isObject())
            patch.insert(it.key(), createMergePatch(old.toObject(), it->toObject()));
        else
            patch.insert(it.key(), *it);
    }
    return patch;
}

} // namespace minato::changes
