// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>

namespace minato::changes {

// RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else
// (arrays included) replaces. The operations' patches carry no list that strategic merge
// would merge by key (HPA metrics are atomic lists), so this also gives the result of their
// strategic-merge patches.
QJsonObject applyMergePatch(const QJsonObject& target, const QJsonObject& patch);

} // namespace minato::changes
