// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "export/drainplan.h"
#include "export/operationshpa.h"
#include "util/expected.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

#include <optional>

namespace minato::changes {

enum class OperationKind
{
    Scale,
    Cordon,
    Uncordon,
    Drain,
    Restart,
    Label,
    Annotate,
    HpaTune,
    Delete,
};

// One operation with its parameters, as a view or the command line asks for it; the same
// request applies to every selected object.
struct OperationRequest
{
    OperationKind kind = OperationKind::Label;
    int replicas = -1; // Scale
    QStringList edits; // Label, Annotate: "key=value", "key-"
    HpaTuning hpa; // HpaTune
    QDateTime restartedAt; // Restart; the planner uses the current time when invalid
};

// The Change.operation words: "scale", "cordon", …, "hpa-tune", "delete".
QString operationName(OperationKind kind);
// Also accepts "hpa" for HpaTune, as `minato plan hpa` names it.
std::optional<OperationKind> operationKindFromName(QStringView name);

// What the planner fetched besides the object itself.
struct OperationContext
{
    QString uid; // metadata.uid of the fetched object (Delete)
    QList<QJsonObject> related; // possible dependents (Delete)
    DrainInputs drain; // Drain
};

// Runs the pure operation the request names on a clean manifest.
Expected<Change> applyOperation(const OperationRequest& request, const QString& cluster, const QJsonObject& before,
    const OperationContext& context = {});

} // namespace minato::changes

Q_DECLARE_METATYPE(minato::changes::OperationRequest)
