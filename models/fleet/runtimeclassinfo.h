// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QMetaType>

namespace minato::fleet {

// node.k8s.io/v1 RuntimeClass (fields at the top level, no spec).
struct RuntimeClassInfo
{
    ObjectMeta meta;
    QString handler; // runc, runsc, kata-qemu, nvidia …
    qint64 overheadCpuMilli = 0; // overhead.podFixed
    qint64 overheadMemoryBytes = 0;
    LabelSet nodeSelector; // scheduling.nodeSelector
    qint32 tolerationCount = 0; // scheduling.tolerations
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::RuntimeClassInfo)
