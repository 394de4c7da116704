// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QMetaType>

namespace minato::fleet {

enum class NamespacePhase : quint8
{
    Unknown,
    Active,
    Terminating
};

struct NamespaceInfo
{
    ObjectMeta meta; // labels kept: team/tenant grouping, pod-security labels
    NamespacePhase phase = NamespacePhase::Unknown;
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::NamespaceInfo)
