// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>

namespace minato::changes {

// kubectl cordon: {"spec":{"unschedulable":true}}, the two-way strategic merge patch kubectl's
// CordonHelper computes.
Expected<Change> cordonChange(const QString& cluster, const QJsonObject& node);
// kubectl uncordon: {"spec":{"unschedulable":null}}. Unschedulable is omitempty in the Go type,
// so setting it false removes the field and the patch deletes it.
Expected<Change> uncordonChange(const QString& cluster, const QJsonObject& node);

} // namespace minato::changes
