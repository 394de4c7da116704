// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMap>
#include <QString>

namespace minato::sim {

// The subset of Calico's selector language scenarios use for pools and peers:
// all(), has(k), !has(k), k == 'v', k != 'v', k in {'a', 'b'}, joined by && and ||.
class CalicoSelector
{
public:
    static bool matches(const QString& selector, const QMap<QString, QString>& labels);
};

} // namespace minato::sim
