// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"

#include <QJsonObject>

namespace minato::changes {

// A change set holds one change per object, so every exported file has one author: a second
// operation on an object already in the set folds into its change: `after` is the earlier
// `after` with the newer patch applied, and the patch is computed afresh from `before` to it
// (merge patches do not compose in general: "remove the labels, then set one" needs the
// removed keys, which only `before` knows). The newer plan wins; summaries and warnings add up.
// A change that creates its object stays a creation: later patches go into its manifest.
Change foldChange(const Change& existing, const Change& next);

} // namespace minato::changes
