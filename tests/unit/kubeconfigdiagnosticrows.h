// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigtypes.h"

#include <QMetaType>

Q_DECLARE_METATYPE(minato::kube::Severity)

// Rows for TestKubeconfigLoader::diagnostics: columns yaml (QByteArray), code, severity, line,
// context. One row per diagnostic code the loader can emit.
void addInlineDiagnosticRows();
// Rows for TestKubeconfigLoader::messyDiagnostics: columns code, file (relative to the messy
// set), anchor (text on the expected line), context.
void addMessyDiagnosticRows();
