// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonValue>
#include <QList>

#include "util/expected.h"

namespace minato {

// Converts YAML documents to JSON values with the YAML 1.2 core schema: plain scalars become
// numbers, booleans or null when they read as such, quoted scalars stay strings.
class YamlJson
{
public:
    static Expected<QList<QJsonValue>> documents(const QByteArray& yaml, const QString& fileName);
};

} // namespace minato::sim
