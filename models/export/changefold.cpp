// SPDX-License-Identifier: Apache-2.0
#include "export/changefold.h"

#include "export/jsonmergepatch.h"
#include "export/mergepatchdiff.h"
#include "export/operations.h"

namespace minato::changes {

Change foldChange(const Change& existing, const Change& next)
{
    Change folded = existing;
    if (!existing.operation.split(QLatin1Char(',')).contains(next.operation))
        folded.operation = existing.operation + QLatin1Char(',') + next.operation;
    folded.summary = existing.summary + QStringLiteral("; ") + next.summary;
    if (existing.isCreation() && (next.patchType != PatchType::None || next.isCreation())) {
        // Still a new object: its manifest absorbs the change, and there is nothing to patch.
        folded.after = applyMergePatch(existing.after, next.isCreation() ? next.after : next.patch);
    } else if (next.patchType != PatchType::None) {
        folded.after = applyMergePatch(existing.after.isEmpty() ? existing.before : existing.after, next.patch);
        folded.patch = createMergePatch(existing.before, folded.after);
        folded.patchType = next.patchType;
    } else if (next.isCreation() && !existing.before.isEmpty()) {
        // The object exists after all (an earlier change fetched it): the new manifest goes on top.
        folded.after = applyMergePatch(existing.after.isEmpty() ? existing.before : existing.after, next.after);
        folded.patch = createMergePatch(existing.before, folded.after);
        folded.patchType = patchTypeFor(existing.target.apiVersion);
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
