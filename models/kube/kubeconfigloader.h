// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigfile.h"
#include "kube/kubeconfigsources.h"

namespace minato::kube {

// Loads kubeconfig files and merges them exactly as kubectl/client-go does: per name, the
// first file that defines a cluster, user or context wins as a whole; current-context comes
// from the first file that sets one; relative paths resolve against the defining file.
// Nothing throws and nothing is fatal: every problem becomes a Diagnostic, attached to the
// contexts it makes unusable.
class KubeconfigLoader
{
public:
    explicit KubeconfigLoader(KubeconfigLoadOptions options = {});

    // Parses and merges `files` in precedence order.
    Kubeconfig load(const QStringList& files) const;
    // The same for resolved sources; their diagnostics come first.
    Kubeconfig load(const KubeconfigSourceList& sources) const;
    // The merge step alone, over files already parsed.
    static Kubeconfig merge(const QList<KubeconfigFile>& files);

private:
    KubeconfigLoadOptions m_options;
};

} // namespace minato::kube
