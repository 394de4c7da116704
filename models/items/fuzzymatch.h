// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace minato::items {

// The command palette's match: every character of `pattern` appears in `text` in order,
// case-insensitively. Higher is better; -1 means no match. A word of `text` equal to the
// pattern (a k9s alias: "dp", "deploy") scores most, then one starting with it; then
// consecutive characters, word starts and a prefix, so "dp" ranks "Deployments" above
// "daemon pods".
int fuzzyScore(QStringView pattern, QStringView text);

} // namespace minato::items
