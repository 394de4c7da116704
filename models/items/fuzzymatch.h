// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace minato::items {

// The command palette's match: every character of `pattern` appears in `text` in order,
// case-insensitively. Higher is better; -1 means no match. Consecutive characters, word
// starts and a prefix score more, so "dp" ranks "Deployments" above "daemon pods".
int fuzzyScore(QStringView pattern, QStringView text);

} // namespace minato::items
