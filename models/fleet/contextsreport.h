// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/outputformat.h"

#include "fleet/fleet.h"

#include <QJsonObject>

#include <optional>

namespace minato::fleet {

// `minato contexts` output: a kubectl-like table followed by the diagnostics, or the same
// facts as a YAML or JSON document. Secrets never appear: users are listed by name and auth
// kinds only, and URLs lose any password.
class ContextsReport
{
public:
    using Format = OutputFormat;

    static QJsonObject document(const Fleet& fleet, const kube::Kubeconfig& kubeconfig);
    static QString table(const Fleet& fleet);
    static QString json(const Fleet& fleet, const kube::Kubeconfig& kubeconfig);
    static QString yaml(const Fleet& fleet, const kube::Kubeconfig& kubeconfig);
    static QString render(Format format, const Fleet& fleet, const kube::Kubeconfig& kubeconfig);

    // "error file:line context: message"
    static QString diagnosticLine(const kube::Diagnostic& diagnostic);
    // Errors first, then warnings, then info; load order within a severity.
    static QList<kube::Diagnostic> sortedBySeverity(const QList<kube::Diagnostic>& diagnostics);
};

} // namespace minato::fleet
