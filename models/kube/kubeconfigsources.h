// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigtypes.h"

#include <QProcessEnvironment>

namespace minato::kube {

// A file or folder named outside the kubectl rules (Minato's fleet.yaml `sources:`).
struct ExtraKubeconfigSource
{
    QString path; // absolute
    SourceLocation declaredAt; // where it was named, for diagnostics
};

// The kubeconfig files to load, in precedence order, and what was noticed choosing them.
struct KubeconfigSourceList
{
    QStringList files;
    QList<Diagnostic> diagnostics;
};

// kubectl's choice of kubeconfig files (client-go ClientConfigLoadingRules), plus Minato's extra
// sources appended after them. Environment and working folder are parameters, never read
// from the process, so tests are hermetic.
class KubeconfigSources
{
public:
    // Explicit files (repeatable --kubeconfig) if any, else KUBECONFIG split on ':', else
    // $HOME/.kube/config; then the extra files and folders. Duplicates are dropped.
    static KubeconfigSourceList resolve(const QStringList& explicitFiles, const QProcessEnvironment& environment,
        const QString& workingDirectory, const QList<ExtraKubeconfigSource>& extras = {});
};

} // namespace minato::kube
