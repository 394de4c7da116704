// SPDX-License-Identifier: Apache-2.0
#include "export/changefold.h"

#include "export/jsonmergepatch.h"
#include "export/mergepatchdiff.h"

namespace minato::changes {

Change foldChange(const Change& existing, const Change& next)
{
    Change folded = existing;
    if (!existing.operation.split(QLatin1Char(',')).contains(next.operation))
        folded.operation = existing.operation + QLatin1Char(',') + next.operation;
    folded.summary = existing.summary + QStringLiteral("; ") + next.summary;
    if (next.patchType != PatchType::None) {
        folded.after = applyMergePatch(existing.after.isEmpty() ? existing.before : existing.after, next.patch);
        folded.patch = createMergePatch(existing.before, folded.after);
        folded.patchType = next.patchType;
    } else {
        folded.after = next.after; // a delete plan: nothing remains to show after it
    }
    if (!next.plan.isEmpty())
        folded.plan = next.plan;
    for (const QString& warning : next.warnings) {
        if (!folded.warnings.contains(warning))
            folded.warnings.append(warning);
    }
    return folded;
}

} // namespace minato::changes
