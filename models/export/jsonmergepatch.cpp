// SPDX-License-Identifier: Apache-2.0
#include "jsonmergepatch.h"

namespace minato::changes {

QJsonObject applyMergePatch(const QJsonObject& target, const QJsonObject& patch)
{
    QJsonObject result = target;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isNull()) {
            result.remove(it.key());
        } else if (it->isObject()) {
            const QJsonValue current = result.value(it.key());
            // RFC 7386: a patch object merged into a non-object starts from an empty object.
            result.insert(
                it.key(), applyMergePatch(current.isObject() ? current.toObject() : QJsonObject {}, it->toObject()));
        } else {
            result.insert(it.key(), *it);
        }
    }
    return result;
}

} // namespace minato::changes
