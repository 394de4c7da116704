// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigfile.h"

namespace minato::kube {

// Reads one kubeconfig file into entries and diagnostics. Never throws: yaml-cpp exceptions are
// caught here and each list entry is parsed on its own, so a broken entry costs only itself.
class KubeconfigParser
{
public:
    explicit KubeconfigParser(KubeconfigLoadOptions options = {});

    // Reads `path` from disk; a missing or unreadable file becomes a file-level diagnostic.
    KubeconfigFile parseFile(const QString& path) const;
    // Parses `yaml` as if it had been read from `path` (relative paths resolve against its folder).
    KubeconfigFile parse(const QByteArray& yaml, const QString& path) const;

private:
    KubeconfigLoadOptions m_options;
};

} // namespace minato::kube
