// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QList>
#include <QMetaType>

namespace minato::fleet {

enum class PvcPhase : quint8
{
    Unknown,
    Pending,
    Bound,
    Lost
};

struct PvcInfo
{
    ObjectMeta meta;
    PvcPhase phase = PvcPhase::Unknown;
    InternedString storageClassName;
    QString volumeName;
    InternedString volumeMode; // Filesystem, Block
    qint64 requestedBytes = 0; // spec.resources.requests.storage
    qint64 capacityBytes = 0; // status.capacity.storage
    QList<InternedString> accessModes; // status.accessModes when bound, else spec.accessModes
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::PvcInfo)
