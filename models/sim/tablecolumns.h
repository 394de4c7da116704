// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "resourcecatalog.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace minato::sim {

// The server-side printing columns of each served kind, as the apiserver's printers
// (pkg/printers/internalversion) define them, and the cells of one object. Custom resources
// without printer columns get Name and Age, like the apiextensions table convertor.
class TableColumns
{
public:
    // columnDefinitions[] of a meta.k8s.io/v1 Table.
    static QJsonArray definitions(const ResourceInfo& info);
    // cells[] of one row; ages are relative to now.
    static QJsonArray cells(const ResourceInfo& info, const QJsonObject& object, const QDateTime& now);
    // k8s.io/apimachinery duration.HumanDuration: "45s", "3m20s", "5h", "12d", "2y40d".
    static QString humanDuration(qint64 seconds);
};

} // namespace minato::sim
