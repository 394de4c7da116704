// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace minato::changes {

// The text that stands for a Secret value in every exported file: the key stays visible for
// review, the value never leaves the cluster.
QString secretPlaceholder(const QString& key);

// A Secret with every data and stringData value replaced by secretPlaceholder(key), all under
// stringData (a placeholder is not base64, so it cannot stay under data). Idempotent. Appends
// one warning naming the keys when there were any. Objects that are not Secrets, and Lists of
// them, pass through item by item.
QJsonObject withSecretPlaceholders(const QJsonObject& object, QStringList* warnings = nullptr);

// A patch of an object of this kind, with placeholders for Secret values (a patch carries no
// kind of its own, so the rule above is told).
QJsonObject withSecretPlaceholders(const QString& kind, const QJsonObject& patch);

} // namespace minato::changes
