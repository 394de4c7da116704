// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QJsonValue>

namespace minato::changes {

// Does a metav1.LabelSelector (matchLabels and matchExpressions: In, NotIn, Exists,
// DoesNotExist) select an object with these labels? A null or absent selector selects nothing;
// an empty one ({}) selects everything, as LabelSelectorAsSelector has it. Callers with other
// rules (policy/v1beta1 PDBs select nothing with {}) check emptiness first.
bool matchesLabelSelector(const QJsonValue& selector, const QJsonObject& labels);

} // namespace minato::changes
